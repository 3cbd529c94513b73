using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Reading a group's journal for a period: GET /api/v1/groups/{id}/journal.</summary>
public sealed class JournalGridTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static JsonElement Row(JsonElement journal, int studentId) =>
        journal.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == studentId);

    [Fact]
    public async Task Journal_shows_weighted_average_computed_by_hand()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            var independent = await b.WorkTypeAsync("Самостоятельная работа", 1.5m);
            var second = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-1), 2, s.Teacher);
            var third = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-2), 2, s.Teacher);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            await b.MarkAsync(second, s.Orlov, "3", test);
            await b.MarkAsync(third, s.Orlov, "4", independent);
            await b.MarkAsync(third, s.Orlov, "осв");
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var journal = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal");

        // (5×1 + 3×2 + 4×1.5) / (1 + 2 + 1.5) = 17 / 4.5 = 3.777… → 3.78, which suggests «4»; «осв» does not count.
        var orlov = Row(journal, s.Orlov.Id);
        Assert.Equal(3.78m, orlov.GetProperty("average").GetDecimal());
        Assert.Equal("4", orlov.GetProperty("suggestedGrade").GetString());
        Assert.Equal(JsonValueKind.Null, orlov.GetProperty("periodGrade").ValueKind);
        Assert.Equal(4, orlov.GetProperty("marks").GetArrayLength());
        var weights = orlov.GetProperty("marks")
            .EnumerateArray().Select(m => (m.GetProperty("value").GetString(), m.GetProperty("weight").GetDecimal())).ToList();
        Assert.Contains(("3", 2m), weights);
        Assert.Contains(("4", 1.5m), weights);
        Assert.Equal(JsonValueKind.Null, Row(journal, s.Belov.Id).GetProperty("average").ValueKind);
    }

    [Fact]
    public async Task The_journal_lists_the_periods_lessons_in_order_with_topic_and_homework_and_absences()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.LessonAsync(s.Math, new DateOnly(2026, 10, 20), 1, s.Teacher, "Урок первой четверти");
            await b.LessonAsync(s.Math, new DateOnly(2026, 11, 19), 1, s.Teacher, "Натуральные числа");
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");
        await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { homework = "№ 125, 127" });
        await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/attendance", new { studentId = s.Belov.Id, code = "Б" });

        var journal = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}");

        var lessons = journal.GetProperty("lessons").EnumerateArray().ToList();
        Assert.Equal(["Натуральные числа", "Сложение дробей"], lessons.Select(l => l.GetProperty("topic").GetString()));
        Assert.Equal("2026-11-20", lessons[1].GetProperty("date").GetString());
        Assert.Equal("№ 125, 127", lessons[1].GetProperty("homework").GetString());
        var absence = Assert.Single(Row(journal, s.Belov.Id).GetProperty("absences").EnumerateArray());
        Assert.Equal((s.MathLesson.Id, "Б"), (absence.GetProperty("lessonId").GetInt32(), absence.GetProperty("code").GetString()));
        Assert.Equal(["Белов Борис Иванович", "Орлов Артём Иванович"],
            journal.GetProperty("students").EnumerateArray().Select(r => r.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task Student_who_joined_mid_period_appears_from_his_date()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var c5b = await b.ClassAsync(5, "Б");
            var newcomer = await b.StudentAsync(c5b, "Новиков", "Никита");
            var leaver = await b.StudentAsync(c5b, "Уваров", "Ульян");
            var gone = await b.StudentAsync(c5b, "Прохоров", "Пётр");
            await b.MembershipAsync(s.Math, newcomer, new DateOnly(2026, 11, 20));
            await b.MembershipAsync(s.Math, leaver, b.Year.Start, new DateOnly(2026, 11, 10));
            await b.MembershipAsync(s.Math, gone, b.Year.Start, new DateOnly(2026, 10, 20));
            var earlier = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 19), 1, s.Teacher);
            return (s, newcomer, leaver, gone, earlier);
        });
        var client = await _app.ApiClientAsync("smirnova");

        var journal = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.s.Math.Id}/journal");
        var beforeHisDate = await client.PostAsJsonAsync($"/api/v1/lessons/{s.earlier.Id}/marks", new { studentId = s.newcomer.Id, value = "5" });
        var onHisDate = await client.PostAsJsonAsync($"/api/v1/lessons/{s.s.MathLesson.Id}/marks", new { studentId = s.newcomer.Id, value = "5" });

        Assert.Equal("2026-11-20", Row(journal, s.newcomer.Id).GetProperty("from").GetString());
        Assert.Equal("2026-11-10", Row(journal, s.leaver.Id).GetProperty("to").GetString());
        Assert.DoesNotContain(journal.GetProperty("students").EnumerateArray(), r => r.GetProperty("id").GetInt32() == s.gone.Id);
        Assert.Equal(HttpStatusCode.BadRequest, beforeHisDate.StatusCode);
        Assert.Equal(HttpStatusCode.Created, onHisDate.StatusCode);
    }

    [Fact]
    public async Task Class_teacher_reads_the_journal_but_cannot_write()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            return s;
        });
        var client = await _app.ApiClientAsync("kozlova");

        var read = await client.GetAsync($"/api/v1/groups/{s.Math.Id}/journal");
        var write = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "2" });
        var topic = await client.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { topic = "Другая тема" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("5", Row(await read.JsonAsync(), s.Orlov.Id).GetProperty("marks")[0].GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, topic.StatusCode);
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_student_cannot_read_his_classmates_journal()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("orlov");

        var response = await client.GetAsync($"/api/v1/groups/{s.Math.Id}/journal");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Нет доступа к журналу", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_teacher_cannot_read_a_group_of_another_teacher_and_an_unknown_group_is_not_found()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var other = await client.GetAsync($"/api/v1/groups/{s.Russian.Id}/journal");
        var unknown = await client.GetAsync("/api/v1/groups/999999/journal");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
