namespace SchoolJournal.Web.Features.Parents;

// The consent register (R-SEC-4), parents' contacts, acknowledgments and the class teacher's diary-activity report (R-DIARY-4), the leaflet (R-DIARY-7).
public static class ParentsSetup
{
    public static IServiceCollection AddParents(this IServiceCollection services) => services.AddScoped<Acknowledgments>();

    public static WebApplication MapParentsApi(this WebApplication app) => app;
}
