using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SchoolJournal.Web.Infrastructure.Security;

/// <summary>
/// Hardening (R-SEC-8): the sign-in gate, ASP.NET Core's rate limiter on sign-in, the API and the calendar feeds (per client
/// and per account or feed; limits a minute in <c>RateLimits:*</c>), answered with a Russian 429, and the security headers.
/// </summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddSingleton<FailedSignIns>();
        builder.Services.AddScoped<SignInGate>();
        if (!config.GetValue("RateLimits:Enabled", true)) return builder;
        var limits = new Limits(
            SignInPerClient: config.GetValue("RateLimits:SignInPerClient", 30),
            ApiPerClient: config.GetValue("RateLimits:ApiPerClient", 3000),
            ApiPerAccount: config.GetValue("RateLimits:ApiPerAccount", 600),
            FeedsPerClient: config.GetValue("RateLimits:FeedsPerClient", 120),
            FeedsPerFeed: config.GetValue("RateLimits:FeedsPerFeed", 20));
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => PerClient(http, limits)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => PerAccount(http, limits)));
            o.OnRejected = RefuseAsync;
        });
        return builder;
    }

    private sealed record Limits(int SignInPerClient, int ApiPerClient, int ApiPerAccount, int FeedsPerClient, int FeedsPerFeed);

    // The OneRoster token endpoint takes a client's secret: counted as a sign-in.
    private static bool IsSignIn(HttpRequest r) => HttpMethods.IsPost(r.Method)
        && (r.Path.StartsWithSegments("/api/v1/auth") || r.Path.StartsWithSegments("/Account/Login")
            || IsOneRosterToken(r));

    private static bool IsOneRosterToken(HttpRequest r) =>
        r.Path.StartsWithSegments("/ims/oneroster") && r.Path.Value!.EndsWith("/token", StringComparison.Ordinal);

    private static RateLimitPartition<string> PerClient(HttpContext http, Limits limits)
    {
        var r = http.Request;
        var client = SignInGate.ClientKey(http);
        if (IsSignIn(r)) return Minute("signin:" + client, limits.SignInPerClient);
        if (r.Path.StartsWithSegments("/ical")) return Minute("feeds:" + client, limits.FeedsPerClient);
        if (r.Path.StartsWithSegments("/api") || r.Path.StartsWithSegments("/ims")) return Minute("api:" + client, limits.ApiPerClient);
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> PerAccount(HttpContext http, Limits limits)
    {
        var r = http.Request;
        if (r.Path.StartsWithSegments("/ical")) return Minute("feed:" + r.Path.Value, limits.FeedsPerFeed);
        var account = http.User.Identity?.IsAuthenticated == true
            ? http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value
            : null;
        if (account is not null && r.Path.StartsWithSegments("/api")) return Minute("account:" + account, limits.ApiPerAccount);
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> Minute(string key, int limit) => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
        new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, limit), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        const string title = "Слишком много запросов";
        var detail = $"С этого устройства или этой учётной записи пришло слишком много запросов за минуту. Повторите через {seconds} с.";
        if (http.Request.Path.StartsWithSegments("/Account"))
            await ErrorPage.WriteAsync(http, title, detail);
        else if (http.Request.Path.StartsWithSegments("/ims/oneroster") && !IsOneRosterToken(http.Request))
            await ImsStatus.TooMany.ToResult().ExecuteAsync(http);
        else
            await Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    }

    /// <summary>Headers and the control-character check first; the limiter after authentication (it counts per account).</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseMiddleware<ControlCharacterGuard>();
        return app;
    }

    public static WebApplication UseRateLimits(this WebApplication app)
    {
        if (app.Configuration.GetValue("RateLimits:Enabled", true)) app.UseRateLimiter();
        return app;
    }
}
