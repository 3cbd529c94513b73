using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Scalar.AspNetCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Infrastructure;

public static class WebSetup
{
    public static WebApplicationBuilder AddLogging(this WebApplicationBuilder builder)
    {
        // Structured console logs, one JSON object a line; personal data never goes into a message template.
        builder.Logging.ClearProviders();
        if (builder.Configuration.GetValue("Logging:Json", false))
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        else
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        return builder;
    }

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginCode");
            o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
        })
        // The server validates every form; without a client validation library the data-val-* attributes did nothing, and an
        // empty validation summary carried <li style="display:none">, which CSP (style-src 'self') refused on every form.
        .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddScoped<SchoolCalendar>();
        services.Configure<ReadLaneOptions>(builder.Configuration.GetSection("Performance:ReadLane"));
        services.AddSingleton<ReadLane>();
        // Cyrillic, «», № as is in the HTML, not as &#x...; entities (markup characters are still encoded).
        services.AddWebEncoders(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRussianProblems();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "SchoolJournal API";
            doc.Info.Description = "Электронный журнал и дневник: программный интерфейс для внешних систем и клиентов дневника.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        return builder;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        var ru = new CultureInfo("ru-RU");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(ru),
            SupportedCultures = [ru],
            SupportedUICultures = [ru],
        });
        app.UseSecurityHeaders();
        app.UseErrorPages();
        app.UseMiddleware<BadRequestMiddleware>();
        app.UseStaticFiles();
        app.UseMiddleware<ReadLaneMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<BearerStampMiddleware>();
        app.UseRateLimits();
        app.UseMiddleware<ForcePasswordChangeMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions()).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("SchoolJournal API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}

public sealed class DatabaseHealthCheck(JournalDbContext db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("База данных отвечает")
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("База данных недоступна");
}

/// <summary>
/// An account issued with an initial password may do nothing before it sets its own (R-SEC-3); an account the school requires a
/// second factor of may do nothing before it has set one up (R-SEC-8).
/// </summary>
public sealed class ForcePasswordChangeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.User.HasClaim(JournalClaims.MustChangePassword, "1"))
        {
            if (!Allowed(ctx.Request.Path, "/Account/ChangePassword"))
            {
                await RefuseAsync(ctx, "/Account/ChangePassword", "Требуется смена пароля",
                    "Это первый вход: задайте собственный пароль на странице «Смена пароля», затем повторите запрос.");
                return;
            }
        }
        else if (ctx.User.HasClaim(JournalClaims.MustSetUpTwoFactor, "1") && !Allowed(ctx.Request.Path, "/Account/TwoFactor"))
        {
            await RefuseAsync(ctx, "/Account/TwoFactor", "Требуется вход с кодом подтверждения",
                "Школа требует от директора и администратора входа с кодом из приложения-аутентификатора: подключите его на странице "
                + "«Вход с кодом подтверждения», затем повторите запрос.");
            return;
        }
        await next(ctx);
    }

    private static bool Allowed(PathString path, string page) =>
        path.StartsWithSegments(page) || path.StartsWithSegments("/Account/Logout")
        || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/lib")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/api/v1/me") || path.StartsWithSegments("/api/v1/auth");

    private static async Task RefuseAsync(HttpContext ctx, string page, string title, string detail)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(ctx);
            return;
        }
        ctx.Response.Redirect(page + "?returnUrl=" + Uri.EscapeDataString(ctx.Request.Path + ctx.Request.QueryString));
    }
}
