using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The lesson page /Journal/Lesson/{id}: topic, homework, marks and attendance as full-page forms.</summary>
public sealed class LessonPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/Journal/Lesson/{s.MathLesson.Id}";

    /// <summary>A form of the lesson page posted to its handler with the page's antiforgery token.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JournalSchool s, string handler, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, Url(s), fields, $"{Url(s)}?handler={handler}");

    [Fact]
    public async Task Teacher_writes_topic_and_homework_and_the_api_shows_them()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(client, s, "Topic",
            new() { ["Input.Topic"] = "Вычитание дробей", ["Input.Homework"] = "№ 210, 211" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var api = await _app.ApiClientAsync("smirnova");
        var journal = await api.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");
        var lesson = journal.GetProperty("lessons").EnumerateArray().Single(l => l.GetProperty("id").GetInt32() == s.MathLesson.Id);
        Assert.Equal("Вычитание дробей", lesson.GetProperty("topic").GetString());
        Assert.Equal("№ 210, 211", lesson.GetProperty("homework").GetString());
        var events = await _app.AuditAsync();
        Assert.Contains(events, e => e.Type == AuditEventType.LessonChanged);
        Assert.Contains(events, e => e.Type == AuditEventType.HomeworkSet);
    }

    [Fact]
    public async Task A_too_long_topic_gets_a_Russian_message_and_changes_nothing()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(client, s, "Topic", new() { ["Input.Topic"] = new string('а', 501) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Тема урока — не больше 500 символов.",
            (await Html.ParseAsync(response)).TextOf("#topic .field-validation-error"));
        Assert.Equal("Сложение дробей",
            await _app.QueryAsync(db => db.Lessons.Where(l => l.Id == s.MathLesson.Id).Select(l => l.Topic).SingleAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Teacher_enters_marks_with_a_work_type_and_attendance_for_the_lesson()
    {
        var (s, test) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true));
        });
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(client, s, "Marks", new()
        {
            ["WorkTypeId"] = test.Id.ToString(), [$"NewMarks[{s.Orlov.Id}]"] = "5", [$"NewMarks[{s.Belov.Id}]"] = "",
            [$"Codes[{s.Orlov.Id}]"] = "", [$"Codes[{s.Belov.Id}]"] = "Н",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mark = Assert.Single(await _app.QueryAsync(db => db.Marks.ToListAsync()));
        Assert.Equal((s.Orlov.Id, "5", test.Id), (mark.StudentId, mark.Value, mark.WorkTypeId));
        var absence = Assert.Single(await _app.QueryAsync(db => db.Attendance.ToListAsync()));
        Assert.Equal((s.Belov.Id, AttendanceCode.Absent), (absence.StudentId, absence.Code));
        var page = await client.GetPageAsync(Url(s));
        var shown = page.One($"#student-{s.Orlov.Id}").Closest("tr")!.One("a.mark");
        Assert.Equal(("5", $"/Journal/History?entity=mark&id={mark.Id}", "Контрольная работа, вес 2. История отметки"),
            (shown.Read(), shown.GetAttribute("href"), shown.GetAttribute("title")));
        Assert.Empty(page.One($"#student-{s.Belov.Id}").Closest("tr")!.QuerySelectorAll("a.mark"));
        Assert.Equal("Н", page.One($"select[name='Codes[{s.Belov.Id}]'] option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_mark_outside_the_scale_is_refused_whole_with_a_Russian_message()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(client, s, "Marks", new()
        {
            [$"NewMarks[{s.Orlov.Id}]"] = "4", [$"NewMarks[{s.Belov.Id}]"] = "6",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("«6»", (await Html.ParseAsync(response)).TextOf("#students .errors"));
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
    }

    [Fact]
    public async Task Teacher_deletes_a_mark_from_the_lesson_page()
    {
        var (s, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.MarkAsync(s.MathLesson, s.Orlov, "2"));
        });
        var client = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(client, s, $"DeleteMark&markId={mark.Id}", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
        Assert.Contains(await _app.AuditAsync(), e => e.Type == AuditEventType.MarkDeleted);
    }

    [Fact]
    public async Task Class_teacher_reads_the_lesson_without_forms_and_cannot_write()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("kozlova");

        var page = await client.GetPageAsync(Url(s));
        var post = await PostAsync(client, s, "Marks", new() { [$"NewMarks[{s.Orlov.Id}]"] = "5" });
        var topic = await PostAsync(client, s, "Topic", new() { ["Input.Topic"] = "Чужая тема" });

        Assert.Equal("только просмотр", page.TextOf(".tag.warn"));
        Assert.Equal(("Тема", "Сложение дробей"),
            (page.TextOf("#topic dl.facts > div:first-child dt"), page.TextOf("#topic dl.facts > div:first-child dd")));
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        Assert.Empty(page.QuerySelectorAll("input[name^='NewMarks[']"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, topic.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Another_teachers_lesson_is_refused_and_an_unknown_one_is_not_found()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var foreign = await client.GetAsync($"/Journal/Lesson/{s.RussianLesson.Id}");
        var unknown = await client.GetAsync("/Journal/Lesson/999999");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_locked_period_shows_the_lesson_read_only_and_refuses_marks()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var api = await _app.ApiClientAsync("smirnova");
        (await api.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{s.Quarter2.Id}/lock", null)).EnsureSuccessStatusCode();
        var client = await _app.PageClientAsync("smirnova");

        var page = await client.GetPageAsync(Url(s));
        var post = await PostAsync(client, s, "Marks", new() { [$"NewMarks[{s.Orlov.Id}]"] = "5" });

        Assert.Equal("период закрыт", page.TextOf(".tag.warn"));
        Assert.Empty(page.QuerySelectorAll("input[name^='NewMarks[']"));
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.Marks.ToListAsync()));
    }
}
