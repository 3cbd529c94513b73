using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Period, year and final grades (R-JRN-5) and the lock that the last period grade brings (R-JRN-6).</summary>
public sealed class PeriodGradeTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/api/v1/groups/{s.Math.Id}/period-grades";

    [Fact]
    public async Task Setting_every_period_grade_locks_the_period_for_the_teacher()
    {
        _app.Time.Now = new DateTimeOffset(2026, 12, 24, 15, 0, 0, TimeSpan.FromHours(3));
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var first = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" });
        var last = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", value = "4" });
        var markAfter = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });
        var gradeAfter = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False((await first.JsonAsync()).GetProperty("periodLocked").GetBoolean());
        Assert.True((await last.JsonAsync()).GetProperty("periodLocked").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, markAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, gradeAfter.StatusCode);
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.PeriodGradeSet, AuditEventType.PeriodGradeSet, AuditEventType.PeriodLocked], events.Select(e => e.Type));
        Assert.Equal("Смирнова Анна Викторовна", events[2].ActorName);
        var journal = await teacher.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}");
        Assert.True(journal.GetProperty("period").GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task The_deputy_reopens_an_auto_locked_period_and_the_teacher_writes_again()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        var deputy = await _app.ApiClientAsync("fedorova");
        foreach (var student in new[] { s.Orlov, s.Belov })
            (await teacher.PutAsJsonAsync(Url(s), new { studentId = student.Id, periodId = s.Quarter2.Id, kind = "period", value = "4" }))
                .EnsureSuccessStatusCode();

        var reopened = await deputy.PostAsJsonAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/reopen",
            new { reason = "Пересдача Белова" });
        var changed = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" });

        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var events = await _app.AuditAsync();
        Assert.Equal(AuditEventType.PeriodReopened, events[3].Type);
        Assert.Equal("Пересдача Белова", events[3].Reason);
        var change = events[4];
        Assert.Equal(AuditEventType.PeriodGradeSet, change.Type);
        Assert.Equal("4", JournalHttp.Parse(change.Before).GetProperty("value").GetString());
        Assert.Equal("5", JournalHttp.Parse(change.After).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Special_marks_are_accepted_as_period_grades()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var exempt = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, kind = "year", value = "ОСВ" });
        var notAssessed = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, kind = "final", value = "н/а" });
        var ungraded = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, kind = "year", value = "безотм" });
        var wrong = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, kind = "final", value = "6" });

        Assert.Equal("осв", (await exempt.JsonAsync()).GetProperty("grade").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.OK, notAssessed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ungraded.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("«безотм»", (await wrong.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(3, (await _app.AuditAsync()).Count);
    }

    [Fact]
    public async Task A_deferred_grade_is_not_assessed_until_its_date_and_may_be_set_after_the_lock()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var withValue = await teacher.PutAsJsonAsync(Url(s),
            new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", value = "4", deferredUntil = "2027-01-20" });
        var deferred = await teacher.PutAsJsonAsync(Url(s),
            new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", deferredUntil = "2027-01-20" });
        var locking = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" });
        var later = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, periodId = s.Quarter2.Id, kind = "period", value = "4" });
        var orlovAgain = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "period", value = "4" });

        Assert.Equal(HttpStatusCode.BadRequest, withValue.StatusCode);
        var grade = (await deferred.JsonAsync()).GetProperty("grade");
        Assert.Equal("н/а", grade.GetProperty("value").GetString());
        Assert.True(grade.GetProperty("deferred").GetBoolean());
        Assert.Equal("2027-01-20", grade.GetProperty("deferredUntil").GetString());
        Assert.True((await locking.JsonAsync()).GetProperty("periodLocked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False((await later.JsonAsync()).GetProperty("grade").GetProperty("deferred").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, orlovAgain.StatusCode);
    }

    [Fact]
    public async Task A_suggested_grade_follows_the_school_thresholds_computed_by_hand()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            (b.School.GradeThreshold5, b.School.GradeThreshold4, b.School.GradeThreshold3) = (4.2m, 3.2m, 2.2m);
            await b.Db.SaveChangesAsync();
            var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            await b.MarkAsync(s.MathLesson, s.Orlov, "4", test);
            await b.MarkAsync(s.MathLesson, s.Belov, "3");
            await b.MarkAsync(s.MathLesson, s.Belov, "2");
            return s;
        });
        var leader = await _app.ApiClientAsync("kozlova");

        var sheet = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Url(s)}?periodId={s.Quarter2.Id}");
        var journal = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}");

        // Орлов: (5×1 + 4×2) / 3 = 13 / 3 = 4.33 → «5» from 4.2 (the default 4.6 would give «4»).
        // Белов: (3 + 2) / 2 = 2.5 → «3» from 2.2 (the default 2.6 would give «2»).
        var rows = sheet.GetProperty("students");
        Assert.Equal(4.2m, sheet.GetProperty("thresholds").GetProperty("five").GetDecimal());
        Assert.Equal("Белов Борис Иванович", rows[0].GetProperty("displayName").GetString());
        Assert.Equal(2.5m, rows[0].GetProperty("average").GetDecimal());
        Assert.Equal("3", rows[0].GetProperty("suggestedGrade").GetString());
        Assert.Equal(4.33m, rows[1].GetProperty("average").GetDecimal());
        Assert.Equal("5", rows[1].GetProperty("suggestedGrade").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[1].GetProperty("grade").ValueKind);
        Assert.Equal("5", journal.GetProperty("students")[1].GetProperty("suggestedGrade").GetString());
    }

    [Fact]
    public async Task Only_the_group_teacher_sets_period_grades_and_the_administration_reads_them()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.SubstituteAsync(s.MathLesson, s.OtherTeacher);
            return s;
        });
        var body = new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" };

        var substitute = await (await _app.ApiClientAsync("kozlov")).PutAsJsonAsync(Url(s), body);
        var deputy = await (await _app.ApiClientAsync("fedorova")).PutAsJsonAsync(Url(s), body);
        var leader = await (await _app.ApiClientAsync("kozlova")).PutAsJsonAsync(Url(s), body);
        var read = await (await _app.ApiClientAsync("petrov")).GetAsync(Url(s));

        Assert.Equal(HttpStatusCode.Forbidden, substitute.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deputy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Year_grades_lock_nothing_and_deleting_one_is_audited()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        foreach (var student in new[] { s.Orlov, s.Belov })
            (await teacher.PutAsJsonAsync(Url(s), new { studentId = student.Id, kind = "year", value = "4" })).EnsureSuccessStatusCode();
        var deleted = await teacher.DeleteAsync($"{Url(s)}?studentId={s.Orlov.Id}&kind=year");
        var again = await teacher.DeleteAsync($"{Url(s)}?studentId={s.Orlov.Id}&kind=year");
        var withPeriod = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "year", value = "4" });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withPeriod.StatusCode);
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.PeriodGradeSet, AuditEventType.PeriodGradeSet, AuditEventType.PeriodGradeDeleted], events.Select(e => e.Type));
        Assert.Equal("4", JournalHttp.Parse(events[2].Before).GetProperty("value").GetString());
        Assert.Empty(await _app.QueryAsync(db => db.PeriodLocks.IgnoreQueryFilters().ToListAsync()));
    }

    [Fact]
    public async Task A_period_grade_set_after_the_period_ended_is_stored_as_late()
    {
        _app.Time.Now = new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.FromHours(3));
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        var q1 = await _app.QueryAsync(db => db.StudyPeriods.IgnoreQueryFilters().SingleAsync(p => p.SchoolId == s.School.Id && p.Number == 1));

        var onTime = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = q1.Id, kind = "period", value = "5" });
        _app.Time.Now = new DateTimeOffset(2026, 10, 25, 10, 0, 0, TimeSpan.FromHours(3));
        teacher = await _app.ApiClientAsync("smirnova");
        var late = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, periodId = q1.Id, kind = "period", value = "4" });

        Assert.False((await onTime.JsonAsync()).GetProperty("grade").GetProperty("isLate").GetBoolean());
        Assert.True((await late.JsonAsync()).GetProperty("grade").GetProperty("isLate").GetBoolean());
    }
}
