using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>Security headers on every response and pages without inline script (R-SEC-8).</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task SeedAdminAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
        return 0;
    });

    private static void AssertHardened(HttpResponseMessage response, string what)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : $"(нет {name} у {what})";
        var csp = Header("Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());
        Assert.Equal(["'self'"], directives["script-src"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("same-origin", Header("Referrer-Policy"));
    }

    [Fact]
    public async Task Pages_the_api_static_files_errors_and_the_feeds_all_carry_the_security_headers()
    {
        await SeedAdminAsync();
        var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var browser = await _app.PageClientAsync("admin");
        var api = await _app.ApiClientAsync("admin");

        AssertHardened(await anonymous.GetAsync("/Account/Login"), "страницы входа");
        AssertHardened(await browser.GetAsync("/"), "главной страницы");
        AssertHardened(await api.GetAsync("/api/v1/me"), "ответа API");
        AssertHardened(await anonymous.GetAsync("/api/v1/me"), "отказа API");
        AssertHardened(await anonymous.GetAsync("/css/site.css"), "статического файла");
        AssertHardened(await anonymous.GetAsync("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"), "ленты календаря");
        AssertHardened(await browser.GetAsync("/no-such-page"), "страницы 404");
        AssertHardened(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login = "x", password = "y" }), "неудачного входа");
    }

    [Fact]
    public async Task Over_plain_http_no_hsts_is_sent_and_the_session_cookie_is_http_only()
    {
        await SeedAdminAsync();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("http://journal.example.ru"),
        });
        var response = await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = "admin", ["Input.Password"] = JournalApp.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sj.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_secure_and_hsts_is_sent()
    {
        await SeedAdminAsync();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://journal.example.ru"),
        });
        var response = await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = "admin", ["Input.Password"] = JournalApp.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sj.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public void No_page_has_an_inline_script_or_an_inline_event_handler()
    {
        var root = FindRoot();
        var parser = new HtmlParser();
        var found = new List<string>();
        var pages = Path.Combine(root, "src", "SchoolJournal.Web", "Features");
        foreach (var file in Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories))
        {
            var doc = parser.ParseDocument(File.ReadAllText(file));
            var name = Path.GetRelativePath(root, file);
            found.AddRange(doc.QuerySelectorAll("script:not([src])").Select(_ => $"{name}: <script> без src"));
            found.AddRange(doc.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                .Select(a => $"{name}: атрибут {a.Name}"));
            found.AddRange(doc.QuerySelectorAll("[href^='javascript:' i]").Select(_ => $"{name}: ссылка javascript:"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Нет SchoolJournal.slnx выше {AppContext.BaseDirectory}");
    }
}
