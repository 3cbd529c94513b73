using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// «Выполнение учебного плана» (R-REP-6) counted by hand; the app's today is Monday 23.11.2026, the quarters of
/// <see cref="SchoolBuilder"/> have 39, 40, 50 and 42 weekdays (171), and Friday 13.11 is a holiday, so 5А (5-day week)
/// has 170 study days in the year and 9 from Monday 09.11 to Friday 20.11: 1.8 study weeks.
/// 5А's curriculum: mathematics 3 h a week, English 2 h divided into two sub-groups. Mathematics: 05.10, 09.11, 11.11,
/// 16.11, 18.11 (cancelled), 20.11 (by a substitute), 30.11 (ahead). English: one lesson of each sub-group on 10.11.
/// Russian is taught (10.11) but not in the curriculum. 5Б has no curriculum.
/// </summary>
public sealed class PlanFulfilmentReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Range = "from=2026-11-09&to=2026-11-20";

    private static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var substitute = await b.StaffAsync("Кузнецов", "Павел", "Сергеевич", "kuznetsov", Roles.Teacher);
        var english = await b.StaffAsync("Орлова", "Мария", "Игоревна", null);
        var plan = new Curriculum
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "5 класс (ФГОС ООО)", Grade = 5,
            Lines =
            [
                new CurriculumLine { SubjectId = s.MathA.SubjectId, HoursPerWeek = 3 },
                new CurriculumLine { SubjectId = (await b.SubjectAsync("Английский язык")).Id, HoursPerWeek = 2, Divided = true },
            ],
        };
        b.Db.Curricula.Add(plan);
        await b.Db.SaveChangesAsync();
        s.A.CurriculumId = plan.Id;
        b.Db.Holidays.Add(new Holiday { SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Праздник", Kind = HolidayKind.Extra,
            Start = new(2026, 11, 13), End = new(2026, 11, 13) });
        await b.Db.SaveChangesAsync();

        foreach (var day in new[] { 5, 9, 11, 16 })
            await b.LessonAsync(s.MathA, new DateOnly(2026, day < 9 ? 10 : 11, day), 1, s.Teacher);
        var cancelled = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 18), 1, s.Teacher);
        cancelled.Status = LessonStatus.Cancelled;
        await b.SubstituteAsync(await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher), substitute);
        await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 30), 1, s.Teacher);
        foreach (var half in new[] { s.Four.Take(2).ToArray(), s.Four.Skip(2).ToArray() })
            await b.LessonAsync(await b.GroupAsync("Английский язык", english, [s.A], half, GroupKind.SubGroup),
                new DateOnly(2026, 11, 10), 2, english);
        await b.LessonAsync(await b.GroupAsync("Русский язык", substitute, [s.A]), new DateOnly(2026, 11, 10), 3, substitute);
        await b.Db.SaveChangesAsync();
        return s;
    }

    private static JsonElement RowOf(JsonElement report, string cls, string subject) => report.GetProperty("rows").EnumerateArray()
        .Single(r => r.GetProperty("class").GetString() == cls && r.GetProperty("subject").GetString() == subject);

    private static decimal? Number(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDecimal();

    [Fact]
    public async Task Planned_hours_come_from_the_curriculum_and_the_calendar_and_held_lessons_from_the_journal()
    {
        await _app.SeedAsync(BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var report = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/reports/plan-fulfilment?{Range}");

        // Mathematics: 3 h × 9 days ÷ 5 = 5.4 h; held 09, 11, 16 and 20.11 (the substitute's lesson counts, the cancelled
        // one does not) = 4; lag 1.4; 4 ÷ 5.4 = 74.1 %. The year: 3 × 170 ÷ 5 = 102 h, held 05.10 and the four = 5.
        var math = RowOf(report, "5А", "Математика");
        Assert.Equal([3m, 5.4m, 4m, 1.4m, 74.1m, 102m, 5m], Numbers(math));
        Assert.Equal("Смирнова А. В.", math.GetProperty("teachers").GetString());
        // English, two sub-groups: 2 h × 2 × 9 ÷ 5 = 7.2 h; held 2; lag 5.2; 2 ÷ 7.2 = 27.8 %; the year 2 × 2 × 170 ÷ 5 = 136 h.
        Assert.Equal([2m, 7.2m, 2m, 5.2m, 27.8m, 136m, 2m], Numbers(RowOf(report, "5А", "Английский язык")));
        // Russian is not in the plan: shown, with no plan, and left out of the class's total.
        var russian = RowOf(report, "5А", "Русский язык");
        Assert.Equal([null, null, 1m, null, null, null, 1m], Numbers(russian));
        // 5А: 5.4 + 7.2 = 12.6 h, held 6, lag 6.6, 6 ÷ 12.6 = 47.6 %; the year 238 h, held 7.
        var a = report.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "5А");
        Assert.Equal([12.6m, 6m, 6.6m, 47.6m, 238m, 7m],
            new[] { "planned", "held", "lag", "percent", "yearPlanned", "yearHeld" }.Select(p => Number(a, p)));
        Assert.Equal("5 класс (ФГОС ООО)", a.GetProperty("curriculum").GetString());
        // 5Б has no curriculum: nothing planned, no percentage.
        var b = report.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "5Б");
        Assert.Equal(JsonValueKind.Null, b.GetProperty("curriculum").ValueKind);
        Assert.Equal(0m, Number(b, "planned"));
        Assert.Null(Number(b, "percent"));
        Assert.Contains("делённые на число учебных дней в неделе", report.GetProperty("rule").GetString());
    }

    private static decimal?[] Numbers(JsonElement row) =>
        [.. new[] { "hoursPerWeek", "planned", "held", "lag", "percent", "yearPlanned", "yearHeld" }.Select(p => Number(row, p))];

    [Fact]
    public async Task Days_still_ahead_are_neither_planned_nor_held()
    {
        await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        // 16.11–04.12 is cut at today, 23.11: 6 study days (16–20 and 23.11) → 3 × 6 ÷ 5 = 3.6 h; held 16 and 20.11 = 2.
        var report = await director.GetFromJsonAsync<JsonElement>("/api/v1/reports/plan-fulfilment?from=2026-11-16&to=2026-12-04");

        Assert.Equal("2026-11-23", report.GetProperty("countedTo").GetString());
        var math = RowOf(report, "5А", "Математика");
        Assert.Equal([3m, 3.6m, 2m, 1.6m, 55.6m, 102m, 5m], Numbers(math));
    }

    [Fact]
    public async Task The_class_teacher_reads_his_class_only_and_others_are_refused()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var own = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/reports/plan-fulfilment?{Range}");
        var other = await leader.GetAsync($"/api/v1/reports/plan-fulfilment?{Range}&classId={s.Bclass.Id}");
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync($"/api/v1/reports/plan-fulfilment?{Range}");
        var director = await (await _app.ApiClientAsync("petrov")).GetAsync($"/api/v1/reports/plan-fulfilment?{Range}&classId={s.Bclass.Id}");
        var page = await (await _app.PageClientAsync("kozlova")).GetAsync($"/Reports/PlanFulfilment?{Range}&classId={s.Bclass.Id}");

        Assert.Equal(["5А"], own.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("Класс недоступен", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.OK, director.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task Bad_filters_are_answered_in_russian()
    {
        await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var backwards = await director.GetAsync("/api/v1/reports/plan-fulfilment?from=2026-11-20&to=2026-11-09");
        var noDates = await director.GetAsync("/api/v1/reports/plan-fulfilment");
        var unknown = await director.GetAsync($"/api/v1/reports/plan-fulfilment?{Range}&classId=999999");
        var format = await director.GetAsync($"/api/v1/reports/plan-fulfilment?{Range}&format=doc");
        var page = await (await _app.PageClientAsync("petrov")).GetPageAsync("/Reports/PlanFulfilment?from=2026-11-20&to=2026-11-09");

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("Последний день отчёта раньше первого.",
            (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noDates.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Класс не найден", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Equal("Последний день отчёта раньше первого.", page.One("p.errors").TextContent.Trim());
    }

    [Fact]
    public async Task The_downloads_and_the_page_carry_the_same_numbers()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync($"/api/v1/reports/plan-fulfilment?{Range}&format=xlsx")));
        var pages = await _app.PageClientAsync("petrov");
        var csv = Encoding.UTF8.GetString(await pages.GetByteArrayAsync($"/Reports/PlanFulfilment?{Range}&format=csv"));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync($"/api/v1/reports/plan-fulfilment?{Range}&format=pdf"));
        var page = await pages.GetPageAsync($"/Reports/PlanFulfilment?{Range}&classId={s.A.Id}");
        var school = await pages.GetPageAsync($"/Reports/PlanFulfilment?{Range}");

        Assert.Equal(["5А", "Математика", "Смирнова А. В.", "3", "5.4", "4", "1.4", "74.1", "102", "5"],
            xlsx.Single(r => r.Length > 1 && r[0] == "5А" && r[1] == "Математика"));
        Assert.Equal(["Итого 5А", "5 класс (ФГОС ООО)", "", "", "12.6", "6", "6.6", "47.6", "238", "7"],
            csv.Split("\r\n").Single(l => l.StartsWith("Итого 5А", StringComparison.Ordinal)).Split(';'));
        Assert.Contains("Выполнение учебного плана 09.11.2026–20.11.2026", pdf);
        Assert.Equal(["5А", "5 класс (ФГОС ООО)", "12,6", "6", "6,6", "47,6", "238", "7"],
            page.QuerySelectorAll("table.plan-classes tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["5А", "Английский язык", "Орлова М. И.", "2", "7,2", "2", "5,2", "27,8", "136", "2"],
            page.QuerySelectorAll("table.plan-subjects tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("нет в плане", page.QuerySelectorAll("table.plan-subjects tbody tr")[2].Children[3].TextContent.Trim());
        // The whole school's page lists only the subjects a lesson or more behind: 5А's mathematics (1.4) and English (5.2).
        Assert.Equal(["Английский язык", "Математика"],
            school.QuerySelectorAll("table.plan-subjects tbody tr").Select(r => r.Children[1].TextContent.Trim()));
    }
}
