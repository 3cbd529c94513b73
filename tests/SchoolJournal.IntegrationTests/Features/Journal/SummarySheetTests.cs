using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Year and final grades are duplicated into the summary sheet (R-JRN-5 → R-REP-9) in the same transaction.</summary>
public sealed class SummarySheetTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/api/v1/groups/{s.Math.Id}/period-grades";

    [Fact]
    public async Task Year_and_final_grades_show_in_the_class_summary_sheet_and_a_removed_one_leaves_it()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, kind = "year", value = "4" })).EnsureSuccessStatusCode();
        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, kind = "final", value = "5" })).EnsureSuccessStatusCode();
        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, kind = "final", value = "3" })).EnsureSuccessStatusCode();
        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, kind = "final", value = "4" })).EnsureSuccessStatusCode();
        (await teacher.DeleteAsync($"{Url(s)}?studentId={s.Orlov.Id}&kind=year")).EnsureSuccessStatusCode();
        var leader = await _app.ApiClientAsync("kozlova");

        var sheet = await leader.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/classes/{s.Class.Id}/summary-sheet");

        Assert.Equal("5А", sheet.GetProperty("className").GetString());
        Assert.Equal(["Математика"], sheet.GetProperty("subjects").EnumerateArray().Select(x => x.GetString()));
        var students = sheet.GetProperty("students").EnumerateArray().ToList();
        Assert.Equal(["Белов Борис Иванович", "Орлов Артём Иванович"], students.Select(x => x.GetProperty("displayName").GetString()));
        var belov = students[0].GetProperty("grades").GetProperty("Математика");
        Assert.Equal("4", belov.GetProperty("final").GetString());
        var orlov = students[1].GetProperty("grades").GetProperty("Математика");
        Assert.Equal("5", orlov.GetProperty("final").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, orlov.GetProperty("year").ValueKind);
        var lines = await _app.QueryAsync(db => db.SummaryGrades.IgnoreQueryFilters().OrderBy(g => g.Id).ToListAsync());
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(PeriodGradeKind.Final, l.Kind));
        Assert.Equal(["5А", "5А"], lines.Select(l => l.ClassName));
    }

    [Fact]
    public async Task Period_grades_stay_in_the_journal_only()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, periodId = s.Quarter2.Id, kind = "period", value = "5" }))
            .EnsureSuccessStatusCode();

        Assert.Equal(0, await _app.QueryAsync(db => db.SummaryGrades.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Only_the_class_teacher_and_the_administration_read_the_sheet()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);

        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync($"/api/v1/classes/{s.Class.Id}/summary-sheet");
        var deputy = await (await _app.ApiClientAsync("fedorova")).GetAsync($"/api/v1/classes/{s.Class.Id}/summary-sheet");
        var missing = await (await _app.ApiClientAsync("fedorova")).GetAsync("/api/v1/classes/999999/summary-sheet");

        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal("Нет доступа к сводной ведомости", (await teacher.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, deputy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_page_prints_the_sheet_and_exports_it_to_Excel()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        (await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, kind = "final", value = "5" })).EnsureSuccessStatusCode();
        var leader = await _app.PageClientAsync("kozlova");

        var html = await leader.GetPageAsync($"/Journal/Summary/{s.Class.Id}");
        var xlsx = await leader.GetAsync($"/Journal/Summary/{s.Class.Id}?format=xlsx");

        Assert.Equal("Сводная ведомость итоговых отметок · 5А", html.TextOf("h1"));
        Assert.Contains(html.TextsOf("tbody th.name[scope=row]"), n => n.StartsWith("Орлов Артём", StringComparison.Ordinal));
        Assert.Equal(Xlsx.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        var rows = Xlsx.Read(await xlsx.Content.ReadAsStreamAsync());
        Assert.Equal(["№", "Обучающийся", "Математика"], rows[0]);
        Assert.Equal(["1", "Орлов Артём Иванович", "5"], rows[1]);
    }
}
