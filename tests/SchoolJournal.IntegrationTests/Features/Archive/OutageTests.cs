using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>
/// «Работа без системы» (R-ARCH-5): the outage register, the marks entered from paper after it (shown so, not late in the
/// journal-keeping report) and the blank forms of a class's week.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static bool Refused(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || r.Headers.Location?.ToString().Contains("AccessDenied", StringComparison.Ordinal) == true;

    private Task<JournalSchool> SchoolAsync() => _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.StaffAsync("Сидоров", "Пётр", "Ильич", "sidorov", Roles.SysAdmin);
        return s;
    });

    private async Task<int> LateMarksAsync()
    {
        var deputy = await _app.ApiClientAsync("fedorova");
        var rows = await deputy.GetFromJsonAsync<JsonElement>("/api/v1/reports/journal-keeping?from=2026-11-16&to=2026-11-22");
        return rows.EnumerateArray().Single(r => r.GetProperty("group").GetString() == "Математика, 5А").GetProperty("lateMarks").GetInt32();
    }

    /// <summary>The lesson of Friday 20.11; the clock says Monday 23.11, three days on: the mark is past its same-day deadline.</summary>
    private async Task EnterMarkLateAsync(JournalSchool s)
    {
        var teacher = await _app.ApiClientAsync("smirnova");
        var posted = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "4" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.True(await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().Select(m => m.IsLate).SingleAsync()));
    }

    [Fact]
    public async Task A_mark_entered_three_days_late_is_late_without_an_outage()
    {
        var s = await SchoolAsync();
        await EnterMarkLateAsync(s);

        Assert.Equal(1, await LateMarksAsync());
        var grid = await (await _app.PageClientAsync("smirnova")).GetPageAsync($"/Journal/Group/{s.Math.Id}");
        Assert.DoesNotContain("бумажного носителя", grid.QuerySelector("td.cell .mark")!.GetAttribute("title"));
    }

    [Fact]
    public async Task A_mark_for_an_outage_day_entered_after_it_is_from_paper_and_not_late()
    {
        var s = await SchoolAsync();
        var admin = await _app.PageClientAsync("sidorov");
        var posted = await Forms.PostAsync(admin, "/Admin/Outages",
            new() { ["From"] = "2026-11-19", ["To"] = "2026-11-20", ["Reason"] = "Нет интернета в школе" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await EnterMarkLateAsync(s);

        // The mark stays stored late (as entered); the report derives that it came from paper: 0 late marks.
        Assert.Equal(0, await LateMarksAsync());
        var grid = await (await _app.PageClientAsync("smirnova")).GetPageAsync($"/Journal/Group/{s.Math.Id}");
        Assert.Equal("Ответ на уроке, вес 1. Внесено с бумажного носителя", grid.QuerySelector("td.cell .mark")!.GetAttribute("title"));
        var lesson = await (await _app.PageClientAsync("smirnova")).GetPageAsync($"/Journal/Lesson/{s.MathLesson.Id}");
        Assert.Contains("19.11.2026 — 20.11.2026: Нет интернета в школе", lesson.TextOf("p.paper-entry"));
        Assert.Contains("внесено с бумажного носителя", lesson.TextOf("p.paper-entry"));
        Assert.Contains("Внесено с бумажного носителя", lesson.QuerySelector("a.mark")!.GetAttribute("title"));

        var page = await admin.GetPageAsync("/Admin/Outages");
        Assert.Equal(["19.11.2026 — 20.11.2026", "Нет интернета в школе", "Сидоров Пётр Ильич", "23.11.2026 09:00"],
            page.TextsOf("table.outages tbody td").Take(4));
        var audit = (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.SystemOutageRegistered);
        Assert.Equal("outage", audit.Entity);
        Assert.Contains("Нет интернета в школе", audit.After);

        // Deleted, the outage no longer excuses the mark.
        var id = await _app.QueryAsync(db => db.SystemOutages.IgnoreQueryFilters().Select(o => o.Id).SingleAsync());
        var deleted = await Forms.PostAsync(admin, "/Admin/Outages", [], $"/Admin/Outages?handler=Delete&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(1, await LateMarksAsync());
        Assert.Contains(await _app.AuditAsync(), e => e.Type == AuditEventType.SystemOutageDeleted && e.EntityId == id.ToString());
    }

    [Fact]
    public async Task A_mark_entered_during_the_outage_itself_is_not_from_paper()
    {
        // Pure rule: lesson inside the outage, entry on its last day or earlier → not from paper; the day after → from paper.
        Outages.Span[] outages = [new(new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20))];
        Assert.False(Outages.FromPaper(outages, new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20)));
        Assert.True(Outages.FromPaper(outages, new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 21)));
        Assert.False(Outages.FromPaper(outages, new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 23)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Bad_outages_are_refused_in_russian_and_nothing_is_written()
    {
        await SchoolAsync();
        var admin = await _app.PageClientAsync("sidorov");
        var reversed = await Forms.PostAsync(admin, "/Admin/Outages", new() { ["From"] = "2026-11-20", ["To"] = "2026-11-19", ["Reason"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Contains("Последний день сбоя раньше первого.", Html.Parse(await reversed.Content.ReadAsStringAsync()).TextOf("[role=alert]"));
        var noReason = await Forms.PostAsync(admin, "/Admin/Outages", new() { ["From"] = "2026-11-19", ["To"] = "2026-11-19", ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.SystemOutages.IgnoreQueryFilters().CountAsync()));
        // A teacher and the deputy do not register outages.
        Assert.True(Refused(await (await _app.PageClientAsync("fedorova")).GetAsync("/Admin/Outages")));
    }

    [Fact]
    public async Task The_blank_form_of_a_week_holds_its_timetable_and_the_class_students()
    {
        var s = await SchoolAsync();
        var leader = await _app.PageClientAsync("kozlova");
        Assert.Equal(["5А"], (await leader.GetPageAsync("/Journal/BlankForms")).TextsOf("select[name=ClassId] option"));

        var response = await leader.GetAsync($"/Journal/BlankForms?handler=Pdf&ClassId={s.Class.Id}&Week=2026-11-18");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var (text, pages) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        // The week of 16–22.11 has lessons on Friday 20.11 only: one sheet, lessons 2 and 3.
        Assert.Equal(1, pages);
        Assert.True(text.Contains("5А класса — пятница, 20.11.2026", StringComparison.Ordinal), text);
        foreach (var cell in new[] { "2. Математика", "Смирнова А. В.", "3. Русский язык", "Козлов И. П." })
            Assert.Contains(cell, text);
        Assert.Contains("1 Белов Борис Иванович 2 Орлов Артём Иванович Тема урока Домашнее задание Подпись учителя", text);

        var teacher = await _app.PageClientAsync("smirnova");
        Assert.True(Refused(await teacher.GetAsync("/Journal/BlankForms")));
        var otherLeader = teacher;
        Assert.True(Refused(await otherLeader.GetAsync($"/Journal/BlankForms?handler=Pdf&ClassId={s.Class.Id}&Week=2026-11-18")));
        var director = await _app.PageClientAsync("petrov");
        Assert.Equal(HttpStatusCode.OK,
            (await director.GetAsync($"/Journal/BlankForms?handler=Pdf&ClassId={s.Class.Id}&Week=2026-11-20")).StatusCode);
    }
}
