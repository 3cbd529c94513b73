using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Plans;

/// <summary>
/// КТП of a group through the API and the pages. The maths group of <see cref="JournalSchool"/> has, in order: 16.11 (empty),
/// 17.11 (cancelled), 18.11 (empty), 20.11 («Сложение дробей», written by the teacher), 23.11 (empty).
/// </summary>
public sealed class PlanTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(JournalSchool S, Lesson Mon, Lesson Cancelled, Lesson Wed, Lesson Next);

    private async Task<World> SeedAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        var mon = await b.LessonAsync(s.Math, new(2026, 11, 16), 1, s.Teacher);
        var cancelled = await b.LessonAsync(s.Math, new(2026, 11, 17), 1, s.Teacher);
        cancelled.Status = LessonStatus.Cancelled;
        await b.Db.SaveChangesAsync();
        var wed = await b.LessonAsync(s.Math, new(2026, 11, 18), 1, s.Teacher);
        var next = await b.LessonAsync(s.Math, new(2026, 11, 23), 1, s.Teacher);
        return new World(s, mon, cancelled, wed, next);
    });

    private static object Plan => new
    {
        topics = new object[]
        {
            new { section = "Дроби", title = "Обыкновенные дроби", hours = 2, note = "§ 4, № 1–5" },
            new { title = "Сравнение дробей", hours = 1 },
            new { title = "Проценты", hours = 1 },
        },
    };

    private Task<Dictionary<int, (string? Topic, bool FromPlan, int? TopicId)>> LessonsAsync(World w) =>
        _app.QueryAsync(db => db.Lessons.Where(l => l.TeachingGroupId == w.S.Math.Id)
            .ToDictionaryAsync(l => l.Id, l => (l.Topic, l.TopicFromPlan, l.ThematicTopicId)));

    [Fact]
    public async Task Teacher_puts_a_plan_and_lessons_take_its_topics_by_hours_keeping_his_own()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("smirnova");

        var response = await api.PutAsJsonAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan", Plan);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var applied = body.GetProperty("applied");
        // Places: дроби, дроби, сравнение, проценты over 16, 18, 20 (teacher's own), 23; the 17th is cancelled.
        Assert.Equal((3, 1, 4),
            (applied.GetProperty("filled").GetInt32(), applied.GetProperty("kept").GetInt32(), applied.GetProperty("lessons").GetInt32()));
        var lessons = await LessonsAsync(w);
        Assert.Equal(("Обыкновенные дроби", true), (lessons[w.Mon.Id].Topic, lessons[w.Mon.Id].FromPlan));
        Assert.Equal("Обыкновенные дроби", lessons[w.Wed.Id].Topic);
        Assert.Equal(("Сложение дробей", false, (int?)null), lessons[w.S.MathLesson.Id]);
        Assert.Equal(("Проценты", true), (lessons[w.Next.Id].Topic, lessons[w.Next.Id].FromPlan));
        Assert.Null(lessons[w.Cancelled.Id].Topic);
        var plan = await api.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{w.S.Math.Id}/thematic-plan");
        Assert.Equal((3, 4, 4, 4), (plan.GetProperty("topics").GetInt32(), plan.GetProperty("hours").GetInt32(),
            plan.GetProperty("lessons").GetInt32(), plan.GetProperty("lessonsWithTopic").GetInt32()));
        Assert.Equal(["2026-11-16", "2026-11-18"], plan.GetProperty("items")[0].GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
        var audit = Assert.Single(await _app.AuditAsync());
        Assert.Equal((AuditEventType.SetupChanged, "thematicPlan"), (audit.Type, audit.Entity));
        Assert.Contains("\"filled\":3", audit.After);
    }

    [Fact]
    public async Task Re_import_keeps_what_the_teacher_wrote_and_replaces_what_came_from_the_plan()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("smirnova");
        (await api.PutAsJsonAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan", Plan)).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/v1/lessons/{w.Wed.Id}", new { topic = "Дроби на практике" })).EnsureSuccessStatusCode();

        var csv = "№;Раздел;Тема;Часы;Домашнее задание / примечание\r\n1;;Делимость;1;\r\n2;;Признаки делимости;3;§ 2\r\n";
        var response = await api.PostAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan/import",
            PlanForms.File("ктп.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lessons = await LessonsAsync(w);
        Assert.Equal("Делимость", lessons[w.Mon.Id].Topic);
        Assert.Equal(("Дроби на практике", false), (lessons[w.Wed.Id].Topic, lessons[w.Wed.Id].FromPlan));
        Assert.Equal("Сложение дробей", lessons[w.S.MathLesson.Id].Topic);
        Assert.Equal("Признаки делимости", lessons[w.Next.Id].Topic);
        Assert.Equal(AuditEventType.ThematicPlanImported, (await _app.AuditAsync()).Last().Type);
        var topics = await _app.QueryAsync(db => db.ThematicTopics.OrderBy(t => t.Number).Select(t => t.Title).ToListAsync());
        Assert.Equal(["Делимость", "Признаки делимости"], topics);
    }

    [Fact]
    public async Task A_bad_file_lists_every_bad_row_in_russian_and_writes_nothing()
    {
        var w = await SeedAsync();
        var api = await _app.ApiClientAsync("smirnova");
        var csv = "Тема;Часы\nДроби;2\n;1\nПроценты;30\n";

        var response = await api.PostAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan/import",
            PlanForms.File("ктп.csv", Encoding.GetEncoding(1251).GetBytes(csv)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(["Строка 3: не указана тема.", "Строка 4: часы «30» — нужно целое число от 1 до 20."],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, await _app.QueryAsync(db => db.ThematicPlans.CountAsync()));
        Assert.Null((await LessonsAsync(w))[w.Mon.Id].Topic);
        Assert.Empty(await _app.AuditAsync());
    }

    static PlanTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task Only_the_groups_teacher_and_the_administration_write_the_plan_and_the_class_teacher_reads_it()
    {
        var w = await SeedAsync();
        var other = await _app.ApiClientAsync("kozlov");
        var leader = await _app.ApiClientAsync("kozlova");
        var deputy = await _app.ApiClientAsync("fedorova");

        var byOther = await other.PutAsJsonAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan", Plan);
        var byLeader = await leader.PutAsJsonAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan", Plan);
        var byDeputy = await deputy.PutAsJsonAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan", Plan);
        var read = await leader.GetAsync($"/api/v1/groups/{w.S.Math.Id}/thematic-plan");
        var ownList = await other.GetFromJsonAsync<JsonElement>("/api/v1/thematic-plans");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK),
            (byOther.StatusCode, byLeader.StatusCode, byDeputy.StatusCode, read.StatusCode));
        Assert.False((await read.JsonAsync()).GetProperty("canEdit").GetBoolean());
        Assert.Equal([w.S.Russian.Id], ownList.EnumerateArray().Select(r => r.GetProperty("groupId").GetInt32()));
        Assert.Null(await _app.QueryAsync(db => db.ThematicPlans.Select(p => p.StaffMemberId).SingleAsync()));
    }

    [Fact]
    public async Task Teacher_uploads_a_file_on_the_plan_page_and_a_bad_one_is_shown_with_its_rows()
    {
        var w = await SeedAsync();
        var client = await _app.PageClientAsync("smirnova");
        var url = $"/Year/Plans/{w.S.Math.Id}";

        async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
        {
            var form = PlanForms.File(name, content);
            form.Add(new StringContent(await Forms.TokenAsync(client, url)), "__RequestVerificationToken");
            return await client.PostAsync($"{url}?handler=Import", form);
        }

        var bad = await UploadAsync(Encoding.UTF8.GetBytes("Тема;Часы\nДроби;0\n"), "ктп.csv");
        var good = await UploadAsync(Web.Infrastructure.Xlsx.Write("КТП", Web.Features.Year.Plans.PlanFile.Headers,
            [[1, "Дроби", "Обыкновенные дроби", 3, "§ 4"]]), "ктп.xlsx");

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Строка 2: часы «0» — нужно целое число от 1 до 20.", (await Html.ParseAsync(bad)).TextOf("main div.errors[role=alert]"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var page = await client.GetPageAsync(url);
        Assert.StartsWith(
            "КТП сохранено. Тем: 1, часов: 3, уроков группы: 4. Тема из КТП записана в уроков: 2; оставлена тема, записанная учителем: 1",
            page.TextOf(".flash"));
        Assert.Equal("Обыкновенные дроби", (await LessonsAsync(w))[w.Wed.Id].Topic);
    }

    [Fact]
    public async Task The_editor_saves_its_rows_and_the_lesson_page_suggests_the_plans_topic()
    {
        var w = await SeedAsync();
        var client = await _app.PageClientAsync("smirnova");
        var url = $"/Year/Plans/{w.S.Math.Id}?handler=Edit";

        var token = await Forms.TokenAsync(client, $"/Year/Plans/{w.S.Math.Id}");
        var saved = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Rows[0].Section"] = "Дроби", ["Rows[0].Title"] = "Обыкновенные дроби", ["Rows[0].Hours"] = "3", ["Rows[0].Note"] = "§ 4",
            ["Rows[1].Title"] = "Проценты", ["Rows[1].Hours"] = "1", ["op"] = "save",
        }));
        var lessonPage = await client.GetPageAsync($"/Journal/Lesson/{w.S.MathLesson.Id}");
        var filled = await client.GetPageAsync($"/Journal/Lesson/{w.S.MathLesson.Id}?fromPlan=true");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(["Обыкновенные дроби", "Проценты"],
            await _app.QueryAsync(db => db.ThematicTopics.OrderBy(t => t.Number).Select(t => t.Title).ToListAsync()));
        // 20.11 is the third place: still «Обыкновенные дроби», but the teacher's «Сложение дробей» stays in the lesson.
        var suggestion = lessonPage.One("#topic .plan-suggestion");
        Assert.Equal("Обыкновенные дроби", suggestion.TextOf("strong"));
        Assert.StartsWith("По КТП: Обыкновенные дроби (Дроби)", suggestion.Read());
        Assert.Equal("Взять тему из КТП", suggestion.TextOf("a.button"));
        Assert.Equal("Сложение дробей", lessonPage.One("#topic input[name='Input.Topic']").GetAttribute("value"));
        Assert.Equal("Обыкновенные дроби", filled.One("#topic input[name='Input.Topic']").GetAttribute("value"));
        Assert.Equal("Сложение дробей", (await LessonsAsync(w))[w.S.MathLesson.Id].Topic);
    }
}
