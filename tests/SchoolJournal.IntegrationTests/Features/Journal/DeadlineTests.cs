using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>
/// Late entries against the deadlines (R-JRN-9) with the test clock, in Moscow time. The lessons are on Friday
/// 20 November: mathematics 2nd (08:55–09:40), Russian 3rd (09:50–10:35), both in 5А.
/// Each move of the clock signs in again: a token lives for hours, not days.
/// </summary>
public sealed class DeadlineTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static DateTimeOffset Moscow(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(3));

    [Fact]
    public async Task A_mark_entered_the_next_day_is_stored_as_late()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 20, 23, 50);
        teacher = await _app.ApiClientAsync("smirnova");
        var sameDay = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });
        _app.Time.Now = Moscow(11, 21, 0, 10);
        teacher = await _app.ApiClientAsync("smirnova");
        var nextDay = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Belov.Id, value = "4" });

        Assert.Equal(HttpStatusCode.Created, nextDay.StatusCode);
        var late = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.IsLate).ToListAsync());
        Assert.Equal([false, true], late);
        Assert.Equal(HttpStatusCode.Created, sameDay.StatusCode);
    }

    [Fact]
    public async Task A_control_work_mark_is_on_time_for_three_days()
    {
        var (s, test) = await _app.SeedAsync(async b =>
            (await JournalSchool.BuildAsync(b), await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true)));
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 23, 21, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5", workType = test.Name });
        _app.Time.Now = Moscow(11, 24, 8, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Belov.Id, value = "3", workType = test.Name });

        var late = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.IsLate).ToListAsync());
        Assert.Equal([false, true], late);
    }

    [Fact]
    public async Task A_school_that_gives_five_days_for_control_works_holds_the_mark_of_the_fourth_day_on_time()
    {
        // Friday 20.11 + 5 days = Wednesday 25.11 by the school's setting; the seed's rule (3 days) would call 24.11 late.
        var (s, test) = await _app.SeedAsync(async b =>
            (await JournalSchool.BuildAsync(b), await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true)));
        await _app.SeedAsync(async b =>
        {
            var school = await b.Db.Schools.SingleAsync();
            school.ControlWorkMarkDays = 5;
            return await b.Db.SaveChangesAsync();
        });

        _app.Time.Now = Moscow(11, 24, 8, 0);
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5", workType = test.Name });
        _app.Time.Now = Moscow(11, 26, 0, 10);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Belov.Id, value = "3", workType = test.Name });

        var late = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.IsLate).ToListAsync());
        Assert.Equal([false, true], late);
    }

    [Fact]
    public async Task An_essay_in_grade_10_is_on_time_for_a_week()
    {
        var (s, lesson, essay) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var senior = await b.ClassAsync(10, "А");
            await b.StudentAsync(senior, "Зайцев", "Глеб");
            var literature = await b.GroupAsync("Литература", s.Teacher, [senior]);
            return (s, await b.LessonAsync(literature, JournalSchool.LessonDate, 4, s.Teacher),
                await b.WorkTypeAsync("Сочинение", 2m, isControl: true));
        });
        var student = await _app.QueryAsync(db => db.Students.IgnoreQueryFilters().SingleAsync(x => x.LastName == "Зайцев"));
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 27, 18, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var onTime = await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks",
            new { studentId = student.Id, value = "4", workType = essay.Name });
        _app.Time.Now = Moscow(11, 28, 9, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var late = await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks",
            new { studentId = student.Id, value = "5", workType = essay.Name });

        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal([false, true],
            await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.IsLate).ToListAsync()));
    }

    [Fact]
    public async Task Attendance_marked_the_next_day_is_stored_as_late()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 20, 9, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Orlov.Id, code = "Н" });
        _app.Time.Now = Moscow(11, 23, 9, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Belov.Id, code = "Б" });

        var late = await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().OrderBy(a => a.Id).Select(a => a.IsLate).ToListAsync());
        Assert.Equal([false, true], late);
    }

    [Fact]
    public async Task Homework_is_late_an_hour_and_a_half_after_the_class_last_lesson()
    {
        // The class's last lesson that day is Russian, ending 10:35: homework is on time until 12:05.
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{s.MathLesson.Id}";

        _app.Time.Now = Moscow(11, 20, 12, 5);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PutAsJsonAsync(url, new { homework = "№ 12" });
        var onTime = await _app.QueryAsync(db => db.Homework.IgnoreQueryFilters().SingleAsync());
        _app.Time.Now = Moscow(11, 20, 12, 6);
        teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PutAsJsonAsync(url, new { homework = "№ 12, 13" });
        var late = await _app.QueryAsync(db => db.Homework.IgnoreQueryFilters().SingleAsync());

        Assert.False(onTime.IsLate);
        Assert.True(late.IsLate);
        Assert.Equal("№ 12, 13", late.Text);
    }
}
