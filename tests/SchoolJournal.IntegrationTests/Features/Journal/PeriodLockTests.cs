using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Closing a group's period and reopening it (R-JRN-6).</summary>
public sealed class PeriodLockTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Period_lock_makes_the_journal_read_only_for_the_teacher()
    {
        var (s, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.MarkAsync(s.MathLesson, s.Orlov, "4"));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var locked = await client.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null);
        var auditBefore = (await _app.AuditAsync()).Count;
        var writes = new[]
        {
            await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" }),
            await client.PutAsJsonAsync($"/api/v1/marks/{mark.Id}", new { value = "5" }),
            await client.DeleteAsync($"/api/v1/marks/{mark.Id}"),
            await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Orlov.Id, code = "Н" }),
            await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { topic = "Новая тема", homework = "№ 1" }),
        };

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.All(writes, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var problem = await writes[0].JsonAsync();
        Assert.Equal("Период закрыт", problem.GetProperty("title").GetString());
        Assert.StartsWith("Период закрыт", problem.GetProperty("detail").GetString());
        Assert.Equal(auditBefore, (await _app.AuditAsync()).Count);
        var journal = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");
        Assert.True(journal.GetProperty("period").GetProperty("locked").GetBoolean());
        Assert.Equal("Сложение дробей", journal.GetProperty("lessons")[0].GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Locking_writes_one_audit_event_and_locking_again_changes_nothing()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("fedorova");

        await client.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null);
        var again = await client.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var e = Assert.Single(await _app.AuditAsync());
        Assert.Equal(AuditEventType.PeriodLocked, e.Type);
        Assert.Equal("periodLock", e.Entity);
    }

    [Fact]
    public async Task A_teacher_cannot_lock_a_group_he_does_not_teach()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("kozlov");

        var response = await client.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Deputy_reopens_with_a_reason_and_the_audit_log_keeps_it()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        var deputy = await _app.ApiClientAsync("fedorova");
        var url = $"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/reopen";
        (await teacher.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null)).EnsureSuccessStatusCode();

        var byTeacher = await teacher.PostAsJsonAsync(url, new { reason = "Хочу исправить" });
        var withoutReason = await deputy.PostAsJsonAsync(url, new { reason = "  " });
        var reopened = await deputy.PostAsJsonAsync(url, new { reason = "Ошибка в отметке Орлова, заявление учителя от 23.11" });
        var markAfter = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });

        Assert.Equal(HttpStatusCode.Forbidden, byTeacher.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal("Не указана причина", (await withoutReason.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.False((await reopened.JsonAsync()).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, markAfter.StatusCode);
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.PeriodLocked, AuditEventType.PeriodReopened, AuditEventType.MarkCreated], events.Select(e => e.Type));
        Assert.Equal("Ошибка в отметке Орлова, заявление учителя от 23.11", events[1].Reason);
        Assert.Equal("Фёдорова Нина Андреевна", events[1].ActorName);
    }
}
