using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// «Нагрузка учителей» (R-REP-12) counted by hand; the app's today is Monday 23.11.2026 and Friday 13.11 is a holiday, so
/// 09.11–20.11 has 9 study days (1.8 weeks of a 5-day class). Smirnova teaches mathematics in 5А and 5Б, 4 h a week each
/// from the year's start: 5А on 09, 11, 16, 18 (cancelled) and 20.11 (taught by Kuznetsov); 5Б on 10 and 12.11.
/// Kuznetsov teaches Russian in 5Б, 4 h a week from 16.11 (5 study days), on 17.11.
/// </summary>
public sealed class WorkloadReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Range = "from=2026-11-09&to=2026-11-20";

    private sealed record World(ReportsSchool S, StaffMember Substitute);

    private static async Task<World> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var substitute = await b.StaffAsync("Кузнецов", "Павел", "Сергеевич", "kuznetsov", Roles.Teacher);
        b.Db.Holidays.Add(new Holiday { SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Праздник", Kind = HolidayKind.Extra,
            Start = new(2026, 11, 13), End = new(2026, 11, 13) });
        foreach (var day in new[] { 9, 11, 16 })
            await b.LessonAsync(s.MathA, new DateOnly(2026, 11, day), 1, s.Teacher);
        var cancelled = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 18), 1, s.Teacher);
        cancelled.Status = LessonStatus.Cancelled;
        await b.SubstituteAsync(await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher), substitute);
        foreach (var day in new[] { 10, 12 })
            await b.LessonAsync(s.MathB, new DateOnly(2026, 11, day), 1, s.Teacher);
        var russian = await b.GroupAsync("Русский язык", substitute, [s.Bclass]);
        (await b.Db.TeachingAssignments.SingleAsync(a => a.TeachingGroupId == russian.Id)).From = new DateOnly(2026, 11, 16);
        await b.LessonAsync(russian, new DateOnly(2026, 11, 17), 2, substitute);
        await b.Db.SaveChangesAsync();
        return new World(s, substitute);
    }

    private static JsonElement RowOf(JsonElement report, string teacher, string group) => report.GetProperty("rows").EnumerateArray()
        .Single(r => r.GetProperty("teacher").GetString() == teacher && r.GetProperty("group").GetString() == group);

    private static decimal?[] Numbers(JsonElement row) =>
    [
        .. new[] { "hoursPerWeek", "planned", "held", "asSubstitute", "total", "substitutedByOthers" }
            .Select(p => row.GetProperty(p).ValueKind == JsonValueKind.Null ? (decimal?)null : row.GetProperty(p).GetDecimal()),
    ];

    [Fact]
    public async Task Hours_come_from_the_load_and_the_lessons_held_and_a_substitution_counts_for_the_substitute()
    {
        await _app.SeedAsync(BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var report = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/reports/workload?{Range}");

        // Smirnova, 5А: 4 h × 9 ÷ 5 = 7.2 h; her own 09, 11, 16.11 = 3 (18.11 cancelled); 20.11 was taught by Kuznetsov.
        Assert.Equal([4m, 7.2m, 3m, 0m, 3m, 1m], Numbers(RowOf(report, "Смирнова Анна Викторовна", "Математика, 5А")));
        Assert.Equal([4m, 7.2m, 2m, 0m, 2m, 0m], Numbers(RowOf(report, "Смирнова Анна Викторовна", "Математика, 5Б")));
        // Kuznetsov: 20.11 in 5А as a substitute (no load there), and Russian from 16.11: 4 h × 5 ÷ 5 = 4 h, held 1.
        Assert.Equal([null, null, 0m, 1m, 1m, 0m], Numbers(RowOf(report, "Кузнецов Павел Сергеевич", "Математика, 5А")));
        Assert.Equal([4m, 4m, 1m, 0m, 1m, 0m], Numbers(RowOf(report, "Кузнецов Павел Сергеевич", "Русский язык, 5Б")));
        Assert.Equal(4, report.GetProperty("rows").GetArrayLength());
        // Totals: Smirnova 8 h a week, 14.4 h, 5 own, 5 in all, 1 taught by another; Kuznetsov 4 h, 4 h, 1 own + 1 substitution.
        var teachers = report.GetProperty("teachers").EnumerateArray().ToList();
        Assert.Equal(["Кузнецов Павел Сергеевич", "Смирнова Анна Викторовна"], teachers.Select(t => t.GetProperty("teacher").GetString()));
        Assert.Equal([4m, 4m, 1m, 1m, 2m, 0m], Numbers(teachers[0]));
        Assert.Equal([8m, 14.4m, 5m, 0m, 5m, 1m], Numbers(teachers[1]));
    }

    [Fact]
    public async Task One_teachers_report_and_bad_filters_and_other_roles()
    {
        var w = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var one = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/workload?{Range}&teacherId={w.Substitute.Id}");
        var backwards = await director.GetAsync("/api/v1/reports/workload?from=2026-11-20&to=2026-11-09");
        var unknown = await director.GetAsync($"/api/v1/reports/workload?{Range}&teacherId=999999");
        var leader = await (await _app.ApiClientAsync("kozlova")).GetAsync($"/api/v1/reports/workload?{Range}");
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync($"/api/v1/reports/workload?{Range}");

        Assert.Equal(["Кузнецов Павел Сергеевич"], one.GetProperty("teachers").EnumerateArray().Select(t => t.GetProperty("teacher").GetString()));
        Assert.Equal(2, one.GetProperty("rows").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("Последний день отчёта раньше первого.",
            (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Учитель не найден", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        Assert.Equal("Нагрузку учителей видят директор и заместитель директора.",
            (await leader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
    }

    [Fact]
    public async Task The_downloads_and_the_page_carry_the_same_numbers()
    {
        var w = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");
        var pages = await _app.PageClientAsync("petrov");

        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync($"/api/v1/reports/workload?{Range}&format=xlsx")));
        var csv = Encoding.UTF8.GetString(await pages.GetByteArrayAsync($"/Reports/Workload?{Range}&format=csv"));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync($"/api/v1/reports/workload?{Range}&format=pdf"));
        var format = await director.GetAsync($"/api/v1/reports/workload?{Range}&format=doc");
        var page = await pages.GetPageAsync($"/Reports/Workload?{Range}");
        var one = await pages.GetPageAsync($"/Reports/Workload?{Range}&teacherId={w.Substitute.Id}");

        Assert.Equal(["Смирнова Анна Викторовна", "Математика, 5А", "Математика", "5А", "4", "7.2", "3", "0", "3", "1"],
            xlsx.Single(r => r.Length > 1 && r[0] == "Смирнова Анна Викторовна" && r[1] == "Математика, 5А"));
        Assert.Equal(["Итого Смирнова Анна Викторовна", "", "", "", "8", "14.4", "5", "0", "5", "1"],
            csv.Split("\r\n").Single(l => l.StartsWith("Итого Смирнова", StringComparison.Ordinal)).Split(';'));
        Assert.Contains("Нагрузка учителей 09.11.2026–20.11.2026", pdf);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Equal(["Кузнецов Павел Сергеевич", "4", "4", "1", "1", "2", "0"],
            page.QuerySelectorAll("table.workload-teachers tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Empty(page.QuerySelectorAll("table.workload-groups"));
        Assert.Equal(2, one.QuerySelectorAll("table.workload-groups tbody tr").Length);
        var substitution = one.One("table.workload-groups tbody tr.substitution");
        Assert.Equal(["Кузнецов Павел Сергеевич", "Математика, 5А", "Математика", "5А", "замена", "—", "0", "1", "1", "0"],
            substitution.Children.Select(c => c.TextContent.Trim()));
    }
}
