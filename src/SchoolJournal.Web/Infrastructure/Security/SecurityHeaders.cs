namespace SchoolJournal.Web.Infrastructure.Security;

/// <summary>
/// Security headers on every response (R-SEC-8): a Content-Security-Policy without inline script (the pages' scripts are
/// files under wwwroot/js), no framing, no MIME sniffing, no full address in the Referer (the calendar feeds carry a
/// secret in theirs). The API reference (/api/docs) is a third-party page with inline script: it alone gets a policy
/// that allows it, still without framing.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
        + "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; font-src 'self' data: https:; "
        + "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocsPolicy : Policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        return next(context);
    }
}
