using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>A lesson's topic and homework: PUT /api/v1/lessons/{id}.</summary>
public sealed class LessonTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Teacher_writes_topic_and_homework_and_each_change_is_audited()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{s.MathLesson.Id}";

        var written = await client.PutAsJsonAsync(url, new { topic = "Вычитание дробей", homework = "§ 12, № 340–342" });
        var cleared = await client.PutAsJsonAsync(url, new { homework = "" });

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var lesson = await written.JsonAsync();
        Assert.Equal("Вычитание дробей", lesson.GetProperty("topic").GetString());
        Assert.Equal("§ 12, № 340–342", lesson.GetProperty("homework").GetString());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal("Вычитание дробей", (await cleared.JsonAsync()).GetProperty("topic").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Homework.IgnoreQueryFilters().CountAsync()));
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.LessonChanged, AuditEventType.HomeworkSet, AuditEventType.HomeworkCleared], events.Select(e => e.Type));
        Assert.Equal("Сложение дробей", JournalHttp.Parse(events[0].Before).GetProperty("topic").GetString());
        Assert.Equal("§ 12, № 340–342", JournalHttp.Parse(events[2].Before).GetProperty("homework").GetString());
    }

    [Fact]
    public async Task A_topic_longer_than_500_characters_is_refused_and_nothing_changes()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { topic = new string('а', 501), homework = "№ 1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Тема урока — не больше 500 символов.", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("Сложение дробей",
            await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().Where(l => l.Id == s.MathLesson.Id).Select(l => l.Topic).SingleAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.Homework.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }
}
