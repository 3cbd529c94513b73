namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>The year set-up's catalogue routes and services.</summary>
public static class CatalogueApi
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services) => services;

    public static WebApplication MapCatalogueApi(this WebApplication app) => app;
}
