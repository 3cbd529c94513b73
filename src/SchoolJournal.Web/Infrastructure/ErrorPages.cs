namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// Refusals and failures as people see them: an HTML route answers with a Russian page in the site's layout
/// (Features/Error.cshtml), a machine route (/api, the hub, the feeds, health) with problem details.
/// </summary>
public static class ErrorPages
{
    /// <summary>Development shows the framework's exception page only when this setting asks for it.</summary>
    public const string DetailedSetting = "Errors:Detailed";

    private static readonly string[] MachinePrefixes = ["/api", "/openapi", "/hubs", "/health", "/ical"];

    public static bool IsMachineRoute(PathString path) => MachinePrefixes.Any(p => path.StartsWithSegments(p));

    public static WebApplication UseErrorPages(this WebApplication app)
    {
        var detailed = app.Environment.IsDevelopment() && app.Configuration.GetValue(DetailedSetting, false);
        app.UseWhen(c => IsMachineRoute(c.Request.Path), api =>
        {
            if (!detailed) api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsMachineRoute(c.Request.Path), pages =>
        {
            if (!detailed) pages.UseExceptionHandler("/Error");
            pages.UseStatusCodePagesWithReExecute("/Error/{0}");
        });
        return app;
    }
}
