using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The class teacher's mark for a whole day: PUT/GET /api/v1/classes/{id}/daily-absences, and how the journal grid shows it.</summary>
public sealed class DailyAbsenceTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Url(JournalSchool s) => $"/api/v1/classes/{s.Class.Id}/daily-absences";

    private static async Task<List<JsonElement>> AbsencesInGridAsync(HttpClient client, JournalSchool s, TeachingGroup group, Student student)
    {
        var grid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{group.Id}/journal?periodId={s.Quarter2.Id}");
        return [.. grid.GetProperty("students")
            .EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == student.Id).GetProperty("absences").EnumerateArray()];
    }

    [Fact]
    public async Task Class_teacher_marks_a_day_ill_and_subject_teachers_see_it_in_every_lesson_of_that_day()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var response = await leader.PutAsJsonAsync(Url(s),
            new { studentId = s.Orlov.Id, date = JournalSchool.LessonDate, code = "Б", comment = "справка" });
        var inMath = await AbsencesInGridAsync(await _app.ApiClientAsync("smirnova"), s, s.Math, s.Orlov);
        var inRussian = await AbsencesInGridAsync(await _app.ApiClientAsync("kozlov"), s, s.Russian, s.Orlov);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var math = Assert.Single(inMath);
        Assert.Equal((s.MathLesson.Id, "Б", "daily"),
            (math.GetProperty("lessonId").GetInt32(), math.GetProperty("code").GetString(), math.GetProperty("source").GetString()));
        var russian = Assert.Single(inRussian);
        Assert.Equal((s.RussianLesson.Id, "Б", "daily"),
            (russian.GetProperty("lessonId").GetInt32(), russian.GetProperty("code").GetString(), russian.GetProperty("source").GetString()));
        Assert.Equal([AuditEventType.DailyAbsenceSet], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task The_subject_teachers_own_mark_of_a_lesson_wins_over_the_mark_for_the_day()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.AttendanceAsync(s.MathLesson, s.Orlov, AttendanceCode.Late);
            await b.DailyAbsenceAsync(s.Orlov, s.Class, JournalSchool.LessonDate, AttendanceCode.Excused);
            return s;
        });

        var absences = await AbsencesInGridAsync(await _app.ApiClientAsync("smirnova"), s, s.Math, s.Orlov);

        var only = Assert.Single(absences);
        Assert.Equal(("ОП", "lesson"), (only.GetProperty("code").GetString(), only.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Subject_teacher_cannot_mark_a_day_and_nothing_is_stored()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, date = JournalSchool.LessonDate, code = "Н" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.DailyAbsences.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Class_teacher_of_another_class_cannot_mark_a_day_in_this_one()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var other = await b.StaffAsync("Сидорова", "Мария", "Ивановна", "sidorova", Roles.ClassTeacher);
            await b.ClassAsync(5, "Б", other);
            return s;
        });
        var stranger = await _app.ApiClientAsync("sidorova");

        var response = await stranger.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, date = JournalSchool.LessonDate, code = "Б" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.DailyAbsences.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Late_is_not_a_mark_for_the_day_and_is_refused_in_Russian()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var response = await leader.PutAsJsonAsync(Url(s), new { studentId = s.Orlov.Id, date = JournalSchool.LessonDate, code = "ОП" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.All(new[] { "«Б»", "«У»", "«Н»" }, code => Assert.Contains(code, detail));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Class_teacher_lists_the_days_of_a_week_and_clears_one_with_both_changes_audited()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");
        var list = $"{Url(s)}?from=2026-11-16&to=2026-11-22";

        await leader.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, date = JournalSchool.LessonDate, code = "У" });
        var marked = await leader.GetFromJsonAsync<JsonElement>(list);
        var cleared = await leader.PutAsJsonAsync(Url(s), new { studentId = s.Belov.Id, date = JournalSchool.LessonDate, code = (string?)null });
        var after = await leader.GetFromJsonAsync<JsonElement>(list);

        var row = Assert.Single(marked.EnumerateArray());
        Assert.Equal((s.Belov.Id, "2026-11-20", "У"),
            (row.GetProperty("studentId").GetInt32(), row.GetProperty("date").GetString(), row.GetProperty("code").GetString()));
        Assert.Equal("Белов Борис Иванович", row.GetProperty("studentName").GetString());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(after.EnumerateArray());
        Assert.Equal([AuditEventType.DailyAbsenceSet, AuditEventType.DailyAbsenceCleared], (await _app.AuditAsync()).Select(e => e.Type));
    }
}
