using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Security;

namespace SchoolJournal.IntegrationTests.Features.Security;

/// <summary>A compromised account (R-SEC-5): reported, cut off at once, its operations listed, rolled back, restored.</summary>
public sealed class IncidentTests : IDisposable
{
    private const string Since = "2026-11-23T08:00:00+03:00";
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Problem(string Title, string? Detail, int Status);

    /// <summary>The school, a mark «4» for Орлов and a mark «5» for Белов made before the account was stolen.</summary>
    private async Task<(JournalSchool S, int Changed, int Deleted)> SeedAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        var four = await b.MarkAsync(s.MathLesson, s.Orlov, "4");
        var five = await b.MarkAsync(s.MathLesson, s.Belov, "5");
        return (s, four.Id, five.Id);
    });

    private async Task<string> UserIdAsync(string login) =>
        await _app.QueryAsync(db => db.Users.Where(u => u.UserName == login).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_reported_compromise_cuts_the_account_off_and_its_marks_are_rolled_back_with_the_audit_naming_who()
    {
        var (s, changedId, deletedId) = await SeedAsync();
        var thief = await _app.ApiClientAsync("smirnova");
        var browser = await _app.PageClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync($"/api/v1/marks/{changedId}", new { value = "2" })).StatusCode);
        var created = await (await thief.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "2" }))
            .JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await thief.DeleteAsync($"/api/v1/marks/{deletedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { topic = "Чужая тема" })).StatusCode);
        var director = await _app.ApiClientAsync("petrov");

        var reported = await director.PostAsJsonAsync($"/api/v1/accounts/{await UserIdAsync("smirnova")}/compromise",
            new { since = Since, reason = "Пароль увидели посторонние" });

        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var incident = await reported.JsonAsync();
        var incidentId = incident.GetProperty("incidentId").GetInt64();
        Assert.Equal(4, incident.GetProperty("operations").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        var again = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        Assert.Equal(HttpStatusCode.Locked, again.StatusCode);

        var operations = await (await director.GetAsync($"/api/v1/incidents/{incidentId}/operations")).JsonAsync();
        Assert.Equal(["markChanged", "markCreated", "markDeleted", "lessonChanged"],
            operations.EnumerateArray().Select(o => o.GetProperty("action").GetString()));
        Assert.All(operations.EnumerateArray(), o => Assert.False(o.GetProperty("rolledBack").GetBoolean()));
        var diaryBefore = await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().CountAsync());

        var rollback = await director.PostAsync($"/api/v1/incidents/{incidentId}/rollback", null);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var result = await rollback.JsonAsync();
        Assert.Equal(3, result.GetProperty("rolledBack").GetInt32());
        var conflict = Assert.Single(result.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("lesson", s.MathLesson.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (conflict.GetProperty("entity").GetString(), conflict.GetProperty("entityId").GetString()));
        var marks = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().Where(m => m.LessonId == s.MathLesson.Id)
            .OrderBy(m => m.StudentId).Select(m => new { m.StudentId, m.Value }).ToListAsync());
        Assert.Equal([(s.Orlov.Id, "4"), (s.Belov.Id, "5")], marks.Select(m => (m.StudentId, m.Value)).OrderBy(m => m.Value).ToList());
        Assert.DoesNotContain(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().Select(m => m.Id).ToListAsync()),
            id => id == created.GetProperty("id").GetInt32());
        Assert.Equal(diaryBefore + 3, await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().CountAsync()));

        var audit = await _app.AuditAsync();
        var undone = audit.Where(e => e.Type == AuditEventType.CompromiseRolledBack).ToList();
        Assert.Equal(3, undone.Count);
        Assert.All(undone, e => Assert.Equal("Петров Олег Иванович", e.ActorName));
        var undoes = audit.Where(e => e.Reason == Incidents.RollbackReason && e.Entity == "mark").Select(e => (e.Type, e.ActorName)).ToList();
        Assert.Equal([(AuditEventType.MarkCreated, "Петров Олег Иванович"), (AuditEventType.MarkDeleted, "Петров Олег Иванович"),
            (AuditEventType.MarkChanged, "Петров Олег Иванович")], undoes);
        var chain = SchoolJournal.Web.Infrastructure.Audit.AuditChain.Of(audit);
        Assert.True(chain.IsIntact, string.Join("; ", chain.Problems));

        var listed = await (await director.GetAsync($"/api/v1/incidents/{incidentId}/operations")).JsonAsync();
        Assert.Equal([true, true, true, false], listed.EnumerateArray().Select(o => o.GetProperty("rolledBack").GetBoolean()));
        var second = await (await director.PostAsync($"/api/v1/incidents/{incidentId}/rollback", null)).JsonAsync();
        Assert.Equal(0, second.GetProperty("rolledBack").GetInt32());
    }

    [Fact]
    public async Task The_attendance_a_stolen_account_marked_goes_back_to_what_it_was_and_a_later_correction_is_left_to_a_person()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Belov, AttendanceCode.Ill);
            return s;
        });
        var thief = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{s.MathLesson.Id}/attendance";
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync(url, new { studentId = s.Orlov.Id, code = "Н" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync(url, new { studentId = s.Belov.Id, code = "Н" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync(url, new { studentId = s.Belov.Id, code = "ОП", lateMinutes = 10 })).StatusCode);
        var director = await _app.ApiClientAsync("petrov");
        var incidentId = (await (await director.PostAsJsonAsync($"/api/v1/accounts/{await UserIdAsync("smirnova")}/compromise",
            new { since = Since })).JsonAsync()).GetProperty("incidentId").GetInt64();

        var result = await (await director.PostAsync($"/api/v1/incidents/{incidentId}/rollback", null)).JsonAsync();

        // Newest first: Белов «ОП» → «Н» → «Б» (both of the thief's changes undone), Орлов «Н» → none.
        Assert.Equal(3, result.GetProperty("rolledBack").GetInt32());
        Assert.Empty(result.GetProperty("conflicts").EnumerateArray());
        var rows = await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().Where(a => a.LessonId == s.MathLesson.Id)
            .Select(a => new { a.StudentId, a.Code, a.LateMinutes }).ToListAsync());
        var belov = Assert.Single(rows);
        Assert.Equal((s.Belov.Id, AttendanceCode.Ill, (int?)null), (belov.StudentId, belov.Code, belov.LateMinutes));
        var audit = await _app.AuditAsync();
        Assert.Equal([AuditEventType.AttendanceSet, AuditEventType.AttendanceSet, AuditEventType.AttendanceCleared],
            audit.Where(e => e.Reason == Incidents.RollbackReason && e.Entity == "attendance").Select(e => e.Type));
        var chain = SchoolJournal.Web.Infrastructure.Audit.AuditChain.Of(audit);
        Assert.True(chain.IsIntact, string.Join("; ", chain.Problems));
    }

    [Fact]
    public async Task An_attendance_mark_corrected_after_the_theft_is_a_conflict_not_overwritten()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var thief = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{s.MathLesson.Id}/attendance";
        Assert.Equal(HttpStatusCode.OK, (await thief.PutAsJsonAsync(url, new { studentId = s.Orlov.Id, code = "Н" })).StatusCode);
        var director = await _app.ApiClientAsync("petrov");
        var incidentId = (await (await director.PostAsJsonAsync($"/api/v1/accounts/{await UserIdAsync("smirnova")}/compromise",
            new { since = Since })).JsonAsync()).GetProperty("incidentId").GetInt64();
        // A later correction (written straight into the row here) leaves it unlike what the thief left.
        await _app.SeedAsync(async b =>
        {
            var row = await b.Db.Attendance.SingleAsync();
            row.Code = AttendanceCode.Excused;
            return await b.Db.SaveChangesAsync();
        });

        var result = await (await director.PostAsync($"/api/v1/incidents/{incidentId}/rollback", null)).JsonAsync();

        Assert.Equal(0, result.GetProperty("rolledBack").GetInt32());
        var conflict = Assert.Single(result.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("attendance", conflict.GetProperty("entity").GetString());
        Assert.StartsWith("Посещаемость после этого изменил другой пользователь", conflict.GetProperty("reason").GetString());
        Assert.Equal(AttendanceCode.Excused, await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().Select(a => a.Code).SingleAsync()));
    }

    [Fact]
    public async Task The_restored_account_signs_in_with_its_new_password_only_and_must_change_it()
    {
        await SeedAsync();
        var director = await _app.ApiClientAsync("petrov");
        var reported = await (await director.PostAsJsonAsync($"/api/v1/accounts/{await UserIdAsync("smirnova")}/compromise", new { since = Since }))
            .JsonAsync();

        var restored = await director.PostAsync($"/api/v1/incidents/{reported.GetProperty("incidentId").GetInt64()}/restore", null);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var password = (await restored.JsonAsync()).GetProperty("password").GetString()!;
        var client = _app.CreateClient();
        var old = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        var fresh = await _app.ApiClientAsync("smirnova", password);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var me = await (await fresh.GetAsync("/api/v1/me")).JsonAsync();
        Assert.True(me.GetProperty("mustChangePassword").GetBoolean());
        Assert.Contains(await _app.AuditAsync(), e => e.Type == AuditEventType.AccountRestored && e.ActorName == "Петров Олег Иванович");
    }

    [Fact]
    public async Task The_person_himself_may_report_but_another_teacher_may_not_and_a_future_time_is_refused()
    {
        await SeedAsync();
        var smirnovaId = await UserIdAsync("smirnova");
        var other = await _app.ApiClientAsync("kozlov");
        var self = await _app.ApiClientAsync("smirnova");

        var byOther = await other.PostAsJsonAsync($"/api/v1/accounts/{smirnovaId}/compromise", new { since = Since });
        var future = await self.PostAsJsonAsync($"/api/v1/accounts/{smirnovaId}/compromise", new { since = "2026-12-31T08:00:00+03:00" });
        var bySelf = await self.PostAsJsonAsync($"/api/v1/accounts/{smirnovaId}/compromise", new { since = Since });
        var byOtherList = await other.GetAsync("/api/v1/incidents");

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal("Время в будущем", (await future.Content.ReadFromJsonAsync<Problem>())!.Title);
        Assert.Equal(HttpStatusCode.Created, bySelf.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await self.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherList.StatusCode);
    }
}
