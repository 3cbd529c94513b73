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
/// «Результаты ВШК» (R-REP-2) against a small school counted by hand. Today is Monday 23.11.2026; the 2nd quarter runs
/// 03.11–28.12. Mathematics control works of 5А (Андреев, Борисов, Васильев, Григорьев): 20.10 (1st quarter, the previous one),
/// 12.11, 19.11 (two marks missing: overdue since the end of 22.11), 20.11 (no marks yet, due by the end of today), 25.11
/// (planned). 5Б (Дмитриев): 21.10 (previous), 16.11 (no lesson in the journal), 18.11.
/// </summary>
public sealed class ControlWorksReportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(ReportsSchool s, string more = "") => $"/api/v1/reports/control-works?periodId={s.Quarter2.Id}{more}";

    private static async Task<ReportsSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await ReportsSchool.BuildAsync(b);
        var (andreev, borisov, vasiliev, grigoriev) = (s.Four[0], s.Four[1], s.Four[2], s.Four[3]);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        async Task WorkAsync(SchoolClass cls, DateOnly date, int? number = null)
        {
            b.Db.ControlWorks.Add(new ControlWork
            {
                SchoolId = b.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = cls.Id, SubjectId = cls == s.A ? s.MathA.SubjectId
                    : s.MathB.SubjectId, Date = date, LessonNumber = number, Form = ControlForm.ControlWork, Title = "Контрольная работа",
                CreatedAt = b.Now,
            });
            await b.Db.SaveChangesAsync();
        }
        async Task MarksAsync(Lesson lesson, params (Student Student, string Value)[] marks)
        {
            foreach (var (student, value) in marks) await b.MarkAsync(lesson, student, value, control);
        }
        // 5А, 20.10: 4, 3, 3, 3 → average 13 ÷ 4 = 3.25, качество 1 ÷ 4 = 25 %.
        var a1 = await b.LessonAsync(s.MathA, new DateOnly(2026, 10, 20), 1, s.Teacher, "Дроби");
        await MarksAsync(a1, (andreev, "4"), (borisov, "3"), (vasiliev, "3"), (grigoriev, "3"));
        await WorkAsync(s.A, a1.Date);
        // 5А, 12.11: 5, 5, 3, 2 (and an answer «4» of Васильев, no control mark: not counted).
        var a2 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 12), 1, s.Teacher, "Сложение дробей");
        await MarksAsync(a2, (andreev, "5"), (borisov, "5"), (vasiliev, "3"), (grigoriev, "2"));
        await b.MarkAsync(a2, vasiliev, "4");
        await WorkAsync(s.A, a2.Date);
        // 5А, 19.11 (2nd lesson of the day; the 1st is an ordinary one with a control mark that is not this work's): 4, 5.
        var before = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 19), 1, s.Teacher, "Повторение");
        await b.MarkAsync(before, vasiliev, "2", control);
        var a3 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 19), 2, s.Teacher, "Контрольная работа по теме «Дроби»");
        await MarksAsync(a3, (andreev, "4"), (borisov, "5"));
        await WorkAsync(s.A, a3.Date, 2);
        var a4 = await b.LessonAsync(s.MathA, new DateOnly(2026, 11, 20), 1, s.Teacher, "Умножение дробей");
        await WorkAsync(s.A, a4.Date);
        await WorkAsync(s.A, new DateOnly(2026, 11, 25));
        // 5Б: 21.10 a «3»; 16.11 no lesson; 18.11 a «2».
        var b1 = await b.LessonAsync(s.MathB, new DateOnly(2026, 10, 21), 1, s.Teacher, "Дроби");
        await MarksAsync(b1, (s.Other, "3"));
        await WorkAsync(s.Bclass, b1.Date);
        await WorkAsync(s.Bclass, new DateOnly(2026, 11, 16));
        var b3 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 18), 1, s.Teacher, "Сложение дробей");
        await MarksAsync(b3, (s.Other, "2"));
        await WorkAsync(s.Bclass, b3.Date);
        await b.ParentAsync("Орлова", "Елена", "orlova", andreev);
        return s;
    }

    private static decimal? Dec(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();

    // (date, class, status, students, written, 5, 4, 3, 2, share of 2s, успеваемость, качество, average)
    private static (string?, string?, string?, int, int, int, int, int, int, decimal?, decimal?, decimal?, decimal?) Work(JsonElement w)
    {
        var m = w.GetProperty("marks");
        return (w.GetProperty("date").GetString(), w.GetProperty("class").GetString(), w.GetProperty("status").GetString(),
            w.GetProperty("students").GetInt32(), w.GetProperty("written").GetInt32(), m.GetProperty("fives").GetInt32(),
            m.GetProperty("fours").GetInt32(), m.GetProperty("threes").GetInt32(), m.GetProperty("twos").GetInt32(), Dec(m, "twosPercent"),
            Dec(m, "progressPercent"), Dec(m, "qualityPercent"), Dec(m, "average"));
    }

    [Fact]
    public async Task Each_work_has_its_marks_the_overdue_first_and_the_change_from_the_previous()
    {
        var s = await _app.SeedAsync(BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var report = await deputy.GetFromJsonAsync<JsonElement>(Url(s));

        var works = report.GetProperty("works").EnumerateArray().ToList();
        Assert.Equal(
        [
            // 19.11: two of four wrote (4, 5): 0 % twos, 100 % / 100 %, (4 + 5) ÷ 2 = 4.50; the 1st lesson's «2» is not this work's.
            ("2026-11-19", "5А", "отметки просрочены", 4, 2, 1, 1, 0, 0, 0.0m, 100.0m, 100.0m, 4.50m),
            // 12.11: 5, 5, 3, 2: 1 ÷ 4 = 25 % twos; 3 ÷ 4 = 75 %; 2 ÷ 4 = 50 %; 15 ÷ 4 = 3.75.
            ("2026-11-12", "5А", "проведена", 4, 4, 2, 0, 1, 1, 25.0m, 75.0m, 50.0m, 3.75m),
            ("2026-11-16", "5Б", "нет урока в журнале", 1, 0, 0, 0, 0, 0, null, null, null, null),
            // 18.11: one «2»: 100 % twos, 0 %, 0 %, 2.00.
            ("2026-11-18", "5Б", "проведена", 1, 1, 0, 0, 0, 1, 100.0m, 0.0m, 0.0m, 2.00m),
            // 20.11: held, no marks, due by the end of today (20.11 + 3 days = 23.11): not overdue yet.
            ("2026-11-20", "5А", "проведена", 4, 0, 0, 0, 0, 0, null, null, null, null),
            ("2026-11-25", "5А", "запланирована", 4, 0, 0, 0, 0, 0, null, null, null, null),
        ], works.Select(Work));
        Assert.Equal(1, report.GetProperty("overdueCount").GetInt32());
        var overdue = works[0];
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal("Смирнова Анна Викторовна", overdue.GetProperty("teacher").GetString());
        Assert.Equal("2026-11-22", overdue.GetProperty("due").GetString());
        Assert.Equal("Контрольная работа по теме «Дроби»", overdue.GetProperty("topic").GetString());
        Assert.Equal(["Васильев Иван Иванович", "Григорьев Иван Иванович"],
            overdue.GetProperty("missing").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(4, works[4].GetProperty("missing").GetArrayLength());

        // (previous date, its average, its качество, change of the average, change of качество)
        (string?, decimal?, decimal?, decimal?, decimal?)? Previous(JsonElement w) =>
            w.GetProperty("previous") is { ValueKind: JsonValueKind.Object } p
            ? (p.GetProperty("date").GetString(), Dec(p, "average"), Dec(p, "qualityPercent"), Dec(p, "averageChange"), Dec(p, "qualityChange"))
            : null;
        // 19.11 against 12.11: 4.50 − 3.75 = +0.75; 100 − 50 = +50.
        Assert.Equal(("2026-11-12", 3.75m, 50.0m, 0.75m, 50.0m), Previous(works[0]));
        // 12.11 against 20.10 in the 1st quarter: 3.75 − 3.25 = +0.50; 50 − 25 = +25.
        Assert.Equal(("2026-10-20", 3.25m, 25.0m, 0.50m, 25.0m), Previous(works[1]));
        // 18.11 against 21.10 (16.11 had no marks): 2.00 − 3.00 = −1.00; 0 − 0 = 0.
        Assert.Equal(("2026-10-21", 3.00m, 0.0m, -1.00m, 0.0m), Previous(works[3]));
        // 20.11 has no marks: no change, against 19.11.
        Assert.Equal(("2026-11-19", 4.50m, 100.0m, null, null), Previous(works[4]));

        // 5А: 12.11, 19.11, 20.11 held: 6 marks — 5, 5, 3, 2, 4, 5: 1 ÷ 6 = 16.7 %; 5 ÷ 6 = 83.3 %; 4 ÷ 6 = 66.7 %; 24 ÷ 6 = 4.00.
        Assert.Equal([("5А", 3, 6, 3, 1, 1, 1, 16.7m, 83.3m, 66.7m, 4.00m), ("5Б", 1, 1, 0, 0, 0, 1, 100.0m, 0.0m, 0.0m, 2.00m)],
            report.GetProperty("classes").EnumerateArray().Select(c =>
            {
                var m = c.GetProperty("marks");
                return (c.GetProperty("name").GetString(), c.GetProperty("works").GetInt32(), m.GetProperty("marks").GetInt32(),
                    m.GetProperty("fives").GetInt32(), m.GetProperty("fours").GetInt32(), m.GetProperty("threes").GetInt32(),
                    m.GetProperty("twos").GetInt32(), Dec(m, "twosPercent"), Dec(m, "progressPercent"), Dec(m, "qualityPercent"), Dec(m, "average"));
            }));
        Assert.Contains("3 календарных дней", report.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_work_whose_lesson_was_moved_is_counted_where_the_lesson_went()
    {
        // 5Б's work of 17.11 is in the schedule, but its lesson went to 19.11 (4th lesson) through «Замены и переносы»; the
        // work of 27.11 lost its lesson to 30.11, after today (23.11).
        var (s, lesson17, lesson27) = await _app.SeedAsync(async b =>
        {
            var s = await BuildAsync(b);
            var l17 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 17), 1, s.Teacher, "Решение задач");
            var l27 = await b.LessonAsync(s.MathB, new DateOnly(2026, 11, 27), 1, s.Teacher, null);
            foreach (var date in new[] { l17.Date, l27.Date })
                b.Db.ControlWorks.Add(new ControlWork
                {
                    SchoolId = b.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = s.Bclass.Id, SubjectId = s.MathB.SubjectId, Date = date,
                    Form = ControlForm.ControlWork, Title = "Контрольная работа", CreatedAt = b.Now,
                });
            await b.Db.SaveChangesAsync();
            // The «4» written in that lesson (a lesson's marks go with it when it moves).
            await b.MarkAsync(l17, s.Other, "4", b.Db.WorkTypes.Single(t => t.Name == "Контрольная работа"));
            return (s, l17, l27);
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        foreach (var (lesson, date, number) in new[] { (lesson17, "2026-11-19", 4), (lesson27, "2026-11-30", 2) })
            Assert.True((await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = lesson.Id, kind = "move", date, number }))
                .IsSuccessStatusCode);

        var works = (await deputy.GetFromJsonAsync<JsonElement>(Url(s, $"&classId={s.Bclass.Id}"))).GetProperty("works").EnumerateArray()
            .ToList();

        // The 17.11 work was written on 19.11 in the moved lesson: one «4» of one student, 100 % / 100 %, 4.00.
        Assert.Contains(("2026-11-19", "5Б", "проведена", 1, 1, 0, 1, 0, 0, 0.0m, 100.0m, 100.0m, 4.00m), works.Select(Work));
        Assert.Equal("Решение задач", works.Single(w => w.GetProperty("date").GetString() == "2026-11-19").GetProperty("topic").GetString());
        // The 27.11 work follows its lesson to 30.11 and is still to come.
        Assert.Contains(("2026-11-30", "5Б", "запланирована", 1, 0, 0, 0, 0, 0, null, null, null, null), works.Select(Work));
        Assert.DoesNotContain(works, w => w.GetProperty("status").GetString() == "нет урока в журнале"
            && w.GetProperty("date").GetString() != "2026-11-16");
    }

    [Fact]
    public async Task The_class_teacher_sees_his_class_and_others_are_refused()
    {
        var s = await _app.SeedAsync(BuildAsync);

        var own = await (await _app.ApiClientAsync("kozlova")).GetFromJsonAsync<JsonElement>(Url(s, $"&classId={s.A.Id}"));
        var otherLeader = await (await _app.ApiClientAsync("belova")).GetAsync(Url(s, $"&classId={s.A.Id}"));
        var teacher = await (await _app.ApiClientAsync("smirnova")).GetAsync(Url(s));
        var parent = await (await _app.ApiClientAsync("orlova")).GetAsync(Url(s));
        var page = await (await _app.PageClientAsync("belova")).GetAsync($"/Reports/ControlWorks?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        Assert.Equal(["2026-11-19", "2026-11-12", "2026-11-20", "2026-11-25"],
            own.GetProperty("works").EnumerateArray().Select(w => w.GetProperty("date").GetString()));
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
        var csv = Encoding.UTF8.GetString(await director.GetByteArrayAsync(Url(s, "&format=csv")));
        var (pdf, _) = PdfText.Read(await director.GetByteArrayAsync(Url(s, "&format=pdf")));
        var format = await director.GetAsync(Url(s, "&format=doc"));
        var page = await pages.GetPageAsync($"/Reports/ControlWorks?periodId={s.Quarter2.Id}");
        var classPage = await pages.GetPageAsync($"/Reports/ControlWorks?periodId={s.Quarter2.Id}&classId={s.A.Id}");

        Assert.Equal("Дата", xlsx[0][0]);
        Assert.Equal(["2026-11-19", "5А", "Математика", "Смирнова Анна Викторовна", "Контрольная работа по теме «Дроби»", "отметки просрочены",
            "4", "2", "1", "1", "0", "0", "0", "100", "100", "4.5", "↑ +0,75", "↑ +50", "Васильев Иван Иванович, Григорьев Иван Иванович"],
            xlsx[1]);
        var csvRow = csv.Split("\r\n").Single(l => l.StartsWith("18.11.2026", StringComparison.Ordinal)).Split(';');
        Assert.Equal(["18.11.2026", "5Б", "Математика", "Смирнова Анна Викторовна", "Сложение дробей", "проведена", "1", "1", "0", "0", "0",
            "1", "100", "0", "0", "2", "↓ -1", "= 0", ""], csvRow);
        Assert.Contains("Результаты ВШК, 2 четверть", pdf);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);

        Assert.Equal(["5А", "3", "6", "3", "1", "1", "1", "16,7", "83,3", "66,7", "4"],
            page.QuerySelectorAll("table.classes tbody tr")[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(6, page.QuerySelectorAll("table.works tbody tr").Length);
        Assert.Single(page.QuerySelectorAll("table.works tbody tr.warn"));
        Assert.Contains("Просрочены отметки: 1 работа", page.One("p.report-warning").TextContent);
        // Per class: 5А and 5Б, four bars each; for 5А: the works with marks, 12.11 and 19.11.
        Assert.Equal(8, page.QuerySelectorAll("figure.chart svg rect").Length);
        Assert.Equal(8, classPage.QuerySelectorAll("figure.chart svg rect").Length);
        Assert.Contains("ср. ↑ +0,75", classPage.QuerySelectorAll("table.works tbody tr")[0].TextContent);
    }
}
