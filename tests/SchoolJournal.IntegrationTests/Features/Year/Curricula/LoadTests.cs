using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Curricula;

/// <summary>Распределение нагрузки through the API: the table, the sums, the warnings, the writes and who may do them.</summary>
public sealed class LoadTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>5А learns by a plan of Математика 5 h and Русский язык 4 h; 5Б has none; a Шахматы group of 5А is outside the plan.</summary>
    private async Task<CurriculaSchool> SeedAsync(Func<SchoolBuilder, CurriculaSchool, Task>? more = null) => await _app.SeedAsync(async b =>
    {
        var s = await CurriculaSchool.BuildAsync(b);
        var plan = new Curriculum
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Учебный план 5-х классов", Grade = 5,
            Lines = [new() { SubjectId = s.Maths.Id, HoursPerWeek = 5, Part = SubjectComponent.Federal },
                new() { SubjectId = s.Russian.Id, HoursPerWeek = 4, Part = SubjectComponent.Federal }],
        };
        b.Db.Curricula.Add(plan);
        await b.Db.SaveChangesAsync();
        var a5 = await b.Db.SchoolClasses.SingleAsync(c => c.Id == s.A5.Id);
        a5.CurriculumId = plan.Id;
        await b.Db.SaveChangesAsync();
        var chess = await b.GroupAsync("Шахматы", s.Kozlov, [s.A5]);
        var assignment = await b.Db.TeachingAssignments.SingleAsync(a => a.TeachingGroupId == chess.Id);
        assignment.HoursPerWeek = 1;
        await b.Db.SaveChangesAsync();
        if (more is not null) await more(b, s);
        return s;
    });

    [Fact]
    public async Task The_table_sums_each_teacher_against_his_rate_and_lists_the_differences_from_the_plans()
    {
        await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var load = await (await teacher.GetAsync("/api/v1/teaching-load")).JsonAsync();

        // Смирнова: 4 h of maths at a rate of 1.0 = 18 h → −14; Козлов: 1 h of chess → −17.
        var sums = load.GetProperty("teachers").EnumerateArray()
            .ToDictionary(t => t.GetProperty("teacher").GetString()!,
                t => (t.GetProperty("hours").GetDecimal(), t.GetProperty("normHours").GetDecimal(), t.GetProperty("difference").GetDecimal()));
        Assert.Equal((4m, 18m, -14m), sums["Смирнова Анна Викторовна"]);
        Assert.Equal((1m, 18m, -17m), sums["Козлов Илья Петрович"]);
        Assert.Equal(2, load.GetProperty("rows").GetArrayLength());
        Assert.Equal(
        [
            "5А, Математика: в группе «Математика, 5А» 4 ч в неделю, по учебному плану 5 ч.",
            "5А, Русский язык: нет группы — по учебному плану 4 ч в неделю.",
            "5А, Шахматы: нет в учебном плане класса — группа «Шахматы, 5А», 1 ч в неделю.",
            "5Б: классу не назначен учебный план — нагрузку класса не с чем сверить.",
        ], load.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Deputy_assigns_a_group_and_the_warning_goes()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");
        var russian = await _app.SeedAsync(async b =>
        {
            var g = new TeachingGroup { SchoolId = s.A5.SchoolId, AcademicYearId = s.A5.AcademicYearId, SubjectId = s.Russian.Id,
                Name = "5А Русский язык", Kind = GroupKind.WholeClass, GradingSystemId = s.Math.GradingSystemId };
            g.Classes.Add(new GroupClass { SchoolClassId = s.A5.Id });
            b.Db.TeachingGroups.Add(g);
            await b.Db.SaveChangesAsync();
            return g;
        });
        var before = await (await deputy.GetAsync("/api/v1/teaching-load")).JsonAsync();
        Assert.Contains("5А, Русский язык: нет учителя в группе «5А Русский язык».",
            before.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()));

        var response = await deputy.PostAsJsonAsync("/api/v1/teaching-load",
            new { teachingGroupId = russian.Id, staffMemberId = s.Kozlov.Id, hoursPerWeek = 4m });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await response.JsonAsync();
        Assert.Equal((4m, "2026-09-01", true),
            (row.GetProperty("hoursPerWeek").GetDecimal(), row.GetProperty("from").GetString(), row.GetProperty("active").GetBoolean()));
        var after = await (await deputy.GetAsync("/api/v1/teaching-load")).JsonAsync();
        Assert.DoesNotContain(after.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("subject").GetString() == "Русский язык");
        Assert.Equal((AuditEventType.SetupCreated, "teachingAssignment"), (await _app.AuditAsync()).Select(e => (e.Type, e.Entity)).Single());
    }

    public static TheoryData<decimal, string?, string?, HttpStatusCode> BadAssignments() => new()
    {
        { 0.25m, null, null, HttpStatusCode.BadRequest },
        { 40.5m, null, null, HttpStatusCode.BadRequest },
        { 1.3m, null, null, HttpStatusCode.BadRequest },
        { 2m, "2026-08-31", null, HttpStatusCode.BadRequest },
        { 2m, "2026-10-01", "2026-09-30", HttpStatusCode.BadRequest },
        // Смирнова already teaches the group from 1 September with no end.
        { 2m, "2027-01-11", null, HttpStatusCode.Conflict },
    };

    [Theory]
    [MemberData(nameof(BadAssignments))]
    public async Task Bad_input_is_refused_and_writes_nothing(decimal hours, string? from, string? to, HttpStatusCode status)
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/teaching-load",
            new { teachingGroupId = s.Math.Id, staffMemberId = s.Smirnova.Id, hoursPerWeek = hours, from, to });

        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.JsonAsync()).GetProperty("detail").GetString()));
        Assert.Equal(2, await _app.QueryAsync(db => db.TeachingAssignments.CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_teacher_reads_the_load_but_cannot_change_it_and_a_parent_cannot_read_it()
    {
        var s = await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var id = await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.TeachingGroupId == s.Math.Id).Select(a => a.Id).SingleAsync());

        var post = await teacher.PostAsJsonAsync("/api/v1/teaching-load",
            new { teachingGroupId = s.Math.Id, staffMemberId = s.Kozlov.Id, hoursPerWeek = 1m });
        var put = await teacher.PutAsJsonAsync($"/api/v1/teaching-load/{id}", new { hoursPerWeek = 10m });
        var delete = await teacher.DeleteAsync($"/api/v1/teaching-load/{id}");
        var student = await (await _app.ApiClientAsync("orlov")).GetAsync("/api/v1/teaching-load");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [post.StatusCode, put.StatusCode, delete.StatusCode, student.StatusCode]);
        Assert.Equal(4m, await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.Id == id).Select(a => a.HoursPerWeek).SingleAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_new_teacher_from_a_date_ends_the_old_assignment_the_day_before_and_gets_the_journal()
    {
        Lesson lesson = null!;
        var s = await SeedAsync(async (b, s) => lesson = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 20), 2, s.Smirnova));
        var deputy = await _app.ApiClientAsync("fedorova");
        var old = await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.TeachingGroupId == s.Math.Id).Select(a => a.Id).SingleAsync());
        var kozlov = await _app.ApiClientAsync("kozlov");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await kozlov.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" })).StatusCode);

        var response = await deputy.PostAsJsonAsync("/api/v1/teaching-load",
            new { teachingGroupId = s.Math.Id, staffMemberId = s.Kozlov.Id, hoursPerWeek = 4m, from = "2026-11-16", replacesId = old });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rows = await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.TeachingGroupId == s.Math.Id).OrderBy(a => a.Id)
            .Select(a => new { a.StaffMemberId, a.From, a.To }).ToListAsync());
        Assert.Equal(
            [(s.Smirnova.Id, new DateOnly(2026, 9, 1), (DateOnly?)new DateOnly(2026, 11, 15)), (s.Kozlov.Id, new DateOnly(2026, 11, 16), null)],
            rows.Select(r => (r.StaffMemberId, r.From, r.To)));
        Assert.Equal([AuditEventType.SetupChanged, AuditEventType.SetupCreated], (await _app.AuditAsync()).Select(e => e.Type));
        Assert.Equal(HttpStatusCode.Created,
            (await kozlov.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" })).StatusCode);
        // Смирнова handed the group over on 15 November: she still reads its journal but no longer writes in it.
        var smirnova = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await smirnova.PostAsJsonAsync($"/api/v1/lessons/{lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "4" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await smirnova.GetAsync($"/api/v1/groups/{s.Math.Id}/journal")).StatusCode);
        // On 23 November only Козлов's 4 h count for the group.
        var load = await (await deputy.GetAsync("/api/v1/teaching-load?date=2026-11-23")).JsonAsync();
        var sums = load.GetProperty("teachers")
            .EnumerateArray().ToDictionary(t => t.GetProperty("teacher").GetString()!, t => t.GetProperty("hours").GetDecimal());
        Assert.Equal((0m, 5m), (sums["Смирнова Анна Викторовна"], sums["Козлов Илья Петрович"]));
    }

    [Fact]
    public async Task Deputy_changes_the_hours_and_deletes_an_assignment()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");
        var id = await _app.QueryAsync(db => db.TeachingAssignments.Where(a => a.TeachingGroupId == s.Math.Id).Select(a => a.Id).SingleAsync());

        var put = await deputy.PutAsJsonAsync($"/api/v1/teaching-load/{id}", new { hoursPerWeek = 5m, from = "2026-09-01" });
        var warnings = (await (await deputy.GetAsync("/api/v1/teaching-load")).JsonAsync())
            .GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("kind").GetString()).ToList();
        var delete = await deputy.DeleteAsync($"/api/v1/teaching-load/{id}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["noGroup", "notInPlan", "noPlan"], warnings);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.TeachingAssignments.CountAsync(a => a.Id == id)));
        Assert.Equal([AuditEventType.SetupChanged, AuditEventType.SetupDeleted], (await _app.AuditAsync()).Select(e => e.Type));
    }
}
