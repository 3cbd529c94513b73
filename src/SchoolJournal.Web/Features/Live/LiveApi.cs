using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Live;

// Live diary updates over SignalR (R-DIARY-2): the hub, the push of outbox events, the Redis backplane
// (Infrastructure/ScaleOutSetup.cs adds it when ConnectionStrings:Redis is set).
public static class LiveSetup
{
    public const string HubPath = "/hubs/diary";

    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddScoped<IDiaryLive, DiaryLive>();

        // Browsers cannot put a header on a WebSocket: the SignalR client sends the bearer token as ?access_token=.
        // It is read on the hub's paths only, so a token never counts in a URL anywhere else.
        services.PostConfigure<PolicySchemeOptions>(AuthSetup.Smart, o =>
        {
            var inner = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = ctx => HubToken(ctx.Request) is not null ? IdentityConstants.BearerScheme : inner?.Invoke(ctx);
        });
        services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            var inner = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = ctx =>
            {
                if (HubToken(ctx.Request) is { } token) ctx.Token = token;
                return inner(ctx);
            };
        });
        // The hub answers like the API: 401/403, never a redirect to the login page.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var (login, denied) = (o.Events.OnRedirectToLogin, o.Events.OnRedirectToAccessDenied);
            o.Events.OnRedirectToLogin = ctx => OnHub(ctx.Request) ? Status(ctx.Response, StatusCodes.Status401Unauthorized) : login(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => OnHub(ctx.Request) ? Status(ctx.Response, StatusCodes.Status403Forbidden) : denied(ctx);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<DiaryHub>(HubPath).RequireAuthorization();
        return app;
    }

    private static bool OnHub(HttpRequest request) => request.Path.StartsWithSegments("/hubs");

    private static string? HubToken(HttpRequest request) =>
        OnHub(request)
            && request.Headers.Authorization.Count == 0 && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
