using AngleSharp.Dom;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>Posts a Razor Page form the way a browser does: GET the page, take its antiforgery token, POST.</summary>
public static class Forms
{
    private const string TokenField = "__RequestVerificationToken";

    /// <summary>
    /// Posts <paramref name="fields"/> with the antiforgery token of <paramref name="url"/> to <paramref name="postTo"/>
    /// (a handler of the page, or another page), or to the page itself.
    /// </summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string? postTo = null) =>
        PostPairsAsync(client, url, fields, postTo);

    /// <summary>As <see cref="PostAsync"/>, where a name may repeat (checkboxes).</summary>
    public static async Task<HttpResponseMessage> PostPairsAsync(HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields,
        string? postTo = null)
    {
        var token = await TokenAsync(client, url);
        return await client.PostAsync(postTo ?? url, new FormUrlEncodedContent([.. fields.Where(f => f.Key != TokenField), new(TokenField, token)]));
    }

    public static async Task<string> TokenAsync(HttpClient client, string url) => Token(await client.GetPageAsync(url), url);

    /// <summary>The page's antiforgery token (every form of a page carries the same one).</summary>
    public static string Token(IParentNode page, string url = "") =>
        page.QuerySelector($"input[name={TokenField}]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"На странице {url} нет антиподделочного токена.");
}
