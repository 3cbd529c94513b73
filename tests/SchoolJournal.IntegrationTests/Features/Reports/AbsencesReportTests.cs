using System.Globalization;
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
/// «Пропуски» (R-REP-3) against a small school counted by hand. Today is Monday 23.11.2026; the 2nd quarter runs 03.11–28.12.
/// 5А has mathematics on 10.11, 12.11, 17.11, 18.11 (cancelled), 20.11 and 24.11 (not yet held) and Russian on 17.11 and 20.11:
/// 4 + 2 = 6 lessons held for each of its four students. Ершов was in 5Б (mathematics on 11.11) until 15.11, then in 5А
/// (mathematics 17.11 and 20.11, no Russian): 3 lessons, all counted in 5А, where he is at the quarter's end.
/// 5Б: Дмитриев, mathematics on 11.11 and 19.11: 2 lessons.
/// </summary>
public sealed class AbsencesReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(ReportsSchool s, string more = "") => $"/api/v1/reports/absences?periodId={s.Quarter2.Id}{more}";

    private static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var (andreev, borisov, vasiliev) = (s.Four[0], s.Four[1], s.Four[2]);
        var russian = await b.GroupAsync("Русский язык", s.Teacher, [s.A]);
        var moved = await b.StudentAsync(s.Bclass, "Ершов", "Глеб");
        await b.MembershipAsync(s.MathB, moved, b.Year.Start, new DateOnly(2026, 11, 15));
        await b.TransferAsync(moved, s.A, new DateOnly(2026, 11, 16));
        await b.MembershipAsync(s.MathA, moved, new DateOnly(2026, 11, 16));
        var l1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 10), 1, s.Teacher, "Дроби");
        var l2 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 12), 1, s.Teacher, "Сложение дробей");
        var l3 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 17), 1, s.Teacher, "Вычитание дробей");
        var l4 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 18), 2, s.Teacher, "Умножение дробей");
        var l5 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher, "Деление дробей");
        var l6 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 24), 1, s.Teacher, "Проценты");
        var r1 = await b.LessonAsync(russian, new DateOnly(2026, 11, 17), 2, s.Teacher, "Причастие");
        await b.LessonAsync(russian, new DateOnly(2026, 11, 20), 2, s.Teacher, "Деепричастие");
        var b1 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 11), 1, s.Teacher, "Дроби");
        var b2 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 19), 1, s.Teacher, "Сравнение дробей");
        l4.Status = LessonStatus.Cancelled;
        await b.Db.SaveChangesAsync();
        // Андреев: Н on 10.11, made up with a «4»; late (ОП) on 12.11.
        await b.AttendanceAsync(l1, andreev, AttendanceCode.Absent);
        (await b.MarkAsync(l1, andreev, "4")).IsMakeUp = true;
        await b.Db.SaveChangesAsync();
        await b.AttendanceAsync(l2, andreev, AttendanceCode.Late);
        // Борисов: the class teacher's Б for 17.11 → mathematics that day; Russian that day its teacher marked У herself.
        await b.DailyAbsenceAsync(borisov, s.A, new DateOnly(2026, 11, 17), AttendanceCode.Ill);
        await b.AttendanceAsync(r1, borisov, AttendanceCode.Excused);
        // Васильев: У on 20.11 with an ordinary mark (no make-up); Н in the cancelled lesson and in the lesson not yet held.
        await b.AttendanceAsync(l5, vasiliev, AttendanceCode.Excused);
        await b.MarkAsync(l5, vasiliev, "5");
        await b.AttendanceAsync(l4, vasiliev, AttendanceCode.Absent);
        await b.AttendanceAsync(l6, vasiliev, AttendanceCode.Absent);
        // Ершов: Н in 5Б on 11.11, before his move. Дмитриев: Б on 19.11.
        await b.AttendanceAsync(b1, moved, AttendanceCode.Absent);
        await b.AttendanceAsync(b2, s.Other, AttendanceCode.Ill);
        await b.ParentAsync("Орлова", "Елена", "orlova", andreev);
        return s;
    }

    private static (string?, int, int, int, int, int, int, decimal?, int) Row(JsonElement row, string nameProperty)
    {
        var t = row.GetProperty("lessons");
        return (row.GetProperty(nameProperty).GetString(), t.GetProperty("held").GetInt32(), t.GetProperty("absent").GetInt32(),
            t.GetProperty("ill").GetInt32(), t.GetProperty("excused").GetInt32(), t.GetProperty("late").GetInt32(),
            t.GetProperty("missed").GetInt32(),
            t.GetProperty("missedPercent").ValueKind == JsonValueKind.Null ? null : t.GetProperty("missedPercent").GetDecimal(),
            row.TryGetProperty("students", out var n) ? n.GetInt32() : row.GetProperty("madeUp").GetInt32());
    }

    [Fact]
    public async Task The_school_counts_missed_lessons_by_reason_and_week()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var report = await director.GetFromJsonAsync<JsonElement>(Url(s));

        // (name, held, Н, Б, У, ОП, missed = Н + Б + У, missed ÷ held × 100, students)
        Assert.Equal(
        [
            // 6 + 6 + 6 + 6 + 3 = 27 held; Н: Андреев, Ершов; Б: Борисов (daily); У: Борисов, Васильев; ОП: Андреев;
            // 5 missed ÷ 27 = 18.52 → 18.5 %.
            ("5А", 27, 2, 1, 2, 1, 5, 18.5m, 5),
            // Дмитриев: 1 ÷ 2 = 50 %; Ершов left for 5А.
            ("5Б", 2, 0, 1, 0, 0, 1, 50.0m, 1),
        ], report.GetProperty("classes").EnumerateArray().Select(c => Row(c, "name")));
        // 6 ÷ 29 = 20.69 → 20.7 %.
        Assert.Equal(("Итого", 29, 2, 2, 2, 1, 6, 20.7m, 6), Row(report.GetProperty("total"), "name"));
        // Weeks from Tuesday 03.11 to today: 10.11 and 11.11; 17.11 (two), 19.11 and 20.11; nothing yet on 23.11.
        Assert.Equal([("2026-11-03", "2026-11-08", 0), ("2026-11-09", "2026-11-15", 2), ("2026-11-16", "2026-11-22", 4),
                ("2026-11-23", "2026-11-29", 0)],
            report.GetProperty("weeks").EnumerateArray().Select(w => (w.GetProperty("from").GetString(), w.GetProperty("to").GetString(),
                w.GetProperty("missed").GetInt32())));
        Assert.Empty(report.GetProperty("students").EnumerateArray());
        Assert.Contains("в последний день периода", report.GetProperty("rule").GetString());
        Assert.Equal("2026-11-23", report.GetProperty("countedTo").GetString());
    }

    [Fact]
    public async Task The_class_teacher_sees_each_student_and_the_topics_missed_and_made_up()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var report = await leader.GetFromJsonAsync<JsonElement>(Url(s, $"&classId={s.A.Id}"));

        // (name, held, Н, Б, У, ОП, missed, share, topics made up)
        Assert.Equal(
        [
            ("Андреев Иван Иванович", 6, 1, 0, 0, 1, 1, 16.7m, 1), // 1 ÷ 6 = 16.67; the ОП is no missed lesson
            ("Борисов Иван Иванович", 6, 0, 1, 1, 0, 2, 33.3m, 0), // the day's Б in mathematics, the teacher's own У in Russian
            ("Васильев Иван Иванович", 6, 0, 0, 1, 0, 1, 16.7m, 0), // the cancelled and the future lesson do not count
            ("Григорьев Иван Иванович", 6, 0, 0, 0, 0, 0, 0.0m, 0),
            ("Ершов Глеб Иванович", 3, 1, 0, 0, 0, 1, 33.3m, 0), // his 5Б absence goes with him to 5А
        ], report.GetProperty("students").EnumerateArray().Select(x => Row(x, "student")));
        Assert.Equal(
        [
            ("Андреев Иван Иванович", "2026-11-10", "Математика", "Дроби", "Н", false, true),
            ("Борисов Иван Иванович", "2026-11-17", "Математика", "Вычитание дробей", "Б", true, false),
            ("Борисов Иван Иванович", "2026-11-17", "Русский язык", "Причастие", "У", false, false),
            ("Васильев Иван Иванович", "2026-11-20", "Математика", "Деление дробей", "У", false, false),
            ("Ершов Глеб Иванович", "2026-11-11", "Математика", "Дроби", "Н", false, false),
        ], report.GetProperty("topics").EnumerateArray().Select(t => (t.GetProperty("student").GetString(), t.GetProperty("date").GetString(),
            t.GetProperty("subject").GetString(), t.GetProperty("topic").GetString(), t.GetProperty("reason").GetString(),
            t.GetProperty("fromDaily").GetBoolean(), t.GetProperty("madeUp").GetBoolean())));
        Assert.Equal([0, 2, 3, 0], report.GetProperty("weeks").EnumerateArray().Select(w => w.GetProperty("missed").GetInt32()));
        Assert.Equal(["5А"], report.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Another_class_teacher_a_teacher_and_a_parent_are_refused()
    {
        var s = await _app.SeedAsync(BuildAsync);

        var otherLeader = await (await _app.ApiClientAsync("belova")).GetAsync(Url(s, $"&classId={s.A.Id}"));
        var ownLeader = await (await _app.ApiClientAsync("kozlova")).GetAsync(Url(s, $"&classId={s.Bclass.Id}"));
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync(Url(s));
        var parent = await (await _app.ApiClientAsync("orlova")).GetAsync(Url(s));
        var page = await (await _app.PageClientAsync("belova")).GetAsync($"/Reports/Absences?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, otherLeader.StatusCode);
        Assert.Equal("Класс недоступен", (await otherLeader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ownLeader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, parent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task The_downloads_carry_the_same_numbers_as_the_report()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var director = await _app.ApiClientAsync("petrov");

        var xlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync(Url(s, "&format=xlsx"))));
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync(Url(s, $"&classId={s.A.Id}&format=csv")));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync(Url(s, $"&classId={s.A.Id}&format=pdf")));
        var format = await director.GetAsync(Url(s, "&format=doc"));

        Assert.Equal(["Класс", "Учащихся", "Уроков проведено", "Н", "Б", "У", "Пропущено уроков", "Доля пропусков, %", "ОП"], xlsx[0]);
        Assert.Equal(["5А", "5", "27", "2", "1", "2", "5", "18.5", "1"], xlsx.Single(r => r.Length > 0 && r[0] == "5А"));
        Assert.Equal(["Итого", "6", "29", "2", "2", "2", "6", "20.7", "1"], xlsx.Single(r => r.Length > 0 && r[0] == "Итого"));
        var csvLines = csv.Split("\r\n");
        Assert.Equal(["Андреев Иван Иванович", "6", "1", "0", "0", "1", "16.7", "1", "1"],
            csvLines.First(l => l.StartsWith("Андреев", StringComparison.Ordinal)).Split(';'));
        Assert.Contains("Пропуски, 2 четверть", pdf);
        Assert.Contains("Борисов Иван Иванович 6 0 1 1 2 33,3 0 0", pdf);
        // The missed topics, as the page lists them, under the students in every file of one class.
        var topics = csvLines.SkipWhile(l => !l.StartsWith("Пропущенные темы;", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim(';').Length > 0).Select(l => l.TrimEnd(';').Split(';')).ToList();
        Assert.Equal(
        [
            ["Учащийся", "Дата", "Урок", "Предмет", "Тема урока", "Причина", "Отработана"],
            ["Андреев Иван Иванович", "10.11.2026", "1", "Математика", "Дроби", "Н", "да"],
            ["Борисов Иван Иванович", "17.11.2026", "1", "Математика", "Вычитание дробей", "Б (за день)", "нет"],
            ["Борисов Иван Иванович", "17.11.2026", "2", "Русский язык", "Причастие", "У", "нет"],
            ["Васильев Иван Иванович", "20.11.2026", "1", "Математика", "Деление дробей", "У", "нет"],
            ["Ершов Глеб Иванович", "11.11.2026", "1", "Математика", "Дроби", "Н", "нет"],
        ], topics);
        var classXlsx = Xlsx.Read(new MemoryStream(await director.GetByteArrayAsync(Url(s, $"&classId={s.A.Id}&format=xlsx"))));
        Assert.Equal(["Ершов Глеб Иванович", "2026-11-11", "1", "Математика", "Дроби", "Н", "нет"], classXlsx[^1]);
        Assert.Contains("Пропущенные темы", pdf);
        Assert.Contains("Причастие", pdf);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
    }

    [Fact]
    public async Task The_page_shows_the_classes_the_chart_the_students_and_the_topics()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var leader = await _app.PageClientAsync("kozlova");

        var page = await leader.GetPageAsync($"/Reports/Absences?periodId={s.Quarter2.Id}&classId={s.A.Id}");
        var byDefault = await leader.GetPageAsync("/Reports/Absences");

        Assert.Equal(["5А", "Итого по классу"], page.QuerySelectorAll("table.absences tbody tr").Select(r => r.Children[0].TextContent.Trim()));
        Assert.Equal(["5", "27", "2", "1", "2", "5", "18,5", "1"],
            page.QuerySelectorAll("table.absences tbody tr")[0].Children.Skip(1).Select(c => c.TextContent.Trim()));
        Assert.Equal(4, page.QuerySelectorAll("figure.chart svg rect").Length);
        Assert.Equal(["0", "2", "3", "0"], page.QuerySelectorAll("table.weeks tbody td").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Андреев Иван Иванович", "6", "1", "0", "0", "1", "16,7", "1", "1"],
            page.QuerySelectorAll("table.students tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(5, page.QuerySelectorAll("table.topics tbody tr").Length);
        Assert.Equal(4, page.QuerySelectorAll("table.topics tbody tr.warn").Length);
        Assert.Contains("в последний день периода", page.One("p.rule").TextContent);
        Assert.Contains("Пропуски, 2 четверть", byDefault.One("h1").TextContent);
    }
}
