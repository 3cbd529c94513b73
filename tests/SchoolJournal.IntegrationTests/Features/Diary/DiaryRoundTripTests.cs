using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>The diary's week is one or two database round trips, however full the week (issue 5, Performance).</summary>
public sealed class DiaryRoundTripTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<DiaryWeekSchool> FullWeekAsync() => await _app.SeedAsync(async b =>
    {
        var s = await DiaryWeekSchool.BuildAsync(b);
        // Six lessons a day, each with a topic, homework, a mark and an absence of Орлов's.
        for (var day = 0; day < 6; day++)
            for (var number = 1; number <= 6; number++)
            {
                var lesson = await b.LessonAsync(number % 2 == 0 ? s.J.Math : s.J.Russian, DiaryWeekSchool.Monday.AddDays(7 + day), number,
                    number % 2 == 0 ? s.J.Teacher : s.J.OtherTeacher, $"Тема {day}.{number}");
                await b.LessonHomeworkAsync(lesson, $"Задание {day}.{number}");
                await b.MarkAsync(lesson, s.J.Orlov, "4");
                await b.AttendanceAsync(lesson, s.J.Orlov, SchoolJournal.Web.Domain.AttendanceCode.Late);
            }
        return s;
    });

    [Fact]
    public async Task The_diary_api_of_a_full_week_takes_two_round_trips()
    {
        var s = await FullWeekAsync();
        var student = await _app.ApiClientAsync("orlov");
        var url = $"/api/v1/students/{s.J.Orlov.Id}/diary?from=2026-11-30&to=2026-12-06";
        await student.GetAsync(url); // warm-up: model, JIT, compiled queries

        using var counter = new CommandCounter(_app.DatabaseName);
        var response = await student.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var days = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("days");
        Assert.Equal(6, days.GetArrayLength());
        Assert.All(days.EnumerateArray(), d => Assert.Equal(6, d.GetProperty("lessons").GetArrayLength()));
        // Plus the session's security stamp, read on every signed-in request so that a lock or a password change ends it at once (R-SEC-5).
        Assert.Single(counter.Commands, c => c.Contains("\"SecurityStamp\"", StringComparison.Ordinal));
        Assert.True(counter.Count <= 3, $"{counter.Count} round trips:\n{string.Join("\n---\n", counter.Commands)}");
    }

    [Fact]
    public async Task The_week_page_takes_the_school_header_and_two_round_trips()
    {
        var s = await FullWeekAsync();
        var student = await _app.PageClientAsync("orlov");
        const string url = "/Diary?date=2026-12-02";
        await student.GetAsync(url);

        using var counter = new CommandCounter(_app.DatabaseName);
        var html = await student.GetStringAsync(url);

        Assert.Equal(36, Html.Parse(html).QuerySelectorAll("span.mark").Count(m => m.Read() == "4"));
        // One for the layout's school and year (SchoolCalendar, shared with the page), two for the week.
        // Plus the session's security stamp, read on every signed-in request so that a lock or a password change ends it at once (R-SEC-5).
        Assert.Single(counter.Commands, c => c.Contains("\"SecurityStamp\"", StringComparison.Ordinal));
        Assert.True(counter.Count <= 4, $"{counter.Count} round trips:\n{string.Join("\n---\n", counter.Commands)}");
    }

    /// <summary>
    /// The read after a write, when the week is no longer in the read cache (issue 16): the same round trips as before the cache —
    /// the week's two and the security stamp; the access sets and the person links stay cached, a topic changes no access.
    /// </summary>
    [Fact]
    public async Task The_diary_api_read_right_after_a_write_to_its_week_still_takes_two_round_trips()
    {
        var s = await FullWeekAsync();
        var student = await _app.ApiClientAsync("orlov");
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/students/{s.J.Orlov.Id}/diary?from=2026-11-30&to=2026-12-06";
        var before = await student.GetFromJsonAsync<JsonElement>(url);
        var math = before.GetProperty("days")[0].GetProperty("lessons")[1];
        Assert.Equal("Математика", math.GetProperty("subject").GetString());
        var lessonId = math.GetProperty("lessonId").GetInt32();
        var put = await teacher.PutAsJsonAsync($"/api/v1/lessons/{lessonId}", new { topic = "Новая тема", homework = "Задание 0.2" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var counter = new CommandCounter(_app.DatabaseName);
        var after = await student.GetFromJsonAsync<JsonElement>(url);

        Assert.Equal("Новая тема", after.GetProperty("days")[0].GetProperty("lessons")[1].GetProperty("topic").GetString());
        Assert.Single(counter.Commands, c => c.Contains("\"SecurityStamp\"", StringComparison.Ordinal));
        Assert.True(counter.Count <= 3, $"{counter.Count} round trips:\n{string.Join("\n---\n", counter.Commands)}");
    }
}
