using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Infrastructure.Outbox;
using SchoolJournal.Web.Domain;
using static SchoolJournal.IntegrationTests.Features.Notifications.Notify;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>Whom an event about a lesson's group concerns: the members that day, and for homework to a part of the group only those.</summary>
public sealed class PlanningTests
{
    [Fact]
    public async Task Homework_for_a_part_of_the_group_tells_only_those_students_parents_and_the_topic_tells_nobody()
    {
        using var app = App();
        Parent? belovs = null, newcomers = null;
        var n = await SchoolAsync(app, more: async (b, school) =>
        {
            belovs = await b.ParentAsync("Белова", "Вера", null, school.S.Belov);
            belovs.Email = $"belova-{Guid.NewGuid():N}@notify.test";
            // Joined the maths group the day after the lesson: the lesson's homework is not his.
            var newcomer = await b.StudentAsync(school.S.Class, "Новиков", "Олег");
            await b.MembershipAsync(school.S.Math, newcomer, new DateOnly(2026, 11, 21));
            newcomers = await b.ParentAsync("Новикова", "Ольга", null, newcomer);
            newcomers.Email = $"novikova-{Guid.NewGuid():N}@notify.test";
            foreach (var p in new[] { belovs, newcomers })
                b.Db.PersonalDataConsents.Add(Consent(school.S.School.Id, p.Id, true, ConsentScope.Email));
            await b.Db.SaveChangesAsync();
            var homework = await b.LessonHomeworkAsync(school.S.MathLesson, "Задача 1");
            b.Db.HomeworkStudents.Add(new HomeworkStudent { HomeworkId = homework.Id, StudentId = school.S.Belov.Id });
            await b.Db.SaveChangesAsync();
        });
        var teacher = await app.ApiClientAsync("smirnova");

        var put = await teacher.PutAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}",
            new { topic = "Вычитание дробей", homework = "Задачи 1–5 на с. 42" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await app.RunOutboxAsync();

        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));
        Assert.Empty(await app.NotificationsAsync(newcomers!.Id));
        var row = Assert.Single(await app.NotificationsAsync(belovs!.Id));
        Assert.Equal((NotificationKind.Homework, NotificationStatus.Sent), (row.Kind, row.Status));
        var mail = Assert.Single(await MailToAsync(belovs.Email!, 1));
        Assert.Equal("Дневник: домашнее задание", mail.Subject);
        Assert.StartsWith("Белов Б.: домашнее задание по предмету «Математика» к уроку 20.11: Задачи 1–5 на с. 42", mail.TextBody);
    }

    [Fact]
    public async Task Homework_for_the_whole_group_tells_the_parents_of_its_members_on_the_lesson_s_date()
    {
        using var app = App();
        Parent? newcomers = null;
        var n = await SchoolAsync(app, more: async (b, school) =>
        {
            var newcomer = await b.StudentAsync(school.S.Class, "Новиков", "Олег");
            await b.MembershipAsync(school.S.Math, newcomer, new DateOnly(2026, 11, 21));
            newcomers = await b.ParentAsync("Новикова", "Ольга", null, newcomer);
            newcomers.Email = $"novikova-{Guid.NewGuid():N}@notify.test";
            b.Db.PersonalDataConsents.Add(Consent(school.S.School.Id, newcomers.Id, true, ConsentScope.Email));
            await b.Db.SaveChangesAsync();
        });
        var teacher = await app.ApiClientAsync("smirnova");

        (await teacher.PutAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}", new { homework = "Выучить правило" })).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.StartsWith("Орлов А.: домашнее задание по предмету «Математика» к уроку 20.11: Выучить правило", mail.TextBody);
        Assert.Empty(await app.NotificationsAsync(newcomers!.Id));
    }

    [Fact]
    public async Task A_corrected_mark_is_told_as_changed_and_a_removed_one_tells_nobody()
    {
        using var app = App();
        Mark? mark = null;
        var n = await SchoolAsync(app, more: async (b, school) => mark = await b.MarkAsync(school.S.MathLesson, school.S.Orlov, "3"));
        var teacher = await app.ApiClientAsync("smirnova");

        (await teacher.PutAsJsonAsync($"/api/v1/marks/{mark!.Id}", new { value = "4" })).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();
        (await teacher.DeleteAsync($"/api/v1/marks/{mark.Id}")).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.Equal("Дневник: оценка изменена", mail.Subject);
        Assert.StartsWith("Орлов А.: оценка изменена на 4 по предмету «Математика» (ответ на уроке) за 20.11", mail.TextBody);
        Assert.Single(await app.NotificationsAsync(n.Parent.Id));
    }

    [Fact]
    public async Task Events_of_one_pass_are_planned_together_each_told_as_alone_with_one_read_of_the_parents()
    {
        using var app = App();
        Mark? mark = null;
        Parent? belovs = null;
        var n = await SchoolAsync(app, more: async (b, school) =>
        {
            mark = await b.MarkAsync(school.S.MathLesson, school.S.Orlov, "3");
            belovs = await b.ParentAsync("Белова", "Вера", null, school.S.Belov);
            belovs.Email = $"belova-{Guid.NewGuid():N}@notify.test";
            b.Db.PersonalDataConsents.Add(Consent(school.S.School.Id, belovs.Id, true, ConsentScope.Email));
            await b.Db.SaveChangesAsync();
        });
        var teacher = await app.ApiClientAsync("smirnova");

        // Three changes before the dispatcher looks: a corrected mark, a new mark for another student, the lesson's homework.
        (await teacher.PutAsJsonAsync($"/api/v1/marks/{mark!.Id}", new { value = "4" })).EnsureSuccessStatusCode();
        (await teacher.PostAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}/marks", new { studentId = n.S.Belov.Id, value = "5" }))
            .EnsureSuccessStatusCode();
        (await teacher.PutAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}", new { homework = "Задачи 6–9" })).EnsureSuccessStatusCode();
        using (var counter = new CommandCounter(app.DatabaseName))
        {
            await app.Services.GetRequiredService<OutboxWorker>().ProcessEventsAsync();
            // One read of the parents' links, of their consents and of the students' names for the three events, not one an event.
            Assert.Single(counter.Commands, c => c.Contains("FROM \"StudentParents\"", StringComparison.Ordinal));
            Assert.Single(counter.Commands, c => c.Contains("FROM \"PersonalDataConsents\"", StringComparison.Ordinal));
            Assert.Single(counter.Commands, c => c.Contains("FROM \"Students\"", StringComparison.Ordinal));
        }
        await app.RunOutboxAsync();

        var orlovs = (await MailToAsync(n.Email, 2)).Select(m => (m.Subject, m.TextBody!.Split('\n')[0])).OrderBy(m => m.Subject).ToList();
        Assert.Equal(
        [
            ("Дневник: домашнее задание", "Орлов А.: домашнее задание по предмету «Математика» к уроку 20.11: Задачи 6–9"),
            ("Дневник: оценка изменена", "Орлов А.: оценка изменена на 4 по предмету «Математика» (ответ на уроке) за 20.11"),
        ], orlovs);
        var belovas = (await MailToAsync(belovs!.Email!, 2)).Select(m => (m.Subject, m.TextBody!.Split('\n')[0])).OrderBy(m => m.Subject).ToList();
        Assert.Equal(
        [
            ("Дневник: домашнее задание", "Белов Б.: домашнее задание по предмету «Математика» к уроку 20.11: Задачи 6–9"),
            ("Дневник: новая оценка", "Белов Б.: оценка 5 по предмету «Математика» (ответ на уроке) за 20.11"),
        ], belovas);
    }
}
