using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Зачёт пропущенной темы (R-JRN-8): POST /api/v1/lessons/{id}/marks with makeUp: true.</summary>
public sealed class MakeUpMarkTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static JsonElement Row(JsonElement grid, Student student) =>
        grid.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == student.Id);

    [Fact]
    public async Task A_make_up_mark_keeps_the_absence_visible()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Orlov, AttendanceCode.Ill);
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var created = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "4", makeUp = true });
        var row = Row(await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}"), s.Orlov);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await created.JsonAsync()).GetProperty("makeUp").GetBoolean());
        var mark = Assert.Single(row.GetProperty("marks").EnumerateArray());
        Assert.Equal(("4", true), (mark.GetProperty("value").GetString(), mark.GetProperty("makeUp").GetBoolean()));
        var absence = Assert.Single(row.GetProperty("absences").EnumerateArray());
        Assert.Equal((s.MathLesson.Id, "Б"), (absence.GetProperty("lessonId").GetInt32(), absence.GetProperty("code").GetString()));
        Assert.Equal(4m, row.GetProperty("average").GetDecimal());
        Assert.True(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().AnyAsync(m => m.IsMakeUp)));
    }

    [Fact]
    public async Task A_make_up_mark_for_a_student_who_was_at_the_lesson_is_refused_and_nothing_is_stored()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Orlov, AttendanceCode.Late);
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var present = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Belov.Id, value = "5", makeUp = true });
        var late = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", makeUp = true });

        Assert.Equal(HttpStatusCode.BadRequest, present.StatusCode);
        Assert.Contains("пропустил", (await present.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task The_class_teachers_mark_for_the_day_counts_as_a_missed_lesson()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.DailyAbsenceAsync(s.Orlov, s.Class, JournalSchool.LessonDate, AttendanceCode.Ill);
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var created = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", makeUp = true });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([AuditEventType.MarkCreated], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_make_up_mark_in_a_closed_period_is_refused()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Orlov, AttendanceCode.Absent);
            b.Db.PeriodLocks.Add(
                new PeriodLock { SchoolId = s.School.Id, TeachingGroupId = s.Math.Id, StudyPeriodId = s.Quarter2.Id, LockedAt = b.Now });
            await b.Db.SaveChangesAsync();
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", makeUp = true });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
    }
}
