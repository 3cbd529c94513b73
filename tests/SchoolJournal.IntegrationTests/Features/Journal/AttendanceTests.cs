using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Marking attendance for a lesson: PUT /api/v1/lessons/{id}/attendance.</summary>
public sealed class AttendanceTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Teacher_marks_a_late_student_with_minutes_then_clears_it_and_both_are_audited()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/lessons/{s.MathLesson.Id}/attendance";

        var set = await client.PutAsJsonAsync(url, new { studentId = s.Orlov.Id, code = "ОП", lateMinutes = 7 });
        var stored = await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().SingleAsync());
        var cleared = await client.PutAsJsonAsync(url, new { studentId = s.Orlov.Id, code = (string?)null });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("ОП", (await set.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal((AttendanceCode.Late, 7), (stored.Code, stored.LateMinutes!.Value));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().CountAsync()));
        Assert.Equal([AuditEventType.AttendanceSet, AuditEventType.AttendanceCleared], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_code_that_does_not_exist_is_refused_with_the_list_of_codes()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Orlov.Id, code = "X" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.All(new[] { "«Н»", "«Б»", "«У»", "«ОП»" }, code => Assert.Contains(code, detail));
        Assert.Equal(0, await _app.QueryAsync(db => db.Attendance.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Late_minutes_without_the_late_code_are_refused()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance",
            new { studentId = s.Orlov.Id, code = "Н", lateMinutes = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _app.AuditAsync());
    }
}
