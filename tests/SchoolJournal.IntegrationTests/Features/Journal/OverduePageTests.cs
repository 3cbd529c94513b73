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

        var html = await client.GetStringAsync("/Journal/Overdue");
        var api = await (await _app.ApiClientAsync("smirnova")).GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");

        // The math lesson of Friday 20th has its topic but no homework; its deadline (1.5 h after the day's last lesson) has passed by Monday.
        Assert.Contains($"href=\"/Journal/Lesson/{s.MathLesson.Id}\"", html);
        Assert.Contains("домашнее задание", html);
        // Козлов's lesson without a topic is his, not hers.
        Assert.DoesNotContain($"/Journal/Lesson/{s.RussianLesson.Id}\"", html);
        Assert.Contains($"Записей: {api.GetArrayLength()}", html);
        Assert.Contains("href=\"/Journal/Overdue\"", html);
    }

    [Fact]
    public async Task Class_teacher_who_does_not_teach_is_refused_and_has_no_link()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var response = await client.GetAsync("/Journal/Overdue");
        var journals = await client.GetStringAsync("/Journal");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("href=\"/Journal/Overdue\"", journals);
    }
}
