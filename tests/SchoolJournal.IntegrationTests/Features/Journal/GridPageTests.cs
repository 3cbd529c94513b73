using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The journal grid page /Journal/Group/{id} and its cell handler, through HTTP with cookie clients.</summary>
public sealed class GridPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Posts one cell the way htmx does: the antiforgery token of the grid page in the X-CSRF-TOKEN header.</summary>
    public static async Task<HttpResponseMessage> PostCellAsync(HttpClient client, int groupId, int lessonId, int studentId, string entry,
        bool htmx = true)
    {
        var token = await Forms.TokenAsync(client, "/Journal");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Journal/Group/{groupId}?handler=Cell")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["lessonId"] = lessonId.ToString(), ["studentId"] = studentId.ToString(), ["entry"] = entry,
            }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    /// <summary>The grid row of a student.</summary>
    public static IElement RowOf(IParentNode grid, Student student) => grid.One($"#s{student.Id}").Closest("tr")!;

    /// <summary>The grid cell of a student (row) and a lesson (the column whose header is <c>th#l{id}</c>, as journal-grid.js finds it).</summary>
    public static IElement CellOf(IParentNode grid, Student student, Lesson lesson)
    {
        var header = grid.One($"#l{lesson.Id}");
        return RowOf(grid, student).Children[header.ParentElement!.Children.Index(header)];
    }

    /// <summary>The cells of the grid the keyboard can write into (the script moves its one entry field only into these).</summary>
    public static IEnumerable<IElement> WritableCells(IParentNode grid) => grid.QuerySelectorAll("table.journal:not(.readonly) td.cell:not(.ro)");

    [Fact]
    public async Task Teacher_sees_marks_and_the_weighted_average_computed_by_hand()
    {
        var (s, second) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            var second = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-1), 2, s.Teacher);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            await b.MarkAsync(second, s.Orlov, "3", test);
            await b.MarkAsync(second, s.Belov, "4");
            return (s, second);
        });
        var client = await _app.PageClientAsync("smirnova");

        var response = await client.GetAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grid = await Html.ParseAsync(response);
        Assert.Equal("Математика · 5А", grid.TextOf("h1"));
        Assert.Contains("Тема: Сложение дробей", grid.One($"#l{s.MathLesson.Id} abbr").GetAttribute("title")); // the topic in the column's tooltip
        // Орлов: (5×1 + 3×2) / (1 + 2) = 11 / 3 = 3.666… → «3,67», suggesting «4»; Белов: 4 / 1 = «4,00».
        Assert.Equal(["5"], CellOf(grid, s.Orlov, s.MathLesson).TextsOf(".mark"));
        Assert.Equal(["3"], CellOf(grid, s.Orlov, second).TextsOf(".mark"));
        Assert.Equal(["4"], CellOf(grid, s.Belov, second).TextsOf(".mark"));
        var orlov = RowOf(grid, s.Orlov);
        Assert.Equal("Орлов Артём Иванович", orlov.TextOf("th.name"));
        Assert.Equal("3,67", orlov.TextOf("td.avg"));
        Assert.Equal("предл. 4", orlov.TextOf("td.final .suggested")); // a hint: nothing is saved
        Assert.Equal("4,00", RowOf(grid, s.Belov).TextOf("td.avg"));
        Assert.Contains(CellOf(grid, s.Orlov, s.MathLesson), WritableCells(grid));
        // The table's scroller is a region a keyboard reaches, named by the page itself after the table's caption (the tag helper
        // then leaves the 1,300 cells unread)
        var region = grid.One("div.journal-scroll");
        Assert.Equal(("0", "region"), (region.GetAttribute("tabindex"), region.GetAttribute("role")));
        Assert.Equal("Журнал «Математика · 5А»", region.TextOf("caption"));
        Assert.Equal("Таблица «Журнал «Математика · 5А»»", region.GetAttribute("aria-label"));
        Assert.Null(grid.QuerySelector("#journal-mode"));
        // One handler and one entry field for the table: no cell carries an input, a lesson id or htmx attributes of its own
        // (issue 16, the page's weight); the mark's tooltip is written in Cyrillic, not as &#x…; entities.
        var table = grid.One("table.journal");
        Assert.Equal($"/Journal/Group/{s.Math.Id}?handler=Cell", table.GetAttribute("data-cell"));
        Assert.Empty(table.QuerySelectorAll("td.cell input, td.cell [data-lesson], td.cell[data-lesson]"));
        Assert.DoesNotContain(table.QuerySelectorAll("td.cell, td.cell *"),
            e => e.Attributes.Any(a => a.Name.StartsWith("hx-", StringComparison.Ordinal)));
        Assert.Equal("Контрольная работа, вес 2", CellOf(grid, s.Orlov, second).One(".mark").GetAttribute("title"));
        Assert.Contains("title=\"Контрольная работа, вес 2\"", grid.Source?.Text ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mark_typed_into_a_cell_is_stored_audited_and_shows_in_the_api()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cell = await Html.ParseCellAsync(response);
        Assert.Equal("cell", cell.ClassName);
        Assert.Equal(["4"], cell.TextsOf(".mark"));
        var audit = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.MarkCreated);
        Assert.Equal("mark", audit.Entity);
        var api = await _app.ApiClientAsync("smirnova");
        var journal = await api.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");
        var orlov = journal.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == s.Orlov.Id);
        Assert.Equal("4", Assert.Single(orlov.GetProperty("marks").EnumerateArray()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Absence_keys_and_Delete_set_and_clear_the_cell()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Belov, "3");
            await b.MarkAsync(s.MathLesson, s.Belov, "5");
            return s;
        });
        var client = await _app.PageClientAsync("smirnova");

        var absent = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "b"); // Latin b = «Б»
        var removed = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Belov.Id, "-");
        var bad = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Belov.Id, "7");

        Assert.Equal("Б", (await Html.ParseCellAsync(absent)).TextOf(".code"));
        Assert.Equal(["3"], (await Html.ParseCellAsync(removed)).TextsOf(".mark"));
        Assert.NotEmpty((await Html.ParseCellAsync(bad)).TextOf(".cell-error"));
        var (code, marks) = await _app.QueryAsync(async db => (
            await db.Attendance.Where(a => a.StudentId == s.Orlov.Id).Select(a => a.Code).SingleAsync(),
            await db.Marks.Where(m => m.StudentId == s.Belov.Id).Select(m => m.Value).ToListAsync()));
        Assert.Equal(AttendanceCode.Ill, code);
        Assert.Equal(["3"], marks);
    }

    [Fact]
    public async Task Class_teacher_sees_the_grid_without_inputs_and_his_post_is_refused()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            return s;
        });
        var client = await _app.PageClientAsync("kozlova");

        var grid = await client.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var post = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "2");

        Assert.Equal("только просмотр", grid.TextOf("#journal-mode"));
        var mark = CellOf(grid, s.Orlov, s.MathLesson).One("a.mark");
        Assert.Equal("5", mark.Read());
        Assert.Matches(@"^/Journal/History\?entity=mark&id=\d+$", mark.GetAttribute("href"));
        Assert.Empty(WritableCells(grid));
        Assert.NotEmpty(grid.QuerySelectorAll("td.cell"));
        Assert.Empty(grid.QuerySelectorAll("script[src*='htmx.min.js']"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(["5"], await _app.QueryAsync(db => db.Marks.Select(m => m.Value).ToListAsync()));
        Assert.DoesNotContain(await _app.AuditAsync(), e => e.Type == AuditEventType.MarkCreated);
    }

    [Fact]
    public async Task A_teacher_cannot_open_or_write_a_group_he_does_not_teach()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlov"); // teaches Russian in 5А, not maths

        var page = await client.GetAsync($"/Journal/Group/{s.Math.Id}");
        var post = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "5");
        var unknown = await client.GetAsync("/Journal/Group/999999");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
    }

    [Fact]
    public async Task A_locked_period_renders_read_only_and_refuses_writes()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var api = await _app.ApiClientAsync("smirnova");
        (await api.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null)).EnsureSuccessStatusCode();
        var client = await _app.PageClientAsync("smirnova");

        var grid = await client.GetPageAsync($"/Journal/Group/{s.Math.Id}?periodId={s.Quarter2.Id}");
        var post = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "5");

        Assert.Equal("период закрыт", grid.TextOf("#journal-mode"));
        Assert.Empty(WritableCells(grid));
        Assert.NotEmpty(grid.QuerySelectorAll("td.cell"));
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
    }

    [Fact]
    public async Task The_journal_list_shows_the_teachers_groups_and_the_class_teachers_read_only()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        var leader = await _app.PageClientAsync("kozlova");

        var mine = await teacher.GetPageAsync("/Journal");
        var his = await leader.GetPageAsync("/Journal");

        static string AccessTo(IParentNode list, TeachingGroup group) => list.One($"a[href='/Journal/Group/{group.Id}']")
            .Closest("tr")!.Cell("Доступ").Read();
        Assert.Equal("ведёте", AccessTo(mine, s.Math));
        Assert.Empty(mine.QuerySelectorAll($"a[href='/Journal/Group/{s.Russian.Id}']"));
        Assert.Equal("только просмотр", AccessTo(his, s.Math));
        Assert.Equal("только просмотр", AccessTo(his, s.Russian));
        // A scroller the page does not name is named by the tag helper after its table's caption
        var region = mine.One("div.scroll");
        Assert.Equal(("0", "region", "Таблица «Журналы»"),
            (region.GetAttribute("tabindex"), region.GetAttribute("role"), region.GetAttribute("aria-label")));
    }
}
