using System.Text.Json;

namespace SchoolJournal.Web.Infrastructure.Security;

/// <summary>
/// Control characters (NUL and the rest of C0 but tab, line feed and carriage return) are refused at the edge, before any
/// handler runs (R-SEC-8): in the path, the query, a form's fields and file names, and every string and property name of
/// a JSON body. One check for every route, so a route added later is covered too. A NUL once saved broke three Excel
/// exports; nothing of the kind reaches the database any more.
/// </summary>
public sealed class ControlCharacterGuard(RequestDelegate next)
{
    public const string Title = "Недопустимые символы";
    public const string Detail = "Запрос содержит управляющие символы (например, NUL), которые не могут храниться в журнале. "
        + "Удалите их из текста и повторите попытку; ничего не сохранено.";

    public static bool IsForbidden(char c) => c < ' ' && c is not ('\t' or '\n' or '\r');

    public static bool HasForbidden(string? text) => text is not null && text.Any(IsForbidden);

    public async Task InvokeAsync(HttpContext context)
    {
        if (await HasControlCharactersAsync(context.Request))
        {
            await RefuseAsync(context);
            return;
        }
        await next(context);
    }

    private static async Task<bool> HasControlCharactersAsync(HttpRequest request)
    {
        if (HasForbidden(request.Path.Value)) return true;
        foreach (var (key, values) in request.Query)
            if (HasForbidden(key) || values.Any(HasForbidden)) return true;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return false;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync();
            }
            catch (InvalidDataException)
            {
                return true; // a form that cannot be read (a NUL the form reader itself refuses) is never processed
            }
            return form.Any(f => HasForbidden(f.Key) || f.Value.Any(HasForbidden))
                || form.Files.Any(f => HasForbidden(f.FileName) || HasForbidden(f.Name));
        }
        // A request without a body (a DELETE from a client that sets the JSON type on every call) has nothing to check: parsing
        // its empty body threw and caught a JsonException on every such request (issue 16).
        if (request.HasJsonContentType() && !HasNoBody(request))
        {
            request.EnableBuffering();
            try
            {
                using var json = await JsonDocument.ParseAsync(request.Body);
                return HasForbidden(json.RootElement);
            }
            catch (JsonException)
            {
                return false; // malformed JSON gets its own Russian message from the endpoint
            }
            finally
            {
                request.Body.Position = 0;
            }
        }
        return false;
    }

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength == 0
        || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    private static bool HasForbidden(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => HasForbidden(element.GetString()),
        JsonValueKind.Array => element.EnumerateArray().Any(HasForbidden),
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasForbidden(p.Name) || HasForbidden(p.Value)),
        _ => false,
    };

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var browser = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        if (context.Request.Path.StartsWithSegments("/api") || !browser)
        {
            await Results.Problem(title: Title, detail: Detail, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }
        await ErrorPage.WriteAsync(context, Title, Detail);
    }
}

/// <summary>A plain Russian page for refusals made before any page runs (bad characters, too many requests).</summary>
public static class ErrorPage
{
    public static async Task WriteAsync(HttpContext context, string title, string detail)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{encoder.Encode(title)} — Электронный журнал</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container"><h1>{encoder.Encode(title)}</h1><p>{encoder.Encode(detail)}</p>
            <p><a href="/">На главную</a></p></main></body></html>
            """);
    }
}
