using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features.Pages;

/// <summary>
/// Refusals and failures on pages answer a Russian page in the site's layout (what happened, what to do, a way back);
/// only the API answers problem details, and no stack trace reaches a browser.
/// </summary>
public sealed class ErrorPagesTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // The class teacher who teaches no lesson has no overdue list.
        { "kozlova", "/Journal/Overdue", 403, "Нет доступа" },
        // Козлов teaches Russian, not the maths group.
        { "kozlov", "/Journal/Group/{math}", 403, "Нет доступа" },
        { "orlova", "/?student={belov}", 404, "Страница не найдена" },
        { "smirnova", "/Nowhere/At/All", 404, "Страница не найдена" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_page_answers_a_russian_page_in_the_layout_not_json(string login, string url, int status, string title)
    {
        var s = await _app.SeedAsync(async b =>
        {
            var j = await JournalSchool.BuildAsync(b);
            await b.ParentAsync("Орлова", "Мария", "orlova", j.Orlov);
            return j;
        });
        var client = await _app.PageClientAsync(login);

        var response = await client.GetAsync(url.Replace("{math}", s.Math.Id.ToString())
            .Replace("{belov}", s.Belov.Id.ToString()));
        var page = await Html.ParseAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, page.TextOf("main h1"));
        Assert.NotEmpty(page.TextOf(".error-page .what"));
        Assert.NotEmpty(page.TextOf(".error-page .todo"));
        Assert.Equal("На главную", page.One(".error-page .way-back a[href='/']").Read());
        Assert.NotNull(page.QuerySelector("nav.main a[href='/']")); // the site's menu, the user still signed in
    }

    [Fact]
    public async Task The_api_still_answers_refusals_with_problem_details()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var api = await _app.ApiClientAsync("kozlova");

        var response = await api.GetAsync("/api/v1/me/overdue");
        var missing = await api.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failure_shows_a_code_to_quote_and_no_stack_trace()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");
        var api = await _app.ApiClientAsync("smirnova");
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Database
                .ExecuteSqlRawAsync("ALTER TABLE \"Lessons\" RENAME TO \"LessonsGone\"");

        var response = await client.GetAsync("/Journal/Overdue");
        var body = await response.Content.ReadAsStringAsync();
        var apiResponse = await api.GetAsync("/api/v1/me/overdue");
        var apiBody = await apiResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = Html.Parse(body);
        Assert.Equal("Что-то пошло не так", page.TextOf("main h1"));
        Assert.NotEmpty(page.TextOf(".error-page code"));
        foreach (var leak in new[] { "Exception", "SchoolJournal.Web", "Lessons", " at " })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
            Assert.DoesNotContain(leak, apiBody, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.InternalServerError, apiResponse.StatusCode);
        Assert.Equal("application/problem+json", apiResponse.Content.Headers.ContentType?.MediaType);
    }
}
