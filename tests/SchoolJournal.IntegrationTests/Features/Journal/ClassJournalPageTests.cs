using AngleSharp.Dom;
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
        var page = await Html.ParseAsync(response);
        Assert.Equal("Журнал класса 5А", page.TextOf("h1"));
        Assert.Equal("2 четверть", page.TextOf("a.tab[aria-current=page]"));
        var math = page.One($"#g{s.Math.Id}");
        Assert.Equal("Математика", math.TextOf("h2"));
        Assert.Equal("Учитель: Смирнова Анна Викторовна", math.TextOf(".hint"));
        // Орлов: (5×1 + 3×2) / (1 + 2) = 11 / 3 = 3.666… → «3,67», suggesting «4».
        Assert.Equal("3,67", math.Row("Орлов Артём Иванович").TextOf("td.avg"));
        Assert.Equal("(4)", math.Row("Орлов Артём Иванович").TextOf("td.final"));
        var russian = page.One($"#g{s.Russian.Id}");
        Assert.Equal("Русский язык", russian.TextOf("h2"));
        Assert.Equal("Учитель: Козлов Илья Петрович", russian.TextOf(".hint"));
        // Белов: (4×1 + 5×2) / (1 + 2) = 14 / 3 = 4.666… → «4,67», suggesting «5».
        Assert.Equal("4,67", russian.Row("Белов Борис Иванович").TextOf("td.avg"));
        Assert.Equal("(5)", russian.Row("Белов Борис Иванович").TextOf("td.final"));
        // The class teacher's «Б» for the 20th shows in the lessons of both subjects that day.
        Assert.Equal("Б", Cell(math, "Орлов Артём Иванович", s.MathLesson).TextOf(".code"));
        Assert.Equal("Б", Cell(russian, "Орлов Артём Иванович", s.RussianLesson).TextOf(".code"));
        Assert.Empty(GridPageTests.WritableCells(page));
        Assert.NotEmpty(page.QuerySelectorAll("td.cell.ro"));
    }

    [Fact]
    public async Task Class_teacher_finds_the_page_from_the_journals_list()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var list = await client.GetPageAsync("/Journal");

        Assert.Equal("Журнал класса 5А", list.TextOf($".class-links a[href='/Journal/Class/{s.Class.Id}']"));
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

    /// <summary>A student's cell of a lesson in one subject's grid: the row by name, the column by its header <c>th#l{id}</c>.</summary>
    private static IElement Cell(IElement section, string student, Lesson lesson)
    {
        var header = section.One($"#l{lesson.Id}");
        return section.Row(student).Children[header.ParentElement!.Children.Index(header)];
    }
}
