using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Calls the catalogue's pages and API the way a browser and a client do.</summary>
public static class CatalogueHttp
{
    /// <summary>Posts a form of <paramref name="page"/> to its <paramref name="handler"/> with the page's antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string handler, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, page, fields, $"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The problem's title and detail, as the user reads them.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return $"{json.GetProperty("title").GetString()} {json.GetProperty("detail").GetString()}";
    }
}
