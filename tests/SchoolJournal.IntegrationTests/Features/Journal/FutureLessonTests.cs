using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>
/// Marks and attendance for a lesson whose day has not come are refused (the school's rule: during the lesson or the same
/// school day); topics and homework may be written ahead. The clock says Monday 23 November 2026, 09:00 Moscow time.
/// </summary>
public sealed class FutureLessonTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<(JournalSchool S, Lesson Lesson)> SeedAsync(DateOnly date, int number) =>
        _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.LessonAsync(s.Math, date, number, s.Teacher));
        });

    private static async Task AssertNotYetHeldAsync(HttpResponseMessage response, string when)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Урок ещё впереди", problem.GetProperty("title").GetString());
        Assert.Contains($"Урок {when} ещё не прошёл", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_mark_for_tomorrows_lesson_is_refused_in_Russian_and_nothing_is_written()
    {
        var (s, lesson) = await SeedAsync(Today.AddDays(1), 1);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });

        await AssertNotYetHeldAsync(response, "24.11.2026");
        Assert.Empty(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().ToListAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Tomorrows_lesson_takes_marks_from_the_first_minute_of_its_school_day()
    {
        var (s, lesson) = await SeedAsync(Today.AddDays(1), 3);
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.FromHours(3));
        var client = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{lesson.Id}/marks";

        var lateEvening = await client.PostAsJsonAsync(url, new { studentId = s.Orlov.Id, value = "5" });
        // 00:01 in Moscow is still the 23rd in UTC: the school's clock decides.
        _app.Time.Now = new DateTimeOffset(2026, 11, 24, 0, 1, 0, TimeSpan.FromHours(3));
        var itsDay = await client.PostAsJsonAsync(url, new { studentId = s.Orlov.Id, value = "5" });

        await AssertNotYetHeldAsync(lateEvening, "24.11.2026");
        Assert.Equal(HttpStatusCode.Created, itsDay.StatusCode);
        Assert.Equal("5", Assert.Single(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().ToListAsync())).Value);
    }

    [Fact]
    public async Task A_lesson_later_today_and_one_from_last_week_take_marks()
    {
        var (s, lesson) = await SeedAsync(Today, 6);
        var client = await _app.ApiClientAsync("smirnova");

        var now = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "4" });
        var past = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Belov.Id, value = "3" });

        Assert.Equal(HttpStatusCode.Created, now.StatusCode);
        Assert.Equal(HttpStatusCode.Created, past.StatusCode);
    }

    [Fact]
    public async Task A_lesson_moved_to_a_later_date_counts_on_its_new_date()
    {
        var (s, lesson) = await SeedAsync(Today.AddDays(3), 1);
        await _app.QueryAsync(async db =>
        {
            var row = await db.Lessons.IgnoreQueryFilters().SingleAsync(l => l.Id == lesson.Id);
            (row.OriginalDate, row.OriginalNumber) = (Today.AddDays(-1), 1);
            return await db.SaveChangesAsync();
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });

        await AssertNotYetHeldAsync(response, "26.11.2026");
    }

    [Fact]
    public async Task Changing_a_mark_of_a_lesson_since_moved_into_the_future_is_refused()
    {
        var (_, _, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var lesson = await b.LessonAsync(s.Math, Today.AddDays(2), 1, s.Teacher);
            return (s, lesson, await b.MarkAsync(lesson, s.Orlov, "4"));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var change = await client.PutAsJsonAsync($"/api/v1/marks/{mark.Id}", new { value = "5" });
        var remove = await client.DeleteAsync($"/api/v1/marks/{mark.Id}");

        await AssertNotYetHeldAsync(change, "25.11.2026");
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
    }

    [Fact]
    public async Task Attendance_for_a_future_lesson_is_refused_but_a_code_can_still_be_cleared()
    {
        var (s, lesson) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var lesson = await b.LessonAsync(s.Math, Today.AddDays(1), 2, s.Teacher);
            // Set before the lesson was moved here from last week.
            await b.AttendanceAsync(lesson, s.Belov, AttendanceCode.Ill);
            return (s, lesson);
        });
        var client = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{lesson.Id}/attendance";

        var set = await client.PutAsJsonAsync(url, new { studentId = s.Orlov.Id, code = "Н" });
        var cleared = await client.PutAsJsonAsync(url, new { studentId = s.Belov.Id, code = (string?)null });

        await AssertNotYetHeldAsync(set, "24.11.2026");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().ToListAsync()));
    }

    [Fact]
    public async Task Topic_and_homework_for_a_future_lesson_are_written_ahead()
    {
        var (_, lesson) = await SeedAsync(Today.AddDays(7), 1);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PutAsJsonAsync($"/api/v1/lessons/{lesson.Id}", new { topic = "Деление дробей", homework = "№ 512, 514" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().Include(l => l.Homework).SingleAsync(l => l.Id == lesson.Id));
        Assert.Equal(("Деление дробей", "№ 512, 514"), (stored.Topic, stored.Homework!.Text));
    }

    [Fact]
    public async Task The_lesson_page_shows_the_refusal_beside_the_mark_and_writes_nothing()
    {
        var (s, lesson) = await SeedAsync(Today.AddDays(1), 1);
        var client = await _app.PageClientAsync("smirnova");
        var url = $"/Journal/Lesson/{lesson.Id}";

        var response = await Forms.PostAsync(client, url, new() { [$"NewMarks[{s.Orlov.Id}]"] = "5" }, $"{url}?handler=Marks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Урок 24.11.2026 ещё не прошёл", (await Html.ParseAsync(response)).TextOf("#students .errors"));
        Assert.Empty(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().ToListAsync()));
    }
}
