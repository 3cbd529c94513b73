using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Calendar;

/// <summary>Academic years, study periods and holidays through the API (R-YEAR-1, R-YEAR-2).</summary>
public sealed class CalendarApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object Autumn => new { name = "Осенние каникулы", kind = "autumn", start = "2026-10-26", end = "2026-11-02" };
    private static object First => new { name = "I четверть", kind = "quarter", start = "2026-09-01", end = "2026-10-24", level = "basic" };
    private static object Second => new { name = "II четверть", kind = "quarter", start = "2026-11-03", end = "2026-12-28", level = "basic" };

    [Fact]
    public async Task Deputy_enters_holidays_then_the_periods_of_a_level()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var holiday = await deputy.PostAsJsonAsync("/api/v1/holidays", Autumn);
        var first = await deputy.PostAsJsonAsync("/api/v1/periods", First);
        var second = await deputy.PostAsJsonAsync("/api/v1/periods", Second);

        Assert.Equal(HttpStatusCode.Created, holiday.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var created = await second.JsonAsync();
        Assert.Equal("basic", created.GetProperty("level").GetString());
        Assert.Equal(2, created.GetProperty("number").GetInt32());
        var periods = await deputy.GetFromJsonAsync<List<SchoolJournal.Web.Features.SchoolStructure.SchoolApi.PeriodDto>>("/api/v1/periods");
        Assert.NotNull(periods);
        Assert.Equal(["I четверть", "II четверть"], periods.Select(p => p.Name));
        Assert.Equal(new DateOnly(2026, 11, 3), periods[1].Start);
        Assert.Equal("quarter", periods[1].Kind);
        var audit = await _app.AuditAsync();
        Assert.Equal(["holiday", "studyPeriod", "studyPeriod"], audit.Select(e => e.Entity));
        Assert.All(audit, e => Assert.Equal(AuditEventType.SetupCreated, e.Type));
    }

    [Fact]
    public async Task An_overlapping_period_is_refused_with_both_names_and_nothing_is_written()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        await deputy.PostAsJsonAsync("/api/v1/periods", First);
        var auditBefore = (await _app.AuditAsync()).Count;

        var response = await deputy.PostAsJsonAsync("/api/v1/periods",
            new { name = "II четверть", kind = "quarter", start = "2026-10-20", end = "2026-12-28", level = "basic" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Период «II четверть» (20.10.2026–28.12.2026) пересекается с «I четверть» (01.09.2026–24.10.2026).",
            (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, await _app.CountAsync(db => db.StudyPeriods));
        Assert.Equal(auditBefore, (await _app.AuditAsync()).Count);
    }

    [Fact]
    public async Task A_gap_without_holidays_is_refused_asking_for_the_holidays_first()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        await deputy.PostAsJsonAsync("/api/v1/periods", First);

        var response = await deputy.PostAsJsonAsync("/api/v1/periods", Second);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString();
        Assert.StartsWith(
            "Между периодами «I четверть» (01.09.2026–24.10.2026) и «II четверть» (03.11.2026–28.12.2026) есть будние дни без каникул: 26.10.2026",
            detail);
        Assert.Contains("Сначала внесите каникулы", detail);
        Assert.Equal(1, await _app.CountAsync(db => db.StudyPeriods));
    }

    [Fact]
    public async Task Bad_kind_level_or_class_of_another_year_changes_nothing()
    {
        var s = await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var answers = new[]
        {
            await deputy.PostAsJsonAsync("/api/v1/periods", new { name = "I модуль", kind = "module", start = "2026-09-01", end = "2026-10-24" }),
            await deputy.PostAsJsonAsync("/api/v1/periods",
                new { name = "I четверть", kind = "quarter", start = "2026-09-01", end = "2026-10-24", level = "high" }),
            await deputy.PostAsJsonAsync("/api/v1/periods",
                new { name = "I четверть", kind = "quarter", start = "2026-09-01", end = "2026-10-24", level = "basic", classId = s.Class.Id }),
            await deputy.PostAsJsonAsync("/api/v1/periods", new { name = "I четверть", kind = "quarter", start = "2026-08-25", end = "2026-10-24" }),
            await deputy.PostAsJsonAsync("/api/v1/holidays",
                new { name = "Каникулы", kind = "extra", start = "2027-02-15", end = "2027-02-21", grade = 12 }),
            await deputy.PostAsJsonAsync("/api/v1/holidays",
                new { name = "Весенние каникулы", kind = "spring", start = "2027-05-27", end = "2027-06-10" }),
        };

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("Период «I четверть» (25.08.2026–24.10.2026) выходит за границы учебного года «2026/2027» (01.09.2026–31.05.2027).",
            (await answers[3].JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await _app.CountAsync(db => db.StudyPeriods));
        Assert.Equal(0, await _app.CountAsync(db => db.Holidays));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Holidays_are_changed_and_deleted_and_summer_reaches_31_August()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var id = (await (await deputy.PostAsJsonAsync("/api/v1/holidays",
            new { name = "Дополнительные каникулы", kind = "extra", start = "2027-02-15", end = "2027-02-21", grade = 1 })).JsonAsync()).GetProperty(
                "id").GetInt32();

        var changed = await deputy.PutAsJsonAsync($"/api/v1/holidays/{id}",
            new { name = "Дополнительные каникулы для 1-х классов", kind = "extra", start = "2027-02-15", end = "2027-02-22", grade = 1 });
        var summer = await deputy.PostAsJsonAsync("/api/v1/holidays",
            new { name = "Летние каникулы", kind = "summer", start = "2027-05-27", end = "2027-08-31" });
        var deleted = await deputy.DeleteAsync($"/api/v1/holidays/{id}");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("2027-02-22", (await changed.JsonAsync()).GetProperty("end").GetString());
        Assert.Equal(HttpStatusCode.Created, summer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var left = Assert.Single(await deputy.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/holidays") ?? []);
        Assert.Equal("summer", left.GetProperty("kind").GetString());
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupCreated, AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_period_is_changed_then_deleted()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var id = (await (await deputy.PostAsJsonAsync("/api/v1/periods", First)).JsonAsync()).GetProperty("id").GetInt32();

        var changed = await deputy.PutAsJsonAsync($"/api/v1/periods/{id}",
            new { name = "I триместр", kind = "trimester", start = "2026-09-01", end = "2026-11-30", level = "basic" });
        var deleted = await deputy.DeleteAsync($"/api/v1/periods/{id}");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("trimester", (await changed.JsonAsync()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await _app.CountAsync(db => db.StudyPeriods));
        Assert.Equal([AuditEventType.SetupCreated, AuditEventType.SetupChanged, AuditEventType.SetupDeleted],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_period_with_lessons_is_not_deleted_and_the_answer_names_how_many()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.DeleteAsync($"/api/v1/periods/{s.Quarter2.Id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Период «2 четверть» нельзя удалить: к нему относятся уроков — 2. Измените его границы вместо удаления.",
            (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(4, await _app.CountAsync(db => db.StudyPeriods));
    }

    [Fact]
    public async Task A_teacher_cannot_write_the_calendar_but_every_signed_in_user_reads_holidays()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        await deputy.PostAsJsonAsync("/api/v1/holidays", Autumn);
        var teacher = await _app.ApiClientAsync("smirnova");
        var student = await _app.ApiClientAsync("orlov");

        var period = await teacher.PostAsJsonAsync("/api/v1/periods", First);
        var holiday = await teacher.PostAsJsonAsync("/api/v1/holidays", Autumn);
        var read = await student.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/holidays");
        var anonymous = await _app.CreateClient().GetAsync("/api/v1/holidays");

        Assert.Equal(HttpStatusCode.Forbidden, period.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, holiday.StatusCode);
        Assert.Equal("Осенние каникулы", Assert.Single(read!).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(1, await _app.CountAsync(db => db.Holidays));
    }

    [Fact]
    public async Task Academic_years_are_listed_and_created_without_duplicates_or_overlaps()
    {
        await _app.SeedAsync(CalendarSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var created = await deputy.PostAsJsonAsync("/api/v1/academic-years", new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31" });
        var same = await deputy.PostAsJsonAsync("/api/v1/academic-years", new { name = "2027/2028", start = "2028-09-01", end = "2029-05-31" });
        var overlap = await deputy.PostAsJsonAsync("/api/v1/academic-years", new { name = "2028/2029", start = "2028-05-01", end = "2029-05-31" });
        var years = await deputy.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/academic-years");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False((await created.JsonAsync()).GetProperty("isCurrent").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Equal("Учебный год «2028/2029» (01.05.2028–31.05.2029) пересекается с учебным годом «2027/2028» (01.09.2027–31.05.2028).",
            (await overlap.JsonAsync()).GetProperty("detail").GetString());
        Assert.NotNull(years);
        Assert.Equal(["2026/2027", "2027/2028"], years.Select(y => y.GetProperty("name").GetString()));
        Assert.True(years[0].GetProperty("isCurrent").GetBoolean());
    }
}
