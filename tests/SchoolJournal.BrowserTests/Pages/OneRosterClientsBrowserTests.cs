using Xunit.Abstractions;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// «Внешние системы» on a desk and a phone: a client registered through the form, its secret shown once, nothing wider than the screen.
/// </summary>
[Collection(PagesCollection.Name)]
public sealed class OneRosterClientsBrowserTests(DemoSchool school, ITestOutputHelper output)
{
    [Fact]
    public async Task The_administrator_registers_a_system_and_sees_its_secret_once_on_a_desk_and_a_phone()
    {
        var desk = await school.LogInAsync("admin", 1366, 900);
        await desk.GotoAsync("/Admin/OneRoster/Clients");
        await desk.FillAsync("input[name=Name]", "Электронные курсы школы");
        await desk.CheckAsync("input[value$='roster-core.readonly']");
        await desk.CheckAsync("input[value$='gradebook-core.readonly']");
        await desk.ClickAsync("form.oneroster-form button[type=submit]");
        var secret = await desk.Locator(".oneroster-secret").TextContentAsync();
        var clientId = await desk.Locator(".oneroster-client-id").TextContentAsync();
        Assert.Equal(43, secret!.Length);
        await ReadTheDemoSchoolAsync(clientId!, secret);
        await desk.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("oneroster/clients-desk.png"), FullPage = true });

        var phone = await school.LogInAsync("admin", 360, 740);
        await phone.GotoAsync("/Admin/OneRoster/Clients");
        Assert.DoesNotContain(secret, await phone.ContentAsync());
        Assert.Equal(360, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await phone.ScreenshotAsync(new() { Path = DemoSchool.ScreenshotPath("oneroster/clients-phone.png"), FullPage = true });
    }

    /// <summary>The demo school (720 students, 956 parents) through the REST binding with the new client: how long a token and a page take.</summary>
    private async Task ReadTheDemoSchoolAsync(string clientId, string secret)
    {
        using var http = new HttpClient { BaseAddress = new Uri(school.BaseUrl) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/ims/oneroster/v1p2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        tokenRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        var token = await http.SendAsync(tokenRequest);
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        var accessToken = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement
            .GetProperty("access_token").GetString();
        output.WriteLine($"token: {clock.ElapsedMilliseconds} ms");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        foreach (var url in new[] { "/ims/oneroster/rostering/v1p2/users?limit=1000", "/ims/oneroster/rostering/v1p2/users?limit=1000",
                     "/ims/oneroster/gradebook/v1p2/results?limit=1000" })
        {
            clock.Restart();
            var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            output.WriteLine($"{url}: {clock.ElapsedMilliseconds} ms, X-Total-Count {response.Headers.GetValues("X-Total-Count").Single()}, "
                + $"{body.Length / 1024} KB");
        }
    }
}
