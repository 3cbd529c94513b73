using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The journal grid page /Journal/Group/{id} and its cell handler, through HTTP with cookie clients.</summary>
public sealed partial class GridPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Posts one cell the way htmx does: the antiforgery token of the grid page in the X-CSRF-TOKEN header.</summary>
    public static async Task<HttpResponseMessage> PostCellAsync(HttpClient client, int groupId, int lessonId, int studentId, string entry, bool htmx = true)
    {
        var page = await client.GetStringAsync("/Journal");
        var token = TokenRegex().Match(page).Groups[1].Value;
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    private static string RowOf(string html, string name)
    {
        var start = html.IndexOf(name, StringComparison.Ordinal);
        Assert.True(start >= 0, $"В журнале нет строки «{name}»");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Teacher_sees_marks_and_the_weighted_average_computed_by_hand()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            var second = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-1), 2, s.Teacher);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            await b.MarkAsync(second, s.Orlov, "3", test);
            await b.MarkAsync(second, s.Belov, "4");
            return s;
        });
        var client = await _app.PageClientAsync("smirnova");

        var response = await client.GetAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Математика · 5А", html);
        Assert.Contains("Сложение дробей", html); // the topic in the column's tooltip
        // Орлов: (5×1 + 3×2) / (1 + 2) = 11 / 3 = 3.666… → «3,67», suggesting «4»; Белов: 4 / 1 = «4,00».
        var orlov = RowOf(html, "Орлов Артём");
        Assert.Contains(">5</span>", orlov);
        Assert.Contains(">3</span>", orlov);
        Assert.Contains("3,67", orlov);
        Assert.Contains("(4)", orlov);
        Assert.Contains("4,00", RowOf(html, "Белов Борис"));
        Assert.Contains("class=\"entry\"", html);
        Assert.DoesNotContain("только просмотр", html);
    }

    [Fact]
    public async Task A_mark_typed_into_a_cell_is_stored_audited_and_shows_in_the_api()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cell = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<td", cell.Trim());
        Assert.Contains(">4</span>", cell);
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

        Assert.Contains(">Б</span>", await absent.Content.ReadAsStringAsync());
        Assert.DoesNotContain(">5</span>", await removed.Content.ReadAsStringAsync());
        var badCell = await bad.Content.ReadAsStringAsync();
        Assert.Contains("cell-error", badCell);
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

        var html = await client.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var post = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "2");

        Assert.Contains("только просмотр", html);
        Assert.Matches("href=\"/Journal/History\\?entity=mark&amp;id=\\d+\"[^>]*>5</a>", RowOf(html, "Орлов Артём"));
        Assert.DoesNotContain("<input class=\"entry\"", html);
        Assert.DoesNotContain("htmx.min.js", html);
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

        var html = await client.GetStringAsync($"/Journal/Group/{s.Math.Id}?periodId={s.Quarter2.Id}");
        var post = await PostCellAsync(client, s.Math.Id, s.MathLesson.Id, s.Orlov.Id, "5");

        Assert.Contains("период закрыт", html);
        Assert.DoesNotContain("<input class=\"entry\"", html);
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
    }

    [Fact]
    public async Task The_journal_list_shows_the_teachers_groups_and_the_class_teachers_read_only()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        var leader = await _app.PageClientAsync("kozlova");

        var mine = await teacher.GetStringAsync("/Journal");
        var his = await leader.GetStringAsync("/Journal");

        Assert.Contains($"/Journal/Group/{s.Math.Id}", mine);
        Assert.DoesNotContain($"/Journal/Group/{s.Russian.Id}", mine);
        Assert.Contains("ведёте", mine);
        Assert.Contains($"/Journal/Group/{s.Math.Id}", his);
        Assert.Contains($"/Journal/Group/{s.Russian.Id}", his);
        Assert.Contains("только просмотр", his);
    }
}
