using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// «Успеваемость и качество» (R-REP-1) against numbers computed by hand: успеваемость = students with all grades ≥ 3
/// ÷ students counted, качество = students with all grades 4 or 5 ÷ students counted, средний балл = the mean grade.
/// </summary>
public sealed class ProgressReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(ReportsSchool s, string more = "") => $"/api/v1/reports/progress?periodId={s.Quarter2.Id}{more}";

    private static JsonElement ClassRow(JsonElement report, string name) =>
        report.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static void AssertRow(JsonElement row, int students, int passed, int good, int excellent, int failing, decimal? progress,
        decimal? quality, decimal? average)
    {
        Assert.Equal(students, row.GetProperty("students").GetInt32());
        Assert.Equal(passed, row.GetProperty("passed").GetInt32());
        Assert.Equal(good, row.GetProperty("good").GetInt32());
        Assert.Equal(excellent, row.GetProperty("excellent").GetInt32());
        Assert.Equal(failing, row.GetProperty("failing").GetInt32());
        Assert.Equal(progress, Number(row, "progressPercent"));
        Assert.Equal(quality, Number(row, "qualityPercent"));
        Assert.Equal(average, Number(row, "averageGrade"));
    }

    private static decimal? Number(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDecimal();

    [Fact]
    public async Task Four_students_with_5_4_3_2_give_75_percent_success_50_percent_quality_and_an_average_of_3_50()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var report = await deputy.GetFromJsonAsync<JsonElement>(Url(s));

        // 5, 4, 3 pass (3 of 4 = 75 %); 5 and 4 are «4 and 5» (2 of 4 = 50 %); (5 + 4 + 3 + 2) / 4 = 3.50.
        AssertRow(ClassRow(report, "5А"), students: 4, passed: 3, good: 1, excellent: 1, failing: 1, 75.0m, 50.0m, 3.50m);
        // 5Б: one student with «4». The parallel: 5 students, 4 pass (80 %), 3 good or excellent (60 %), 18 / 5 = 3.60.
        AssertRow(ClassRow(report, "5Б"), students: 1, passed: 1, good: 1, excellent: 0, failing: 0, 100.0m, 100.0m, 4.00m);
        var parallel = Assert.Single(report.GetProperty("parallels").EnumerateArray());
        AssertRow(parallel, students: 5, passed: 4, good: 2, excellent: 1, failing: 1, 80.0m, 60.0m, 3.60m);
        Assert.Equal("5-е классы", parallel.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(true, 5, 60.0, 40.0)]
    [InlineData(false, 4, 75.0, 50.0)]
    public async Task A_fifth_student_exempt_from_the_subject_counts_as_the_school_decides(bool counted, int denominator,
        double progress, double quality)
    {
        var s = await _app.SeedAsync(async b =>
        {
            var school = await ReportsSchool.BuildAsync(b);
            var exempt = await b.StudentAsync(school.A, "Егоров", "Илья");
            await school.GradesAsync(school.MathA, ("осв", exempt));
            await school.ExemptCountedAsync(counted);
            return school;
        });
        var director = await _app.ApiClientAsync("petrov");

        var report = await director.GetFromJsonAsync<JsonElement>(Url(s, $"&classId={s.A.Id}"));

        var row = ClassRow(report, "5А");
        AssertRow(row, students: 5, passed: 3, good: 1, excellent: 1, failing: 1, (decimal)progress, (decimal)quality, 3.50m);
        Assert.Equal(1, row.GetProperty("exempt").GetInt32());
        Assert.Equal(denominator, row.GetProperty("counted").GetInt32());
        var rule = report.GetProperty("rule");
        Assert.Equal(counted, rule.GetProperty("exemptCounted").GetBoolean());
        Assert.Contains(counted ? "входят в число учащихся" : "не входят в число учащихся", rule.GetProperty("text").GetString());
        var students = report.GetProperty("students").EnumerateArray().Select(x => (x.GetProperty("displayName").GetString(),
            x.GetProperty("status").GetString())).ToList();
        Assert.Contains(("Егоров Илья Иванович", "освобождён"), students);
        Assert.Contains(("Григорьев Иван Иванович", "неуспевающий"), students);
        Assert.Contains(("Андреев Иван Иванович", "отличник"), students);
    }

    [Fact]
    public async Task A_student_who_moved_during_the_period_counts_once_in_the_class_he_is_in_at_its_end()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var school = await ReportsSchool.BuildAsync(b);
            var moved = await b.StudentAsync(school.Bclass, "Ершов", "Глеб");
            await b.TransferAsync(moved, school.A, new DateOnly(2026, 12, 1));
            await b.MembershipAsync(school.MathA, moved, new DateOnly(2026, 12, 1));
            await school.GradesAsync(school.MathA, ("5", moved));
            return school;
        });
        var director = await _app.ApiClientAsync("petrov");

        var report = await director.GetFromJsonAsync<JsonElement>(Url(s));

        // 5А: 5, 4, 3, 2 and his 5 → 4 of 5 pass (80 %), 3 of 5 good or excellent (60 %), 19 / 5 = 3.80; 5Б keeps only its one.
        AssertRow(ClassRow(report, "5А"), students: 5, passed: 4, good: 1, excellent: 2, failing: 1, 80.0m, 60.0m, 3.80m);
        AssertRow(ClassRow(report, "5Б"), students: 1, passed: 1, good: 1, excellent: 0, failing: 0, 100.0m, 100.0m, 4.00m);
    }

    [Fact]
    public async Task A_period_without_grades_shows_its_students_and_no_percentages()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var report = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/progress?periodId={s.B.Quarters[2].Id}");

        AssertRow(ClassRow(report, "5А"), students: 4, passed: 0, good: 0, excellent: 0, failing: 0, null, null, null);
        Assert.Equal(0, ClassRow(report, "5А").GetProperty("withGrades").GetInt32());
    }

    [Fact]
    public async Task The_class_teacher_sees_his_class_only()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var own = await leader.GetFromJsonAsync<JsonElement>(Url(s));
        var other = await leader.GetAsync(Url(s, $"&classId={s.Bclass.Id}"));
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync(Url(s));

        Assert.Equal(["5А"], own.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(4, own.GetProperty("school").GetProperty("students").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
    }

    [Fact]
    public async Task An_unknown_period_or_format_is_refused_in_russian()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var period = await director.GetAsync("/api/v1/reports/progress?periodId=999999");
        var format = await director.GetAsync(Url(s, "&format=doc"));

        Assert.Equal(HttpStatusCode.NotFound, period.StatusCode);
        Assert.Equal("Период не найден", (await period.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("xlsx, csv и pdf", (await format.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_downloads_carry_the_same_numbers_as_the_report()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync(Url(s, "&format=xlsx"))));
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync(Url(s, "&format=csv")));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync(Url(s, "&format=pdf")));

        var header = xlsx[0].ToList();
        var row5a = xlsx.Single(r => r.Length > 0 && r[0] == "5А");
        decimal Cell(string column) => decimal.Parse(row5a[header.IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([75m, 50m, 3.5m], new[] { Cell("Успеваемость, %"), Cell("Качество, %"), Cell("Средний балл") });
        var csvRow = csv.Split("\r\n").Single(l => l.StartsWith("5А;", StringComparison.Ordinal)).Split(';');
        Assert.Equal(["5А", "4", "4", "3", "1", "1", "1", "1", "1", "0", "0"], csvRow[..11]);
        Assert.Equal([75m, 50m, 3.5m], csvRow[11..].Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Успеваемость и качество, 2 четверть", pdf);
        Assert.Contains("5А 4 4 3 1 1 1 1 1 0 0 75 50 3,5", pdf);
    }

    [Fact]
    public async Task The_page_shows_the_rule_the_numbers_and_the_chart_and_the_class_teacher_only_his_class()
    {
        var s = await _app.SeedAsync(ReportsSchool.BuildAsync);
        var director = await _app.PageClientAsync("petrov");
        var leader = await _app.PageClientAsync("kozlova");

        var page = await director.GetPageAsync($"/Reports/Progress?periodId={s.Quarter2.Id}");
        var own = await leader.GetPageAsync($"/Reports/Progress?periodId={s.Quarter2.Id}");

        var row = page.QuerySelectorAll("table.report tbody tr").Single(r => r.Children[0].TextContent.Trim() == "5А");
        Assert.Equal(["4", "4", "3", "1", "1", "1", "1", "1", "0", "0", "75", "50", "3,5"], row.Children.Skip(1).Select(c => c.TextContent.Trim()));
        Assert.Contains("входят в число учащихся", page.One("p.rule").TextContent);
        Assert.Equal(4, page.QuerySelectorAll("figure.chart svg rect").Length);
        Assert.Equal(["все мои классы", "5А"], own.QuerySelectorAll("select[name=classId] option").Select(o => o.TextContent));
        Assert.Equal(["5А", "5-е классы", "Итого"], own.QuerySelectorAll("table.report tbody tr").Select(r => r.Children[0].TextContent.Trim()));
    }
}
