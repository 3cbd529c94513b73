using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// A JSON request body read as the framework's own parameter binding reads it, for the handlers of a generic route helper
/// (<c>CatalogueApi.MapList</c>): a handler whose parameters name a type parameter cannot be generated at build time and
/// was compiled from expression trees in every host at its first request (a quarter of a test host's CPU). The failures
/// are the framework's, so <see cref="BadRequestMiddleware"/> answers them in Russian as it answers a bound parameter's:
/// malformed JSON names the field and the position, a missing body says so. A wrong content type never gets here: the
/// route's <c>Accepts</c> metadata has routing answer 415.
/// </summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        T? value = null;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
            try
            {
                value = await http.Request.ReadFromJsonAsync<T>(options.SerializerOptions, ct);
            }
            catch (JsonException e)
            {
                throw new BadHttpRequestException($"Failed to read parameter \"{typeof(T).Name} input\" from the request body as JSON.", e);
            }
            catch (IOException e)
            {
                throw new BadHttpRequestException("Reading the request body failed.", e);
            }
        }
        return value ?? throw new BadHttpRequestException(
            $"Implicit body inferred for parameter \"{typeof(T).Name} input\" but no body was provided.");
    }
}
