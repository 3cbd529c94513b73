namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>The year set-up's groups routes and services.</summary>
public static class GroupsApi
{
    public static IServiceCollection AddGroups(this IServiceCollection services) => services;

    public static WebApplication MapGroupsApi(this WebApplication app) => app;
}
