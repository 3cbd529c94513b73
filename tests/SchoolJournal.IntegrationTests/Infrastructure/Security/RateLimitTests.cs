using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>ASP.NET Core's rate limiter on sign-in, the API and the calendar feeds, per client and per account (R-SEC-8).</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly ClientsApp _app = new();

    public RateLimitTests() => _app.Settings["RateLimits:Enabled"] = "true";

    public void Dispose() => _app.Dispose();

    private sealed record Problem(string Title, string? Detail, int Status);

    private Task SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        await b.UserAsync("volkova", "Волкова Ольга Петровна", [Roles.Teacher]);
        return 0;
    });

    private static async Task AssertRussian429Async(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<Problem>())!;
        Assert.Equal(("Слишком много запросов", 429), (problem.Title, problem.Status));
        Assert.StartsWith("С этого устройства или этой учётной записи пришло слишком много запросов", problem.Detail);
        Assert.True(int.Parse(response.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
    }

    [Fact]
    public async Task Sign_in_is_limited_per_client_and_another_client_still_signs_in()
    {
        _app.Settings["RateLimits:SignInPerClient"] = "3";
        await SeedAsync();
        var busy = _app.ClientFrom("203.0.113.20");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            answers.Add((await busy.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password })).StatusCode);

        var fourth = await busy.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        var other = await _app.ClientFrom("10.0.0.21")
            .PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        await AssertRussian429Async(fourth);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_login_page_over_its_limit_answers_with_a_russian_page()
    {
        _app.Settings["RateLimits:SignInPerClient"] = "1";
        await SeedAsync();
        var client = _app.ClientFrom("203.0.113.22");
        var token = await Forms.TokenAsync(client, "/Account/Login");
        var fields = new Dictionary<string, string>
        {
            ["Input.Login"] = "smirnova", ["Input.Password"] = "x", ["__RequestVerificationToken"] = token,
        };
        await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));

        var second = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("text/html", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Слишком много запросов", (await Html.ParseAsync(second)).TextOf("h1"));
    }

    [Fact]
    public async Task The_api_is_limited_per_account_so_one_account_does_not_starve_another()
    {
        _app.Settings["RateLimits:ApiPerAccount"] = "4";
        await SeedAsync();
        var smirnova = await _app.ApiClientAsync("smirnova");
        var volkova = await _app.ApiClientAsync("volkova");
        smirnova.DefaultRequestHeaders.Add(ClientsApp.ClientHeader, "10.0.0.30");
        volkova.DefaultRequestHeaders.Add(ClientsApp.ClientHeader, "10.0.0.30");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) answers.Add((await smirnova.GetAsync("/api/v1/me")).StatusCode);

        var fifth = await smirnova.GetAsync("/api/v1/me");
        var fromTheSameOffice = await volkova.GetAsync("/api/v1/me");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        await AssertRussian429Async(fifth);
        Assert.Equal(HttpStatusCode.OK, fromTheSameOffice.StatusCode);
    }

    [Fact]
    public async Task The_api_is_limited_per_client()
    {
        _app.Settings["RateLimits:ApiPerClient"] = "2";
        await SeedAsync();
        var client = _app.ClientFrom("203.0.113.31");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++) answers.Add((await client.GetAsync("/api/v1/me")).StatusCode);
        var third = await client.GetAsync("/api/v1/me");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        await AssertRussian429Async(third);
    }

    [Fact]
    public async Task A_calendar_feed_is_limited_per_client()
    {
        _app.Settings["RateLimits:FeedsPerClient"] = "2";
        await SeedAsync();
        var phone = _app.ClientFrom("10.0.0.41");

        var first = await phone.GetAsync("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics");
        var second = await phone.GetAsync("/ical/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.ics");
        var third = await phone.GetAsync("/ical/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC.ics");
        var otherPhone = await _app.ClientFrom("10.0.0.42").GetAsync("/ical/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC.ics");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        await AssertRussian429Async(third);
        Assert.Equal(HttpStatusCode.NotFound, otherPhone.StatusCode);
    }

    [Fact]
    public async Task A_calendar_feed_is_limited_per_feed()
    {
        _app.Settings["RateLimits:FeedsPerFeed"] = "2";
        await SeedAsync();
        var phone = _app.ClientFrom("10.0.0.40");
        const string feed = "/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics";
        const string another = "/ical/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.ics";

        var first = await phone.GetAsync(feed);
        var second = await phone.GetAsync(feed);
        var thirdOfTheFeed = await phone.GetAsync(feed);
        var otherFeed = await phone.GetAsync(another);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        await AssertRussian429Async(thirdOfTheFeed);
        Assert.Equal(HttpStatusCode.NotFound, otherFeed.StatusCode);
    }
}
