using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Changes;

/// <summary>
/// Substitutions, moves, room changes and cancellations (R-YEAR-13) through POST/DELETE /api/v1/substitutions and the
/// /Year/Substitutions form. The school is <see cref="JournalSchool"/>: Смирнова's maths in 5А on Friday 20.11, 2nd lesson;
/// Козлов's Russian there, 3rd lesson; Фёдорова (fedorova) is the deputy.
/// </summary>
public sealed class SubstitutionTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> ChangesAsync() => _app.QueryAsync(db => db.LessonChanges.CountAsync());

    private Task<Lesson> LessonAsync(int id) => _app.QueryAsync(db => db.Lessons.AsNoTracking().SingleAsync(l => l.Id == id));

    [Fact]
    public async Task Deputy_substitutes_a_lesson_and_the_substitute_writes_that_lesson_only()
    {
        var (s, other) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.LessonAsync(s.Math, new DateOnly(2026, 11, 19), 1, s.Teacher));
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.MathLesson.Id, kind = "substitution", teacherId = s.OtherTeacher.Id, reason = "Больничный" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await response.JsonAsync();
        Assert.Equal(("substitution", "Смирнова А. В.", "Козлов И. П."),
            (row.GetProperty("kind").GetString(), row.GetProperty("from").GetString(), row.GetProperty("to").GetString()));
        Assert.Equal(s.OtherTeacher.Id, (await LessonAsync(s.MathLesson.Id)).SubstituteTeacherId);
        var change = await _app.QueryAsync(db => db.LessonChanges.SingleAsync());
        Assert.Equal((LessonChangeKind.Substitution, s.Teacher.Id, s.OtherTeacher.Id, "Больничный"),
            (change.Kind, change.FromTeacherId, change.ToTeacherId, change.Reason));
        Assert.Equal([AuditEventType.LessonSubstituted], (await _app.AuditAsync()).Select(e => e.Type));

        var substitute = await _app.ApiClientAsync("kozlov");
        Assert.Equal(HttpStatusCode.Created,
            (await substitute.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await substitute.PostAsJsonAsync($"/api/v1/lessons/{other.Id}/marks", new { studentId = s.Orlov.Id, value = "5" })).StatusCode);
        var regular = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await regular.GetAsync($"/api/v1/groups/{s.Math.Id}/journal?periodId={s.Quarter2.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_substitute_busy_at_that_time_is_refused_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var sixB = await b.ClassAsync(6, "Б");
            var russian6 = await b.GroupAsync("Русский язык", s.OtherTeacher, [sixB]);
            await b.LessonAsync(russian6, JournalSchool.LessonDate, 2, s.OtherTeacher);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.MathLesson.Id, kind = "substitution", teacherId = s.OtherTeacher.Id });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Козлов И. П.", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Null((await LessonAsync(s.MathLesson.Id)).SubstituteTeacherId);
        Assert.Equal(0, await ChangesAsync());
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Teacher_cannot_register_a_substitution()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.MathLesson.Id, kind = "substitution", teacherId = s.OtherTeacher.Id });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null((await LessonAsync(s.MathLesson.Id)).SubstituteTeacherId);
        Assert.Equal(0, await ChangesAsync());
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/api/v1/substitutions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("orlov")).GetAsync("/api/v1/substitutions")).StatusCode);
    }

    [Fact]
    public async Task A_move_takes_the_new_bell_times_and_keeps_where_the_lesson_stood()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.MathLesson.Id, kind = "move", date = "2026-11-24", number = 4 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lesson = await LessonAsync(s.MathLesson.Id);
        // The builder's bells: lesson n starts at 8:00 + (n − 1) × 55 min and lasts 45 min.
        Assert.Equal((new DateOnly(2026, 11, 24), 4, new TimeOnly(10, 45), new TimeOnly(11, 30)),
            (lesson.Date, lesson.Number, lesson.Start, lesson.End));
        Assert.Equal((JournalSchool.LessonDate, 2), (lesson.OriginalDate, lesson.OriginalNumber));
        Assert.Equal([AuditEventType.LessonMoved], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Theory]
    [InlineData("2026-10-28", 2, 400, "Урок вне учебного периода")]
    [InlineData("2026-11-22", 2, 400, "Урок вне учебного периода")]
    [InlineData("2026-11-20", 3, 409, "У учеников группы")]
    [InlineData("2026-11-20", 9, 400, "расписании звонков")]
    public async Task A_move_outside_the_school_days_or_onto_a_clash_is_refused_and_nothing_moves(string date, int number, int status, string message)
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "move", date, number });

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(message, problem.GetProperty("title").GetString() + " " + problem.GetProperty("detail").GetString());
        var lesson = await LessonAsync(s.MathLesson.Id);
        Assert.Equal((JournalSchool.LessonDate, 2, (DateOnly?)null), (lesson.Date, lesson.Number, lesson.OriginalDate));
        Assert.Equal(0, await ChangesAsync());
    }

    [Fact]
    public async Task Room_change_is_refused_when_the_room_is_taken()
    {
        var (s, free, taken) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var free = new Room { SchoolId = b.School.Id, Number = "12" };
            var taken = new Room { SchoolId = b.School.Id, Number = "14" };
            b.Db.Rooms.AddRange(free, taken);
            await b.Db.SaveChangesAsync();
            var sixB = await b.ClassAsync(6, "Б");
            var history = await b.GroupAsync("История", s.OtherTeacher, [sixB]);
            var busy = await b.LessonAsync(history, JournalSchool.LessonDate, 2, s.OtherTeacher);
            await b.Db.Lessons.Where(l => l.Id == busy.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.RoomId, taken.Id));
            return (s, free, taken);
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var refused = await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "room", roomId = taken.Id });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Кабинет 14", (await refused.JsonAsync()).GetProperty("detail").GetString());
        Assert.Null((await LessonAsync(s.MathLesson.Id)).RoomId);

        var moved = await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "room", roomId = free.Id });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Equal(free.Id, (await LessonAsync(s.MathLesson.Id)).RoomId);
        Assert.Equal([AuditEventType.LessonRoomChanged], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_lesson_with_marks_is_not_cancelled_one_without_is_and_the_undo_brings_it_back()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "4");
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var refused = await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "cancel" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(LessonStatus.Planned, (await LessonAsync(s.MathLesson.Id)).Status);

        var cancelled = await deputy.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.RussianLesson.Id, kind = "cancel", reason = "Экскурсия" });
        Assert.Equal(HttpStatusCode.Created, cancelled.StatusCode);
        Assert.Equal(LessonStatus.Cancelled, (await LessonAsync(s.RussianLesson.Id)).Status);
        var id = (await cancelled.JsonAsync()).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/substitutions/{id}")).StatusCode);
        // The lesson was on Friday 20.11, before today (Monday 23.11): it is back as held.
        Assert.Equal(LessonStatus.Held, (await LessonAsync(s.RussianLesson.Id)).Status);
        Assert.Equal(0, await ChangesAsync());
        Assert.Equal([AuditEventType.LessonCancelled, AuditEventType.LessonCancelled], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Only_the_latest_change_of_a_lesson_is_undone()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var first = await (
            await deputy.PostAsJsonAsync("/api/v1/substitutions",
                new { lessonId = s.MathLesson.Id, kind = "substitution", teacherId = s.OtherTeacher.Id })).JsonAsync();
        var second = await (await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "move", number = 5 }))
            .JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await deputy.DeleteAsync($"/api/v1/substitutions/{first.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/substitutions/{second.GetProperty("id").GetInt32()}")).StatusCode);
        var lesson = await LessonAsync(s.MathLesson.Id);
        Assert.Equal((2, (DateOnly?)null, s.OtherTeacher.Id), (lesson.Number, lesson.OriginalDate, lesson.SubstituteTeacherId));
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/substitutions/{first.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Null((await LessonAsync(s.MathLesson.Id)).SubstituteTeacherId);
    }

    [Fact]
    public async Task Unknown_kind_is_bad_input_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId = s.MathLesson.Id, kind = "swap" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Неизвестный вид изменения", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await ChangesAsync());
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task The_register_lists_changes_of_the_dates_and_filters_by_teacher()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        await deputy.PostAsJsonAsync("/api/v1/substitutions",
            new { lessonId = s.MathLesson.Id, kind = "substitution", teacherId = s.OtherTeacher.Id });

        var november = await (await deputy.GetAsync("/api/v1/substitutions?from=2026-11-01&to=2026-11-30")).JsonAsync();
        var december = await (await deputy.GetAsync("/api/v1/substitutions?from=2026-12-01&to=2026-12-31")).JsonAsync();
        var bySmirnova = await (await deputy.GetAsync($"/api/v1/substitutions?from=2026-11-01&to=2026-11-30&teacherId={s.Teacher.Id}")).JsonAsync();

        var row = Assert.Single(november.EnumerateArray());
        Assert.Equal(("2026-11-20", 2, "5А", "Математика", "Фёдорова Нина Андреевна"),
            (row.GetProperty("date").GetString(), row.GetProperty("number").GetInt32(),
            row.GetProperty("classes").GetString(), row.GetProperty("subject").GetString(), row.GetProperty("createdBy").GetString()));
        Assert.Empty(december.EnumerateArray());
        Assert.Single(bySmirnova.EnumerateArray());
    }

    // ---- the page ----

    private static string PageUrl(JournalSchool s) => $"/Year/Substitutions?day=2026-11-20&forClass={s.Class.Id}";

    [Fact]
    public async Task Deputy_registers_a_substitution_through_the_form_and_sees_it_in_the_register()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var response = await Forms.PostAsync(client, PageUrl(s), new()
        {
            ["Change.LessonId"] = s.MathLesson.Id.ToString(), ["Change.Kind"] = "substitution",
            ["Change.TeacherId"] = s.OtherTeacher.Id.ToString(), ["Change.Reason"] = "Курсы",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(s.OtherTeacher.Id, (await LessonAsync(s.MathLesson.Id)).SubstituteTeacherId);
        Assert.Equal([AuditEventType.LessonSubstituted], (await _app.AuditAsync()).Select(e => e.Type));
        var change = Assert.Single((await client.GetPageAsync("/Year/Substitutions?from=2026-11-01&to=2026-11-30"))
            .QuerySelectorAll("table.changes tbody tr"));
        Assert.Equal(("Смирнова А. В.", "Козлов И. П.", "Курсы"),
            (change.Cell("Было").Read(), change.Cell("Стало").Read(), change.Cell("Причина").Read()));
        var export = await client.GetAsync("/Year/Substitutions?handler=Export&from=2026-11-01&to=2026-11-30");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var rows = SchoolJournal.Web.Infrastructure.Xlsx.Read(await export.Content.ReadAsStreamAsync());
        Assert.Equal(["Дата", "Урок", "Класс", "Группа", "Предмет", "Вид", "Было", "Стало", "Причина", "Зарегистрировал", "Когда"], rows[0]);
        Assert.Equal(["2026-11-20", "2", "5А"], rows[1][..3]);
        Assert.Equal(["замена", "Смирнова А. В.", "Козлов И. П.", "Курсы"], rows[1][5..9]);
    }

    [Fact]
    public async Task A_refused_form_shows_the_reason_and_writes_nothing()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");

        var response = await Forms.PostAsync(client, PageUrl(s), new()
        {
            ["Change.LessonId"] = s.MathLesson.Id.ToString(), ["Change.Kind"] = "move", ["Change.Date"] = "2026-10-28",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("вне учебного периода", (await Html.ParseAsync(response)).TextOf("main p.errors[role=alert]"));
        Assert.Equal(0, await ChangesAsync());
        Assert.Equal(JournalSchool.LessonDate, (await LessonAsync(s.MathLesson.Id)).Date);
    }

    [Fact]
    public async Task Teacher_reads_the_page_but_cannot_post_the_form()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var html = await client.GetPageAsync(PageUrl(s));
        Assert.DoesNotContain("Зарегистрировать изменение урока", html.TextsOf("main h2"));
        Assert.Empty(html.QuerySelectorAll("main form[method=post]"));
        var response = await Forms.PostAsync(client, "/Year/Substitutions", new()
        {
            ["Change.LessonId"] = s.MathLesson.Id.ToString(), ["Change.Kind"] = "cancel",
        });

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);
        Assert.Equal(LessonStatus.Planned, (await LessonAsync(s.MathLesson.Id)).Status);
    }

    [Fact]
    public async Task The_substitute_sees_the_lesson_on_his_home_page_marked_as_a_substitution()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var today = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 23), 1, s.Teacher);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var lessonId = await _app.QueryAsync(db => db.Lessons.Where(l => l.Date == new DateOnly(2026, 11, 23)).Select(l => l.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Created,
            (await deputy.PostAsJsonAsync("/api/v1/substitutions", new { lessonId, kind = "substitution", teacherId = s.OtherTeacher.Id }))
                .StatusCode);

        var home = await (await _app.PageClientAsync("kozlov")).GetPageAsync("/");
        var parent = await (await _app.PageClientAsync("orlov")).GetPageAsync("/");

        var lesson = home.One($"#teacher a[href='/Journal/Lesson/{lessonId}']").Closest("td")!;
        Assert.Equal(["замена"], lesson.TextsOf(".tag"));
        Assert.Contains(Assert.Single(parent.One("#diary table.lessons").BodyRows()),
            c => c.Contains("замена: Козлов И. П.", StringComparison.Ordinal));
    }
}
