using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>«Просроченные записи» /Journal/Overdue: the teacher's own overdue list, the same as GET /api/v1/me/overdue.</summary>
public sealed class OverduePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Teacher_sees_the_same_list_as_the_api_with_links_to_his_lessons()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var page = await client.GetPageAsync("/Journal/Overdue");
        var api = await (await _app.ApiClientAsync("smirnova")).GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");

        // The math lesson of Friday 20th has its topic but no homework; its deadline (1.5 h after the day's last lesson) has passed by Monday.
        Assert.Equal("домашнее задание", page.One($"table.overdue a[href='/Journal/Lesson/{s.MathLesson.Id}']").Closest("tr")!.Cell("Что").Read());
        // Козлов's lesson without a topic is his, not hers.
        Assert.Empty(page.QuerySelectorAll($"a[href='/Journal/Lesson/{s.RussianLesson.Id}']"));
        Assert.Equal($"Записей: {api.GetArrayLength()}", page.TextOf(".total"));
        Assert.Equal(api.GetArrayLength(), page.QuerySelectorAll("table.overdue tbody tr").Length);
        Assert.Equal("Просроченные записи", page.TextOf("header a[href='/Journal/Overdue']"));
    }

    [Fact]
    public async Task Class_teacher_who_does_not_teach_is_refused_and_has_no_link()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var response = await client.GetAsync("/Journal/Overdue");
        var journals = await client.GetPageAsync("/Journal");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(journals.QuerySelectorAll("a[href='/Journal/Overdue']"));
    }
}
