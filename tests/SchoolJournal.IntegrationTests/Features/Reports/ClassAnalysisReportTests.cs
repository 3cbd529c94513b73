using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Reports;

/// <summary>
/// «Анализ класса» (R-REP-7) of 5А against numbers counted by hand. Today is Monday 23.11.2026: «this week» is 17.11–23.11,
/// «the week before» 10.11–16.11; the 1st quarter (01.09–24.10) and the 2nd (03.11–28.12) have begun, the 3rd has not.
/// Period grades, mathematics: 1st quarter 5, 5, 4, 3 (Андреев, Борисов, Васильев, Григорьев), 2nd 5, 4, 3, 2 (ReportsSchool);
/// Russian: Андреев «4» in the 1st quarter.
/// Marks of the 2nd quarter (answer, weight 1; control, weight 2):
///   mathematics 10.11: Андреев 5, Борисов 2, Васильев 4; 17.11: Андреев 4, Борисов 3, Григорьев 2 (Васильев Н);
///   20.11: Андреев 5 (control), Григорьев 2; Russian 12.11: Андреев 3 (Борисов Б); 19.11: Васильев 5.
/// 1st quarter: mathematics 20.10, Андреев 3, Борисов 4.
/// </summary>
public sealed class ClassAnalysisReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(ReportsSchool s, int classId, string more = "") =>
        $"/api/v1/reports/class-analysis?periodId={s.Quarter2.Id}&classId={classId}{more}";

    private static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var (andreev, borisov, vasiliev, grigoriev) = (s.Four[0], s.Four[1], s.Four[2], s.Four[3]);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        var russian = await b.GroupAsync("Русский язык", s.Teacher, [s.A]);
        foreach (var (group, value, student) in new[]
                 { (s.MathA, "5", andreev), (s.MathA, "5", borisov), (s.MathA, "4", vasiliev), (s.MathA, "3", grigoriev), (russian, "4", andreev) })
            b.Db.PeriodGrades.Add(new PeriodGrade
            {
                SchoolId = b.School.Id, TeachingGroupId = group.Id, StudentId = student.Id, StudyPeriodId = b.Quarters[0].Id,
                Kind = PeriodGradeKind.Period, Value = value, CreatedAt = b.Now,
            });
        await b.Db.SaveChangesAsync();
        var q1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 10, 20), 1, s.Teacher, "Натуральные числа");
        await b.MarkAsync(q1, andreev, "3");
        await b.MarkAsync(q1, borisov, "4");
        var m1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 10), 1, s.Teacher, "Дроби");
        await b.MarkAsync(m1, andreev, "5");
        await b.MarkAsync(m1, borisov, "2");
        await b.MarkAsync(m1, vasiliev, "4");
        var m2 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 17), 1, s.Teacher, "Сложение дробей");
        await b.MarkAsync(m2, andreev, "4");
        await b.MarkAsync(m2, borisov, "3");
        await b.MarkAsync(m2, grigoriev, "2");
        await b.AttendanceAsync(m2, vasiliev, AttendanceCode.Absent);
        var m3 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher, "Вычитание дробей");
        await b.MarkAsync(m3, andreev, "5", control);
        await b.MarkAsync(m3, grigoriev, "2");
        var r1 = await b.LessonAsync(russian, new DateOnly(2026, 11, 12), 2, s.Teacher, "Причастие");
        await b.MarkAsync(r1, andreev, "3");
        await b.AttendanceAsync(r1, borisov, AttendanceCode.Ill);
        var r2 = await b.LessonAsync(russian, new DateOnly(2026, 11, 19), 2, s.Teacher, "Деепричастие");
        await b.MarkAsync(r2, vasiliev, "5");
        var b1 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 19), 1, s.Teacher, "Дроби");
        await b.MarkAsync(b1, s.Other, "2");
        await b.ParentAsync("Орлова", "Елена", "orlova", andreev);
        return s;
    }

    private static decimal? Dec(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();

    private static (int, int, int) Week(JsonElement w) =>
        (w.GetProperty("marks").GetInt32(), w.GetProperty("failing").GetInt32(), w.GetProperty("missed").GetInt32());

    [Fact]
    public async Task The_class_teacher_sees_his_class_counted_by_hand()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var r = await leader.GetFromJsonAsync<JsonElement>(Url(s, s.A.Id));

        Assert.Equal("5А", r.GetProperty("class").GetString());
        // Student averages (journal rule, then the mean of his subjects):
        // Андреев mathematics (5 + 4 + 5 × 2) ÷ 4 = 4.75, Russian 3 → 3.875 ≈ 3.88; Борисов (2 + 3) ÷ 2 = 2.50;
        // Васильев mathematics 4, Russian 5 → 4.50; Григорьев (2 + 2) ÷ 2 = 2.00. Class: (3.88 + 2.5 + 4.5 + 2) ÷ 4 = 3.22.
        Assert.Equal(3.22m, r.GetProperty("average").GetDecimal());
        Assert.Equal(
        [
            ("Андреев Иван Иванович", 3.88m), ("Борисов Иван Иванович", 2.50m), ("Васильев Иван Иванович", 4.50m),
            ("Григорьев Иван Иванович", 2.00m),
        ], r.GetProperty("students").EnumerateArray().Select(x => (x.GetProperty("student").GetString(), Dec(x.GetProperty("average")))));
        Assert.Equal([("Математика", 4.75m), ("Русский язык", 3.00m)], r.GetProperty("students")[0].GetProperty("subjects").EnumerateArray()
            .Select(x => (x.GetProperty("subject").GetString(), Dec(x.GetProperty("average")))));
        // Subjects: mathematics (4.75 + 2.5 + 4 + 2) ÷ 4 = 3.3125 ≈ 3.31, three «2» (Борисов's, Григорьев's two);
        // Russian (3 + 5) ÷ 2 = 4.00 over two students with marks. Period grades: mathematics (5 + 5 + 4 + 3) ÷ 4 = 4.25 in the
        // 1st quarter, (5 + 4 + 3 + 2) ÷ 4 = 3.50 in the 2nd; Russian 4 and none.
        Assert.Equal([("Математика", 4, 3.31m, 3, 4.25m, 3.50m), ("Русский язык", 2, 4.00m, 0, 4.00m, (decimal?)null)],
            r.GetProperty("subjects").EnumerateArray().Select(x => (x.GetProperty("subject").GetString(), x.GetProperty("students").GetInt32(),
                Dec(x.GetProperty("average")), x.GetProperty("failingMarks").GetInt32(), Dec(x.GetProperty("periods")[0]),
                Dec(x.GetProperty("periods")[1]))));
        // Dynamics: period grades (5 + 5 + 4 + 3 + 4) ÷ 5 = 4.20, then 14 ÷ 4 = 3.50; current averages: 1st quarter Андреев 3,
        // Борисов 4 → 3.50; 2nd quarter 3.22 as above.
        Assert.Equal([("1 четверть", 4.20m, 3.50m), ("2 четверть", 3.50m, 3.22m)], r.GetProperty("periods").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), Dec(p.GetProperty("gradeAverage")), Dec(p.GetProperty("currentAverage")))));
        // A student's period grades: Андреев (5 + 4) ÷ 2 = 4.50 then 5; Борисов 5 then 4; Васильев 4 then 3; Григорьев 3 then 2.
        Assert.Equal([(4.50m, 5.00m), (5.00m, 4.00m), (4.00m, 3.00m), (3.00m, 2.00m)], r.GetProperty("students").EnumerateArray()
            .Select(x => (Dec(x.GetProperty("periods")[0]), Dec(x.GetProperty("periods")[1]))));
        // Absences: 3 mathematics + 2 Russian lessons held by today for each of four = 20; Васильев Н, Борисов Б → 2, 10 %.
        var a = r.GetProperty("absences");
        Assert.Equal((20, 1, 1, 0, 2, 10.0m), (a.GetProperty("held").GetInt32(), a.GetProperty("absent").GetInt32(),
            a.GetProperty("ill").GetInt32(), a.GetProperty("excused").GetInt32(), a.GetProperty("missed").GetInt32(),
            a.GetProperty("missedPercent").GetDecimal()));
        // «2»: Борисов's of 10.11 corrected by his «3» of 17.11; Григорьев's two are not.
        Assert.Equal((3, 2), (r.GetProperty("failingMarks").GetInt32(), r.GetProperty("failingNotCorrected").GetInt32()));
        Assert.Equal([(0, 0), (1, 0), (0, 0), (2, 2)], r.GetProperty("students").EnumerateArray()
            .Select(x => (x.GetProperty("failingMarks").GetInt32(), x.GetProperty("failingNotCorrected").GetInt32())));
        // (Н, Б): Васильев's Н of 17.11, Борисов's Б of 12.11.
        Assert.Equal([(0, 0), (0, 1), (1, 0), (0, 0)], r.GetProperty("students").EnumerateArray()
            .Select(x => (x.GetProperty("absences").GetProperty("absent").GetInt32(), x.GetProperty("absences").GetProperty("ill").GetInt32())));
        // The week 17.11–23.11: marks of 17.11 (3), 20.11 (2), 19.11 (1) = 6, Григорьев's two «2», Васильев's Н = 1.
        // The week before, 10.11–16.11: 10.11 (3) and 12.11 (1) = 4, Борисов's «2», Борисов's Б. The 20.10 marks are in neither.
        Assert.Equal("2026-11-17", r.GetProperty("weekFrom").GetString());
        Assert.Equal((6, 2, 1), Week(r.GetProperty("thisWeek")));
        Assert.Equal((4, 1, 1), Week(r.GetProperty("lastWeek")));
        Assert.Equal([((2, 0, 0), (2, 0, 0)), ((1, 0, 0), (1, 1, 1)), ((1, 0, 1), (1, 0, 0)), ((2, 2, 0), (0, 0, 0))],
            r.GetProperty("students").EnumerateArray().Select(x => (Week(x.GetProperty("thisWeek")), Week(x.GetProperty("lastWeek")))));
        Assert.Contains("последних семи дней", r.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_class_teacher_sees_only_his_class_and_others_are_refused()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var other = await leader.GetAsync(Url(s, s.Bclass.Id));
        var unknown = await leader.GetAsync(Url(s, 999_999));
        var noClass = await leader.GetAsync($"/api/v1/reports/class-analysis?periodId={s.Quarter2.Id}");
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync(Url(s, s.A.Id));
        var parent = await (await _app.ApiClientAsync("orlova")).GetAsync(Url(s, s.A.Id));
        var page = await (await _app.PageClientAsync("belova")).GetAsync($"/Reports/ClassAnalysis?periodId={s.Quarter2.Id}&classId={s.A.Id}");
        var deputy = await (await _app.ApiClientAsync("fedorova")).GetFromJsonAsync<JsonElement>(Url(s, s.Bclass.Id));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("Класс недоступен", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noClass.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, parent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Нет доступа", await page.Content.ReadAsStringAsync());
        // The deputy reads any class: 5Б, Дмитриев's «2» of 19.11 this week.
        Assert.Equal("5Б", deputy.GetProperty("class").GetString());
        Assert.Equal((1, 1, 0), Week(deputy.GetProperty("thisWeek")));
    }

    [Fact]
    public async Task An_empty_period_shows_no_numbers()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var r = await director.GetFromJsonAsync<JsonElement>(
            $"/api/v1/reports/class-analysis?periodId={s.B.Quarters[2].Id}&classId={s.A.Id}");

        // The 3rd quarter has not begun: no lessons, no marks, no grades; the two quarters before still show their dynamics.
        Assert.Equal(JsonValueKind.Null, r.GetProperty("average").ValueKind);
        Assert.Equal(0, r.GetProperty("absences").GetProperty("held").GetInt32());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("absences").GetProperty("missedPercent").ValueKind);
        Assert.Equal(0, r.GetProperty("failingMarks").GetInt32());
        Assert.Equal(4, r.GetProperty("students").GetArrayLength());
        Assert.All(r.GetProperty("students").EnumerateArray(), x => Assert.Equal(JsonValueKind.Null, x.GetProperty("average").ValueKind));
        Assert.Equal(["1 четверть", "2 четверть"], r.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_page_and_the_downloads_carry_the_same_numbers()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leaderPages = await _app.PageClientAsync("kozlova");
        var director = await _app.ApiClientAsync("petrov");
        var directorPages = await _app.PageClientAsync("petrov");

        var page = await leaderPages.GetPageAsync($"/Reports/ClassAnalysis?periodId={s.Quarter2.Id}");
        var directorPage = await directorPages.GetPageAsync($"/Reports/ClassAnalysis?periodId={s.Quarter2.Id}&classId={s.Bclass.Id}");
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync(Url(s, s.A.Id, "&format=csv")));
        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync(Url(s, s.A.Id, "&format=xlsx"))));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync(Url(s, s.A.Id, "&format=pdf")));

        // The class teacher is offered his class only, and it is chosen without asking.
        Assert.Equal(["5А"], page.QuerySelectorAll("select[name=classId] option").Select(o => o.TextContent.Trim()));
        Assert.Contains("Анализ класса 5А, 2 четверть", page.One("h1").TextContent);
        Assert.Equal(["5А", "4", "3,22", "2", "10", "3", "2"], page.One("table.summary tbody tr").Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Новых отметок", "6", "4", "+2"], page.QuerySelectorAll("table.week tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Из них «2» и «1»", "2", "1", "+1"],
            page.QuerySelectorAll("table.week tbody tr")[1].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Пропущено уроков", "1", "1", "без изменений"],
            page.QuerySelectorAll("table.week tbody tr")[2].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["1 четверть", "4,2", "3,5"], page.QuerySelectorAll("table.periods tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Математика", "4", "3,31", "3", "4,25", "3,5"],
            page.QuerySelectorAll("table.subjects tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Григорьев Иван Иванович", "2", "3", "2", "0", "0", "0", "0", "2 (2)", "2", "2", "0"],
            page.QuerySelectorAll("table.students tbody tr")[3].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["Андреев Иван Иванович", "4,75", "3"],
            page.QuerySelectorAll("table.matrix tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(2, page.QuerySelectorAll("figure.chart svg").Length);
        // The director chooses among every class.
        Assert.Equal(["5А", "5Б"], directorPage.QuerySelectorAll("select[name=classId] option").Select(o => o.TextContent.Trim()));
        Assert.Contains("Анализ класса 5Б", directorPage.One("h1").TextContent);

        var lines = csv.Split("\r\n");
        Assert.Equal(["Григорьев Иван Иванович", "2", "5", "0", "0", "0", "0", "0", "2", "2", "2", "2", "0", "0", "0", "0"],
            lines.First(l => l.StartsWith("Григорьев", StringComparison.Ordinal)).Split(';'));
        Assert.Equal(["Класс", "3.22", "20", "1", "1", "0", "2", "10", "3", "2", "6", "2", "1", "4", "1", "1"],
            lines.First(l => l.StartsWith("Класс;", StringComparison.Ordinal)).Split(';'));
        Assert.Contains(lines, l => l.StartsWith("Математика;4;3.31;3;4.25;3.5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2 четверть;3.5;3.22", StringComparison.Ordinal));
        Assert.Equal(["Учащийся", "Средний балл", "Уроков"], xlsx[0][..3]);
        Assert.Equal(["Васильев Иван Иванович", "Русский язык", "1", "5"], xlsx[^3]);
        Assert.Equal(["Григорьев Иван Иванович", "Русский язык", "0"], xlsx[^1]);
        Assert.Contains("Анализ класса 5А, 2 четверть", pdf);
        Assert.Contains("Динамика по периодам", pdf);
    }
}
