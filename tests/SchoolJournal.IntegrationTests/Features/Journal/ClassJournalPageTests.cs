using System.Net;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>«Журнал класса» /Journal/Class/{id}: the class teacher's read-only page of his class's journals in every subject.</summary>
public sealed class ClassJournalPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Section(string html, string subject)
    {
        var start = html.IndexOf($">{subject}</a>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"На странице нет раздела «{subject}»");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static string RowOf(string html, string name)
    {
        var start = html.IndexOf(name, StringComparison.Ordinal);
        Assert.True(start >= 0, $"Нет строки «{name}»");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Class_teacher_sees_every_subject_of_his_class_with_averages_computed_by_hand()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            var second = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-1), 2, s.Teacher);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            await b.MarkAsync(second, s.Orlov, "3", test);
            await b.MarkAsync(s.RussianLesson, s.Belov, "4");
            await b.MarkAsync(s.RussianLesson, s.Belov, "5", test);
            await b.DailyAbsenceAsync(s.Orlov, s.Class, JournalSchool.LessonDate, AttendanceCode.Ill);
            return s;
        });
        var client = await _app.PageClientAsync("kozlova");

        var response = await client.GetAsync($"/Journal/Class/{s.Class.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Журнал класса 5А", html);
        Assert.Contains("2 четверть", html);
        var math = Section(html, "Математика");
        Assert.Contains("Смирнова Анна Викторовна", math);
        // Орлов: (5×1 + 3×2) / (1 + 2) = 11 / 3 = 3.666… → «3,67», suggesting «4».
        Assert.Contains("3,67", RowOf(math, "Орлов Артём"));
        Assert.Contains("(4)", RowOf(math, "Орлов Артём"));
        var russian = Section(html, "Русский язык");
        Assert.Contains("Козлов Илья Петрович", russian);
        // Белов: (4×1 + 5×2) / (1 + 2) = 14 / 3 = 4.666… → «4,67», suggesting «5».
        Assert.Contains("4,67", RowOf(russian, "Белов Борис"));
        Assert.Contains("(5)", RowOf(russian, "Белов Борис"));
        // The class teacher's «Б» for the 20th shows in the lessons of both subjects that day.
        Assert.Contains(">Б</span>", RowOf(math, "Орлов Артём"));
        Assert.Contains(">Б</span>", RowOf(russian, "Орлов Артём"));
        Assert.DoesNotContain("class=\"entry\"", html);
    }

    [Fact]
    public async Task Class_teacher_finds_the_page_from_the_journals_list()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var html = await client.GetStringAsync("/Journal");

        Assert.Contains($"href=\"/Journal/Class/{s.Class.Id}\">Журнал класса 5А", html);
    }

    [Fact]
    public async Task Director_reads_the_class_journal()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("petrov");

        var response = await client.GetAsync($"/Journal/Class/{s.Class.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Subject_teacher_and_another_class_teacher_are_refused()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var other = await b.StaffAsync("Сидорова", "Мария", "Ивановна", "sidorova", Roles.ClassTeacher);
            await b.ClassAsync(6, "Б", other);
            return s;
        });

        var teacher = await (await _app.PageClientAsync("smirnova")).GetAsync($"/Journal/Class/{s.Class.Id}");
        var otherLeader = await (await _app.PageClientAsync("sidorova")).GetAsync($"/Journal/Class/{s.Class.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherLeader.StatusCode);
    }
}
