namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>The year set-up's changes routes and services.</summary>
public static class ChangesApi
{
    public static IServiceCollection AddChanges(this IServiceCollection services) => services;

    public static WebApplication MapChangesApi(this WebApplication app) => app;
}
