namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>The year set-up's curricula routes and services.</summary>
public static class CurriculaApi
{
    public static IServiceCollection AddCurricula(this IServiceCollection services) => services;

    public static WebApplication MapCurriculaApi(this WebApplication app) => app;
}
