using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Messages;

/// <summary>Teachers' messages and recommendations about a student (R-JRN-10): /api/v1/students/{id}/messages and the diary home.</summary>
public sealed class MessageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(Student student) => $"/api/v1/students/{student.Id}/messages";

    private async Task<JournalSchool> SchoolWithParentAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
        return s;
    });

    private static async Task<List<string>> TextsAsync(HttpClient client, Student student) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Url(student))).EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];

    [Fact]
    public async Task Parent_reads_only_messages_addressed_to_parents()
    {
        var s = await SchoolWithParentAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var toParents = await teacher.PostAsJsonAsync(Url(s.Orlov),
            new { kind = "message", text = "Артём не сдал тетрадь", groupId = s.Math.Id, toParents = true, toStudent = false });
        await teacher.PostAsJsonAsync(Url(s.Orlov),
            new { kind = "recommendation", text = "Повтори таблицу умножения", toParents = false, toStudent = true });

        Assert.Equal(HttpStatusCode.Created, toParents.StatusCode);
        var sent = await toParents.JsonAsync();
        Assert.Equal(("message", "Математика", "Смирнова Анна Викторовна"),
            (sent.GetProperty("kind").GetString(), sent.GetProperty("subject").GetString(), sent.GetProperty("senderName").GetString()));
        Assert.Equal(["Артём не сдал тетрадь"], await TextsAsync(await _app.ApiClientAsync("orlova"), s.Orlov));
        Assert.Equal(["Повтори таблицу умножения"], await TextsAsync(await _app.ApiClientAsync("orlov"), s.Orlov));
        Assert.Equal(["Повтори таблицу умножения", "Артём не сдал тетрадь"], await TextsAsync(await _app.ApiClientAsync("kozlova"), s.Orlov));
    }

    [Fact]
    public async Task Teacher_cannot_write_to_a_student_he_does_not_teach()
    {
        var (s, stranger) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var other = await b.ClassAsync(6, "Б");
            return (s, await b.StudentAsync(other, "Новиков", "Глеб"));
        });
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsJsonAsync(Url(stranger), new { kind = "message", text = "Здравствуйте", toParents = true });
        var read = await teacher.GetAsync(Url(stranger));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.TeacherMessages.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Teacher_cannot_write_about_another_teachers_group()
    {
        var s = await SchoolWithParentAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsJsonAsync(Url(s.Orlov), new { kind = "message", text = "О русском языке", groupId = s.Russian.Id });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Class_teacher_writes_a_recommendation_to_a_student_of_her_class()
    {
        var s = await SchoolWithParentAsync();
        var leader = await _app.ApiClientAsync("kozlova");

        var response = await leader.PostAsJsonAsync(Url(s.Belov),
            new { kind = "recommendation", text = "Записаться в кружок", toParents = true, toStudent = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.TeacherMessages.IgnoreQueryFilters().SingleAsync());
        Assert.Equal((MessageKind.Recommendation, true, true), (stored.Kind, stored.ToParents, stored.ToStudent));
    }

    [Fact]
    public async Task An_empty_or_too_long_text_or_no_addressee_is_refused_in_Russian_and_nothing_is_stored()
    {
        var s = await SchoolWithParentAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var empty = await teacher.PostAsJsonAsync(Url(s.Orlov), new { kind = "message", text = "   " });
        var tooLong = await teacher.PostAsJsonAsync(Url(s.Orlov), new { kind = "message", text = new string('а', 4001) });
        var nobody = await teacher.PostAsJsonAsync(Url(s.Orlov), new { kind = "message", text = "Текст", toParents = false, toStudent = false });
        var unknownKind = await teacher.PostAsJsonAsync(Url(s.Orlov), new { kind = "spam", text = "Текст" });

        Assert.All(new[] { empty, tooLong, nobody, unknownKind }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("4000", (await tooLong.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.TeacherMessages.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_parent_of_another_child_cannot_read_the_messages()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.ParentAsync("Белова", "Ольга", "belova", s.Belov);
            return s;
        });

        var response = await (await _app.ApiClientAsync("belova")).GetAsync(Url(s.Orlov));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_diary_home_shows_a_parent_only_the_messages_addressed_to_parents()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
            await b.MessageAsync(s.Orlov, s.Teacher, "Принесите форму на физкультуру", toParents: true, toStudent: false);
            await b.MessageAsync(s.Orlov, s.Teacher, "Прочитай главу 3", toParents: false, toStudent: true, MessageKind.Recommendation);
            return s;
        });

        var parentHome = await (await _app.PageClientAsync("orlova")).GetStringAsync("/");
        var studentHome = await (await _app.PageClientAsync("orlov")).GetStringAsync("/");

        Assert.Contains("Сообщения и рекомендации", parentHome);
        Assert.Contains("Принесите форму на физкультуру", parentHome);
        Assert.DoesNotContain("Прочитай главу 3", parentHome);
        Assert.Contains("Прочитай главу 3", studentHome);
        Assert.Contains("Рекомендация", studentHome);
        Assert.DoesNotContain("Принесите форму на физкультуру", studentHome);
    }
}
