using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;
using UglyToad.PdfPig;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>
/// The journal school with a year's worth of the paper journal's contents: Математика 5А with marks, «Н», a topic and homework on
/// 20.11, quarter, year and final grades; Английский язык taught to 5А and 5Б together, where Громов moved from 5Б to 5А on 16.11
/// (his «3» of 13.11 belongs to 5Б's journal, his «5» of 20.11 to 5А's); the summary sheet's lines for 5А.
/// </summary>
public sealed record PrintSchool(JournalSchool S, SchoolClass OtherClass, Student Gromov, TeachingGroup English)
{
    public static async Task<PrintSchool> BuildAsync(SchoolBuilder b)
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.StaffAsync("Сидоров", "Пётр", "Ильич", "sidorov", Roles.SysAdmin);
        var other = await b.ClassAsync(5, "Б");
        var gromov = await b.StudentAsync(other, "Громов", "Денис");
        await b.TransferAsync(gromov, s.Class, new DateOnly(2026, 11, 16));
        var english = await b.GroupAsync("Английский язык", s.OtherTeacher, [s.Class, other], [s.Orlov, gromov]);
        var before = await b.LessonAsync(english, new DateOnly(2026, 11, 13), 4, s.OtherTeacher, "Present Simple");
        var after = await b.LessonAsync(english, new DateOnly(2026, 11, 20), 4, s.OtherTeacher, "Past Simple");
        await b.MarkAsync(before, gromov, "3");
        await b.MarkAsync(after, gromov, "5");
        await b.MarkAsync(s.MathLesson, s.Orlov, "4");
        await b.MarkAsync(s.MathLesson, s.Belov, "2");
        await b.AttendanceAsync(s.RussianLesson, s.Belov, AttendanceCode.Absent);
        await b.LessonHomeworkAsync(s.MathLesson, "№ 245, 247");
        void Grade(Student who, PeriodGradeKind kind, string value, int? period = null) => b.Db.PeriodGrades.Add(new PeriodGrade
        {
            SchoolId = b.School.Id, TeachingGroupId = s.Math.Id, StudentId = who.Id, StudyPeriodId = period, Kind = kind, Value = value,
            CreatedAt = b.Now,
        });
        Grade(s.Orlov, PeriodGradeKind.Period, "4", s.Quarter2.Id);
        Grade(s.Belov, PeriodGradeKind.Period, "3", s.Quarter2.Id);
        Grade(s.Orlov, PeriodGradeKind.Year, "4");
        await b.Db.SaveChangesAsync();
        // The summary sheet as SetPeriodGrade copies it: Орлов's year grade «4» and final «5» in Математика, Белов's year «3».
        void Line(Student who, PeriodGradeKind kind, string value) => b.Db.SummaryGrades.Add(new SummaryGrade
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, StudentId = who.Id, StudentName = $"{who.LastName} {who.FirstName} {who.MiddleName}",
            ClassName = "5А", SubjectId = s.Math.SubjectId, SubjectName = "Математика", TeachingGroupId = s.Math.Id, Kind = kind, Value = value,
            CopiedAt = b.Now,
        });
        Line(s.Orlov, PeriodGradeKind.Year, "4");
        Line(s.Orlov, PeriodGradeKind.Final, "5");
        Line(s.Belov, PeriodGradeKind.Year, "3");
        await b.Db.SaveChangesAsync();
        return new PrintSchool(s, other, gromov, english);
    }
}

/// <summary>The annual print: the PDF's contents read back, the job's progress and refusal, the page and who may use it.</summary>
public sealed class JournalPrintTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<byte[]> PrintAsync(int schoolId, int yearId, int classId)
    {
        var done = await _app.WithAsync<JournalPrints.Progress, JournalPrints>(
            p => p.RunAsync(new JournalPrints.Request(schoolId, yearId, classId), default));
        return await File.ReadAllBytesAsync(Path.Combine(done.Folder, done.Files.Single().FileName));
    }

    private static List<string> Pages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return [.. doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))];
    }

    [Fact]
    public async Task The_class_journal_holds_its_students_marks_by_date_topics_grades_and_summary_and_counts_its_sheets()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        var pdf = await PrintAsync(x.S.School.Id, x.S.Quarter2.AcademicYearId, x.S.Class.Id);
        var pages = Pages(pdf);
        var (text, count) = PdfText.Read(pdf);

        Assert.Contains("КЛАССНЫЙ ЖУРНАЛ", text);
        Assert.Contains("5А класса", text);
        Assert.Contains("Классный руководитель: Козлова Ирина Павловна", text);
        // Contents: each subject a left page and a right page with its grades below; the summary sheet on page 9.
        Assert.Contains("1 Английский язык (Английский язык, 5А, 5Б) Козлов И. П. 3–4", pages[1]);
        Assert.Contains("2 Математика (Математика, 5А) Смирнова А. В. 5–6", pages[1]);
        Assert.Contains("3 Русский язык (Русский язык, 5А) Козлов И. П. 7–8", pages[1]);
        Assert.Contains("4 Сводная ведомость итоговых отметок 9", pages[1]);

        // Математика, November: the day 20 column with Белов's «2» and Орлов's «4».
        Assert.StartsWith("Математика (Математика, 5А) — Ноябрь 2026 Учитель: Смирнова А. В.", pages[4]);
        Assert.Contains("№ Фамилия, имя обучающегося 20 1 Белов Борис Иванович 2 2 Орлов Артём Иванович 4", pages[4]);
        Assert.Contains("20.11 2 Сложение дробей № 245, 247 Смирнова А. В.", pages[5]);
        // Its grades: 2 четверть Белов 3, Орлов 4; Орлов's year grade 4.
        Assert.Contains("1 четверть 2 четверть 3 четверть 4 четверть Год Экз. Итог 1 Белов Борис Иванович 3 2 Орлов Артём Иванович 4 4", pages[5]);
        // Русский язык: Белов «Н» on 20.11.
        Assert.Contains("20 1 Белов Борис Иванович Н 2 Орлов Артём Иванович", pages[6]);

        // Громов in 5А's Английский: only his «5» of 20.11 (the «3» of 13.11 was 5Б's).
        Assert.Contains("№ Фамилия, имя обучающегося 13 20 1 Громов Денис Иванович (с 16.11) 5 2 Орлов Артём Иванович", pages[2]);
        Assert.Contains("13.11 4 Present Simple Козлов И. П. 20.11 4 Past Simple", pages[3]);

        // The summary sheet: Орлов's final «5» (the final before the year's), Белов's year «3».
        Assert.Contains("№ Обучающийся Математика 1 Белов Борис Иванович 3 2 Орлов Артём Иванович 5", pages[8]);
        Assert.Contains("Директор ________________ / Петров Олег Иванович / М.П.", pages[8]);

        // Every page numbered 1, 2, 3 … at its foot; the last states the real count.
        Assert.Equal(10, count);
        for (var i = 0; i < pages.Count; i++) Assert.EndsWith($" {i + 1}", pages[i]);
        Assert.Contains("прошнуровано, пронумеровано и скреплено печатью 10 листов", pages[^1]);
        Assert.Contains("Директор ________________ / Петров Олег Иванович / М.П.", pages[^1]);
    }

    [Fact]
    public async Task The_student_who_moved_appears_in_his_first_class_for_his_days_there()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        var pages = Pages(await PrintAsync(x.S.School.Id, x.S.Quarter2.AcademicYearId, x.OtherClass.Id));

        Assert.Contains("1 Английский язык (Английский язык, 5А, 5Б) Козлов И. П. 3–4", pages[1]);
        Assert.EndsWith("№ Фамилия, имя обучающегося 13 20 1 Громов Денис Иванович (по 15.11) 3 3", pages[2]);
    }

    [Theory]
    [InlineData(1, "лист"), InlineData(3, "листа"), InlineData(11, "листов"), InlineData(22, "листа"), InlineData(105, "листов")]
    [InlineData(221, "лист")]
    public void Sheets_agree_with_their_number(int n, string word) => Assert.Equal(word, JournalPrintPdf.Sheets(n));

    [Fact]
    public async Task The_director_prints_every_class_sees_the_progress_and_downloads_files_listed_with_their_hashes()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        var client = await _app.PageClientAsync("petrov");
        Assert.Equal("Журналы ещё не печатались.", (await client.GetPageAsync("/Admin/Archive/Journals")).TextOf("#journal-print-progress"));

        var posted = await Forms.PostAsync(client, "/Admin/Archive/Journals", new() { ["ClassId"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var prints = _app.Services.GetRequiredService<JournalPrints>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (prints.Of(x.S.School.Id) is { Running: true } && DateTime.UtcNow < deadline) await Task.Delay(100);

        var page = await client.GetPageAsync("/Admin/Archive/Journals");
        Assert.Equal("Готово: 2 из 2 классов.", page.TextOf("#journal-print-progress p[role=status]"));
        Assert.Equal(["5А", "5Б"], page.TextsOf("table.journal-print-files td[data-label=Класс]"));
        var folder = Path.Combine(_app.DataPath, "archive", "2026-2027", "journals");
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"))).RootElement;
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, file.GetProperty("fileName").GetString()!));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, file.GetProperty("size").GetInt64());
            Assert.Equal(PdfText.Read(bytes).Pages, file.GetProperty("pages").GetInt32());
        }
        var download = await client.GetAsync(page.QuerySelectorAll("table.journal-print-files a")[0].GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, "5А.pdf")), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin/Archive/Journals?handler=Download&name=..%2Fmanifest.json")).StatusCode);
    }

    [Fact]
    public async Task A_second_run_while_one_is_going_is_refused_and_progress_counts_classes()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        var prints = _app.Services.GetRequiredService<JournalPrints>();
        var request = new JournalPrints.Request(x.S.School.Id, x.S.Quarter2.AcademicYearId, null);

        Assert.True(prints.TryStart(request));
        Assert.False(prints.TryStart(request));
        var client = await _app.PageClientAsync("fedorova");
        await Forms.PostAsync(client, "/Admin/Archive/Journals", new() { ["ClassId"] = "" });
        var seen = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (prints.Of(x.S.School.Id) is { Running: true } p && DateTime.UtcNow < deadline)
        {
            seen.Add(p.Done);
            await Task.Delay(20);
        }
        var done = prints.Of(x.S.School.Id)!;
        Assert.Equal((2, 2, false, null), (done.Done, done.Total, done.Running, done.Error));
        Assert.True(seen.SequenceEqual(seen.Order()), string.Join(",", seen));
        var page = await client.GetPageAsync("/Admin/Archive/Journals");
        Assert.Equal("Готово: 2 из 2 классов.", page.TextOf("#journal-print-progress p[role=status]"));
        Assert.True(prints.TryStart(request));
    }

    [Fact]
    public async Task A_teacher_and_a_parent_are_refused()
    {
        var x = await _app.SeedAsync(async b =>
        {
            var p = await PrintSchool.BuildAsync(b);
            await b.ParentAsync("Орлова", "Елена", "orlova", p.S.Orlov);
            return p;
        });
        foreach (var login in new[] { "smirnova", "kozlova", "orlova", "orlov" })
        {
            var client = await _app.PageClientAsync(login);
            var get = await client.GetAsync("/Admin/Archive/Journals");
            Assert.True(get.StatusCode is HttpStatusCode.Forbidden || get.Headers.Location?.ToString().Contains("AccessDenied") == true, login);
        }
        Assert.Null(_app.Services.GetRequiredService<JournalPrints>().Of(x.S.School.Id));
    }
}
