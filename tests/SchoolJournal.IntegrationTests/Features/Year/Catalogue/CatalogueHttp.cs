using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Calls the catalogue's pages and API the way a browser and a client do.</summary>
public static partial class CatalogueHttp
{
    /// <summary>Posts a form of <paramref name="page"/> to its <paramref name="handler"/> with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = TokenRegex().Match(html).Groups[1].Value;
        var separator = page.Contains('?') ? '&' : '?';
        return await client.PostAsync($"{page}{separator}handler={handler}", new FormUrlEncodedContent(fields));
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The problem's title and detail, as the user reads them.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return $"{json.GetProperty("title").GetString()} {json.GetProperty("detail").GetString()}";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
