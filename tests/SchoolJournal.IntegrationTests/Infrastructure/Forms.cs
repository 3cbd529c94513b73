using System.Text.RegularExpressions;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>Posts a Razor Page form the way a browser does: GET the page, take its antiforgery token, POST.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = TokenRegex().Match(page);
        if (!token.Success) throw new InvalidOperationException($"На странице {url} нет антиподделочного токена.");
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
