namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>The year set-up's plans routes and services.</summary>
public static class PlansApi
{
    public static IServiceCollection AddPlans(this IServiceCollection services) => services;

    public static WebApplication MapPlansApi(this WebApplication app) => app;
}
