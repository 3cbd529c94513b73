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
/// «Неудовлетворительные отметки» (R-REP-4) against a small school counted by hand; the 2nd quarter runs 03.11–28.12.
/// 5А: Андреев «2» (answer, 10.11) corrected by an answer «4» on 12.11; Борисов «2» (answer, 10.11) followed only by a control
/// «5» — another work type, not corrected; Васильев «1» (control, 12.11), not corrected; Григорьев a make-up «2» for the Russian
/// lesson of 17.11 he missed, then a make-up «3» for the same lesson — corrected. Андреев's «2» of 20.10 is in the 1st quarter.
/// 5Б: Дмитриев «2» (11.11) corrected by a «3» on 19.11.
/// </summary>
public sealed class FailingMarksReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(ReportsSchool s, string more = "") => $"/api/v1/reports/failing-marks?periodId={s.Quarter2.Id}{more}";

    private static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var (andreev, borisov, vasiliev, grigoriev) = (s.Four[0], s.Four[1], s.Four[2], s.Four[3]);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        var sokolova = await b.StaffAsync("Соколова", "Мария", "Игоревна", "sokolova", Roles.Teacher);
        var russian = await b.GroupAsync("Русский язык", sokolova, [s.A]);
        var old = await b.LessonAsync(s.MathA, new DateOnly(2026, 10, 20), 1, s.Teacher, "Десятичные дроби");
        await b.MarkAsync(old, andreev, "2");
        var l1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 10), 1, s.Teacher, "Дроби");
        await b.MarkAsync(l1, andreev, "2");
        await b.MarkAsync(l1, borisov, "2");
        var l2 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 12), 1, s.Teacher, "Сложение дробей");
        await b.MarkAsync(l2, andreev, "4");
        await b.MarkAsync(l2, borisov, "5", control);
        await b.MarkAsync(l2, vasiliev, "1", control);
        var r1 = await b.LessonAsync(russian, new DateOnly(2026, 11, 17), 2, sokolova, "Причастие");
        await b.AttendanceAsync(r1, grigoriev, AttendanceCode.Absent);
        (await b.MarkAsync(r1, grigoriev, "2")).IsMakeUp = true;
        (await b.MarkAsync(r1, grigoriev, "3")).IsMakeUp = true;
        await b.Db.SaveChangesAsync();
        var b1 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 11), 1, s.Teacher, "Дроби");
        await b.MarkAsync(b1, s.Other, "2");
        var b2 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 19), 1, s.Teacher, "Сравнение дробей");
        await b.MarkAsync(b2, s.Other, "3");
        await b.ParentAsync("Орлова", "Елена", "orlova", andreev);
        return s;
    }

    // (name, students, with a «2», «2»s, corrected, not corrected)
    private static (string?, int, int, int, int, int) Count(JsonElement c) => (c.GetProperty("name").GetString(),
        c.GetProperty("students").GetInt32(), c.GetProperty("withFailing").GetInt32(), c.GetProperty("marks").GetInt32(),
        c.GetProperty("corrected").GetInt32(), c.GetProperty("notCorrected").GetInt32());

    [Fact]
    public async Task The_school_counts_the_failing_marks_per_class_and_subject()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var report = await deputy.GetFromJsonAsync<JsonElement>(Url(s));

        // 5А: four students, each with one «2» or «1»; Андреев's and Григорьев's corrected.
        Assert.Equal([("5А", 4, 4, 4, 2, 2), ("5Б", 1, 1, 1, 1, 0)], report.GetProperty("classes").EnumerateArray().Select(Count));
        Assert.Equal(("Итого", 5, 5, 5, 3, 2), Count(report.GetProperty("total")));
        // Mathematics: Андреев, Борисов, Васильев, Дмитриев (Андреев's and Дмитриев's corrected); Russian: Григорьев.
        Assert.Equal([("Математика", 4, 4, 4, 2, 2), ("Русский язык", 1, 1, 1, 1, 0)],
            report.GetProperty("subjects").EnumerateArray().Select(Count));
        Assert.Empty(report.GetProperty("marks").EnumerateArray());
        Assert.Contains("того же вида работы", report.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task The_class_teacher_sees_each_mark_and_whether_it_was_corrected()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var report = await leader.GetFromJsonAsync<JsonElement>(Url(s, $"&classId={s.A.Id}"));

        Assert.Equal(
        [
            ("Андреев Иван Иванович", "2026-11-10", "Математика", "Дроби", "Ответ на уроке", "2", "Смирнова Анна Викторовна", true,
                "2026-11-12", "4"),
            ("Борисов Иван Иванович", "2026-11-10", "Математика", "Дроби", "Ответ на уроке", "2", "Смирнова Анна Викторовна", false, null, null),
            ("Васильев Иван Иванович", "2026-11-12", "Математика", "Сложение дробей", "Контрольная работа", "1", "Смирнова Анна Викторовна", false,
                null, null),
            ("Григорьев Иван Иванович", "2026-11-17", "Русский язык", "Причастие", "Ответ на уроке", "2", "Соколова Мария Игоревна", true,
                "2026-11-17", "3"),
        ], report.GetProperty("marks").EnumerateArray().Select(m => (m.GetProperty("student").GetString(), m.GetProperty("date").GetString(),
            m.GetProperty("subject").GetString(), m.GetProperty("topic").GetString(), m.GetProperty("workType").GetString(),
            m.GetProperty("value").GetString(), m.GetProperty("teacher").GetString(), m.GetProperty("corrected").GetBoolean(),
            m.GetProperty("correctedOn").GetString(), m.GetProperty("correctedWith").GetString())));
        Assert.Equal([("Андреев Иван Иванович", 1, 1, 1, 1, 0), ("Борисов Иван Иванович", 1, 1, 1, 0, 1),
                ("Васильев Иван Иванович", 1, 1, 1, 0, 1), ("Григорьев Иван Иванович", 1, 1, 1, 1, 0)],
            report.GetProperty("students").EnumerateArray().Select(Count));
        Assert.Equal(["5А"], report.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Another_class_teacher_a_teacher_and_a_parent_are_refused()
    {
        var s = await _app.SeedAsync(BuildAsync);

        var otherLeader = await (await _app.ApiClientAsync("belova")).GetAsync(Url(s, $"&classId={s.A.Id}"));
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync(Url(s));
        var parent = await (await _app.ApiClientAsync("orlova")).GetAsync(Url(s));
        var page = await (await _app.PageClientAsync("belova")).GetAsync($"/Reports/FailingMarks?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, otherLeader.StatusCode);
        Assert.Equal("Класс недоступен", (await otherLeader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, parent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task The_downloads_and_the_page_carry_the_same_numbers()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");
        var pages = await _app.PageClientAsync("petrov");

        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync(Url(s, "&format=xlsx"))));
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync(Url(s, $"&classId={s.A.Id}&format=csv")));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync(Url(s, $"&classId={s.A.Id}&format=pdf")));
        var format = await director.GetAsync(Url(s, "&format=doc"));
        var page = await pages.GetPageAsync($"/Reports/FailingMarks?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        Assert.Equal(["Класс / предмет", "Учащихся", "С «2»", "Отметок «2»", "Исправлено", "Не исправлено"], xlsx[0]);
        Assert.Equal(["5А", "4", "4", "4", "2", "2"], xlsx.Single(r => r.Length > 0 && r[0] == "5А"));
        Assert.Equal(["Итого", "5", "5", "5", "3", "2"], xlsx.Single(r => r.Length > 0 && r[0] == "Итого"));
        Assert.Equal(["Русский язык", "1", "1", "1", "1", "0"], xlsx.Single(r => r.Length > 0 && r[0] == "Русский язык"));
        var csvRow = csv.Split("\r\n").Single(l => l.StartsWith("Борисов", StringComparison.Ordinal)).Split(';');
        Assert.Equal(["Борисов Иван Иванович", "10.11.2026", "Математика", "Дроби", "Ответ на уроке", "2", "Смирнова Анна Викторовна", "нет"],
            csvRow);
        Assert.Contains("Неудовлетворительные отметки, 2 четверть", pdf);
        Assert.Contains("Васильев Иван Иванович", pdf);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);

        Assert.Equal(["5А", "4", "4", "4", "2", "2"],
            page.QuerySelectorAll("table.failing tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(4, page.QuerySelectorAll("table.marks tbody tr").Length);
        Assert.Equal(2, page.QuerySelectorAll("table.marks tbody tr.warn").Length);
        Assert.Equal("да: «4» 12.11.2026", page.QuerySelectorAll("table.marks tbody tr")[0].Children[7].TextContent.Trim());
        Assert.Contains("того же вида работы", page.One("p.rule").TextContent);
    }
}
