namespace SchoolJournal.Web.Features.Extracts;

// Paper extracts of the diary as PDF, and their log (R-DIARY-5).
public static class ExtractsSetup
{
    public static IServiceCollection AddExtracts(this IServiceCollection services) => services;

    public static WebApplication MapExtractsApi(this WebApplication app) => app;
}
