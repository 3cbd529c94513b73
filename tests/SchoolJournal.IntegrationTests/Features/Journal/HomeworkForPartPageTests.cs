using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The lesson page's «Для кого задание»: homework for a part of the group (R-JRN-4), the same write as the API.</summary>
public sealed class HomeworkForPartPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/Journal/Lesson/{s.MathLesson.Id}";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JournalSchool s, IEnumerable<KeyValuePair<string, string>> fields) =>
        Forms.PostPairsAsync(client, Url(s), fields, $"{Url(s)}?handler=HomeworkStudents");

    [Fact]
    public async Task The_teacher_gives_the_homework_to_one_student_and_back_to_the_whole_group()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.LessonHomeworkAsync(s.MathLesson, "№ 245");
            return s;
        });
        var teacher = await _app.PageClientAsync("smirnova");

        var one = await PostAsync(teacher, s, [new("ForStudents", s.Belov.Id.ToString())]);
        var forOne = await _app.QueryAsync(db => db.HomeworkStudents.Select(h => h.StudentId).ToListAsync());
        var leaderView = await (await _app.PageClientAsync("kozlova")).GetPageAsync(Url(s));
        var all = await PostAsync(teacher, s, []);

        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.Equal([s.Belov.Id], forOne);
        Assert.Equal("Для учеников: Белов Борис Иванович.", leaderView.TextOf("#homework-for p"));
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.HomeworkStudents.ToListAsync()));
        Assert.Equal(2, (await _app.AuditAsync()).Count(e => e.Type == AuditEventType.HomeworkSet));
    }

    [Fact]
    public async Task A_student_of_another_group_is_refused_and_nothing_changes()
    {
        var (s, stranger) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.LessonHomeworkAsync(s.MathLesson, "№ 245");
            var other = await b.ClassAsync(6, "Б");
            return (s, await b.StudentAsync(other, "Чужой", "Пётр"));
        });
        var teacher = await _app.PageClientAsync("smirnova");

        var response = await PostAsync(teacher, s, [new("ForStudents", stranger.Id.ToString())]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Задание можно дать только ученикам, которые учатся в группе в день урока.",
            (await Html.ParseAsync(response)).TextOf("#homework-for .field-error"));
        Assert.Empty(await _app.QueryAsync(db => db.HomeworkStudents.ToListAsync()));
    }
}
