using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Recording a mark for a lesson: POST, PUT and DELETE on marks.</summary>
public sealed class MarkTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Teacher_marks_a_student_and_gets_the_mark_back_with_its_id()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", comment = "Отличный ответ" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mark = await response.JsonAsync();
        var id = mark.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/marks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("5", mark.GetProperty("value").GetString());
        Assert.Equal("Ответ на уроке", mark.GetProperty("workType").GetString());
        var stored = await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().SingleAsync(m => m.Id == id));
        Assert.Equal(s.Orlov.Id, stored.StudentId);
        Assert.Equal("Отличный ответ", stored.Comment);
        Assert.Equal(_app.Time.Now, stored.CreatedAt);
        Assert.NotNull(stored.CreatedById);
    }

    [Fact]
    public async Task The_work_type_is_chosen_by_name_and_brings_its_weight()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
            return s;
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "4", workType = "Контрольная работа" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mark = await response.JsonAsync();
        Assert.Equal("Контрольная работа", mark.GetProperty("workType").GetString());
        Assert.Equal(2m, mark.GetProperty("weight").GetDecimal());
    }

    [Fact]
    public async Task A_mark_outside_the_scale_is_refused_in_Russian_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "6" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("Недопустимая отметка", problem.GetProperty("title").GetString());
        Assert.Equal("Отметка «6» не входит в систему оценивания «пятибалльная». Допустимые отметки: «1», «2», «3», «4», «5», «осв», «н/а».",
            problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task An_unknown_work_type_is_refused_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", workType = "Сочинение" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("«Сочинение»", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_student_who_is_not_in_the_group_cannot_be_marked()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var c5b = await b.ClassAsync(5, "Б");
            return (s, await b.StudentAsync(c5b, "Зайцев", "Глеб"));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.s.MathLesson.Id}/marks", new { studentId = s.Item2.Id, value = "5" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Ученик не в группе", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Teacher_cannot_mark_a_class_he_does_not_teach()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.RussianLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Нет права писать в этот журнал", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_lesson_of_another_school_is_not_found()
    {
        var (_, foreignLesson) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.SchoolAsync("МБОУ «СОШ № 2»");
            var teacher = await b.StaffAsync("Иванов", "Иван", "Иванович", null, Roles.Teacher);
            var cls = await b.ClassAsync(5, "А");
            await b.StudentAsync(cls, "Львов", "Лев");
            var group = await b.GroupAsync("Математика", teacher, [cls]);
            return (s, await b.LessonAsync(group, JournalSchool.LessonDate, 1, teacher));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{foreignLesson.Id}/marks", new { studentId = 1, value = "5" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Урок не найден", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Substitute_can_mark_the_lesson_he_substitutes_but_not_others()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var another = await b.LessonAsync(s.Math, JournalSchool.LessonDate.AddDays(-1), 2, s.Teacher);
            await b.SubstituteAsync(s.MathLesson, s.OtherTeacher);
            return (s, another);
        });
        var client = await _app.ApiClientAsync("kozlov");

        var substituted = await client.PostAsJsonAsync($"/api/v1/lessons/{s.s.MathLesson.Id}/marks", new { studentId = s.s.Orlov.Id, value = "4" });
        var notHis = await client.PostAsJsonAsync($"/api/v1/lessons/{s.another.Id}/marks", new { studentId = s.s.Orlov.Id, value = "4" });

        Assert.Equal(HttpStatusCode.Created, substituted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notHis.StatusCode);
    }

    [Fact]
    public async Task A_mark_write_creates_exactly_one_audit_event_whose_hash_chains_to_the_previous()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.ApiClientAsync("smirnova");
        (await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Belov.Id, value = "3" }))
            .EnsureSuccessStatusCode();
        var before = await _app.AuditAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            new { studentId = s.Orlov.Id, value = "5", comment = "у доски" });

        var id = (await response.JsonAsync()).GetProperty("id").GetInt32();
        var events = await _app.AuditAsync();
        var added = Assert.Single(events.Skip(before.Count));
        Assert.Equal(AuditEventType.MarkCreated, added.Type);
        Assert.Equal(("mark", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (added.Entity, added.EntityId));
        Assert.Equal(before[^1].Hash, added.PreviousHash);
        Assert.Equal(before[^1].Sequence + 1, added.Sequence);
        Assert.Equal(AuditLog.HashOf(added), added.Hash);
        Assert.Equal("Смирнова Анна Викторовна", added.ActorName);
        Assert.Null(added.Before);
        var after = JournalHttp.Parse(added.After);
        Assert.Equal(s.Orlov.Id, after.GetProperty("studentId").GetInt32());
        Assert.Equal(s.MathLesson.Id, after.GetProperty("lessonId").GetInt32());
        Assert.Equal("5", after.GetProperty("value").GetString());
        Assert.Equal("Ответ на уроке", after.GetProperty("workType").GetString());
        Assert.Equal("у доски", after.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Changing_a_mark_keeps_before_and_after_in_the_audit_log()
    {
        var (s, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.MarkAsync(s.MathLesson, s.Orlov, "3"));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PutAsJsonAsync($"/api/v1/marks/{mark.Id}", new { value = "4", comment = "исправил ошибку" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4", (await response.JsonAsync()).GetProperty("value").GetString());
        var e = Assert.Single(await _app.AuditAsync());
        Assert.Equal(AuditEventType.MarkChanged, e.Type);
        Assert.Equal("3", JournalHttp.Parse(e.Before).GetProperty("value").GetString());
        Assert.Equal("4", JournalHttp.Parse(e.After).GetProperty("value").GetString());
        Assert.Equal("исправил ошибку", JournalHttp.Parse(e.After).GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Deleting_a_mark_leaves_what_was_there_in_the_audit_log()
    {
        var (s, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.MarkAsync(s.MathLesson, s.Orlov, "2"));
        });
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.DeleteAsync($"/api/v1/marks/{mark.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
        var e = Assert.Single(await _app.AuditAsync());
        Assert.Equal(AuditEventType.MarkDeleted, e.Type);
        Assert.Equal(mark.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.EntityId);
        Assert.Equal("2", JournalHttp.Parse(e.Before).GetProperty("value").GetString());
        Assert.Null(e.After);
    }

    [Fact]
    public async Task Another_teacher_cannot_delete_a_mark_and_it_stays()
    {
        var (s, mark) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.MarkAsync(s.MathLesson, s.Orlov, "2"));
        });
        var client = await _app.ApiClientAsync("kozlov");

        var response = await client.DeleteAsync($"/api/v1/marks/{mark.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }
}
