using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Groups;

/// <summary>Groups through the API: create, change, delete, members with dates, the split of a class; who may.</summary>
public sealed class GroupsApiTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object SubGroup(GroupsSchool s, int classId, string kind = "subGroup") =>
        new { subjectId = s.English.Id, kind, classIds = new[] { classId }, name = "Английский язык (1 гр.)", note = "по языку" };

    [Fact]
    public async Task Deputy_creates_a_sub_group_that_takes_the_schools_five_point_scale()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/groups", SubGroup(s, s.J.Class.Id));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("subGroup", "Английский язык", "Пятибалльная"),
            (body.GetProperty("kind").GetString(), body.GetProperty("subject").GetString(), body.GetProperty("gradingSystem").GetString()));
        var id = body.GetProperty("id").GetInt32();
        var stored = await _app.QueryAsync(db => db.TeachingGroups.Include(g => g.Classes).SingleAsync(g => g.Id == id));
        Assert.Equal((GroupKind.SubGroup, "по языку", s.J.Class.Id), (stored.Kind, stored.Note, stored.Classes.Single().SchoolClassId));
        Assert.Equal([AuditEventType.SetupCreated], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Subjects_grading_system_comes_before_the_schools()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            var passFail = new GradingSystem { SchoolId = b.School.Id, Name = "Зачёт/незачёт", Kind = GradingKind.PassFail };
            b.Db.GradingSystems.Add(passFail);
            await b.Db.SaveChangesAsync();
            s.English.GradingSystemId = passFail.Id;
            await b.Db.SaveChangesAsync();
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var body = await (await deputy.PostAsJsonAsync("/api/v1/groups", SubGroup(s, s.J.Class.Id))).JsonAsync();

        Assert.Equal("Зачёт/незачёт", body.GetProperty("gradingSystem").GetString());
    }

    [Fact]
    public async Task Class_teacher_keeps_the_sub_groups_of_his_class_only()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var kozlova = await _app.ApiClientAsync("kozlova");

        var own = await kozlova.PostAsJsonAsync("/api/v1/groups", SubGroup(s, s.J.Class.Id));
        var other = await kozlova.PostAsJsonAsync("/api/v1/groups", SubGroup(s, s.ClassB.Id));
        var stream = await kozlova.PostAsJsonAsync("/api/v1/groups",
            new { subjectId = s.English.Id, kind = "stream", classIds = new[] { s.J.Class.Id, s.ClassB.Id } });
        var whole = await kozlova.PutAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}",
            new { subjectId = s.English.Id, kind = "wholeClass", classIds = new[] { s.J.Class.Id } });

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, whole.StatusCode);
        Assert.Equal(4, await _app.CountAsync<TeachingGroup>()); // maths and Russian of 5А, maths of 5Б, the new sub-group
        Assert.Equal("Математика, 5А",
            await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Id == s.J.Math.Id).Select(g => g.Name).SingleAsync()));
    }

    [Fact]
    public async Task Teacher_cannot_create_or_change_groups()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var created = await teacher.PostAsJsonAsync("/api/v1/groups", SubGroup(s, s.J.Class.Id));
        var added = await teacher.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members", new { studentId = s.J.Orlov.Id, from = "2026-11-23" });

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, added.StatusCode);
        Assert.Equal(3, await _app.CountAsync<TeachingGroup>());
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Bad_input_gets_a_russian_message_and_writes_nothing()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var noSubject = await deputy.PostAsJsonAsync("/api/v1/groups", new { kind = "subGroup", classIds = new[] { s.J.Class.Id } });
        var lonelyStream = await deputy.PostAsJsonAsync("/api/v1/groups",
            new { subjectId = s.English.Id, kind = "stream", classIds = new[] { s.J.Class.Id } });
        var sevenDays = await deputy.PostAsJsonAsync("/api/v1/groups",
            new { subjectId = s.English.Id, kind = "individual", classIds = new[] { s.J.Class.Id }, daysPerWeek = 7 });

        Assert.Equal(HttpStatusCode.BadRequest, noSubject.StatusCode);
        Assert.Equal("Не указан предмет", (await noSubject.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, lonelyStream.StatusCode);
        Assert.Contains("двух и более классов", (await lonelyStream.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, sevenDays.StatusCode);
        Assert.Equal(3, await _app.CountAsync<TeachingGroup>());
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_group_with_lessons_is_not_deleted_one_without_is()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var withLessons = await deputy.DeleteAsync($"/api/v1/groups/{s.J.Math.Id}");
        var empty = await deputy.DeleteAsync($"/api/v1/groups/{s.MathB.Id}");

        Assert.Equal(HttpStatusCode.Conflict, withLessons.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(2, await _app.CountAsync<TeachingGroup>());
        Assert.Equal([AuditEventType.SetupDeleted], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Deputy_changes_a_group_and_its_regime()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PutAsJsonAsync($"/api/v1/groups/{s.MathB.Id}", new
        {
            subjectId = s.MathB.SubjectId, kind = "stream", classIds = new[] { s.J.Class.Id, s.ClassB.Id }, name = "Математика, поток 5АБ",
            daysPerWeek = 6, shift = 2,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.TeachingGroups.Include(g => g.Classes).SingleAsync(g => g.Id == s.MathB.Id));
        Assert.Equal((GroupKind.Stream, "Математика, поток 5АБ", 6, 2, 2),
            (stored.Kind, stored.Name, stored.DaysPerWeek, stored.Shift, stored.Classes.Count));
        Assert.Equal([AuditEventType.SetupChanged], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_student_joining_mid_term_is_in_the_journal_from_that_day_only()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            await b.StudentAsync(s.J.Class, "Андреев", "Антон");
            return s;
        });
        var andreev = await _app.QueryAsync(db => db.Students.Where(x => x.LastName == "Андреев").Select(x => x.Id).SingleAsync());
        var deputy = await _app.ApiClientAsync("fedorova");

        var added = await deputy.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members", new { studentId = andreev, from = "2026-11-18" });
        var again = await deputy.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members", new { studentId = andreev, from = "2026-11-30" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var teacher = await _app.ApiClientAsync("smirnova");
        var q2 = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.J.Math.Id}/journal?periodId={s.J.Quarter2.Id}");
        var row = q2.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == andreev);
        Assert.Equal("2026-11-18", row.GetProperty("from").GetString());
        var firstPeriod = await _app.QueryAsync(db => db.StudyPeriods.Where(p => p.Number == 1).Select(p => p.Id).SingleAsync());
        var q1 = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.J.Math.Id}/journal?periodId={firstPeriod}");
        Assert.DoesNotContain(q1.GetProperty("students").EnumerateArray(), r => r.GetProperty("id").GetInt32() == andreev);
        var early = await _app.QueryAsync(db => db.Lessons.CountAsync());
        Assert.Equal(2, early);
        var mark = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.J.MathLesson.Id}/marks", new { studentId = andreev, value = "5" });
        Assert.Equal(HttpStatusCode.Created, mark.StatusCode); // 20 November: he is in the group since the 18th
        var membership = Assert.Single(await _app.MembershipsAsync(andreev));
        Assert.Equal((new DateOnly(2026, 11, 18), (DateOnly?)null), (membership.From, membership.To));
    }

    [Fact]
    public async Task Only_students_of_the_groups_classes_join_it()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            await b.StudentAsync(s.ClassB, "Борисов", "Борис");
            return s;
        });
        var borisov = await _app.QueryAsync(db => db.Students.Where(x => x.LastName == "Борисов").Select(x => x.Id).SingleAsync());
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members", new { studentId = borisov, from = "2026-11-23" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Ученик не из классов группы", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Empty(await _app.MembershipsAsync(borisov));
    }

    [Fact]
    public async Task Ending_a_membership_keeps_the_student_in_the_journal_up_to_that_day()
    {
        var s = await _app.SeedAsync(GroupsSchool.BuildAsync);
        var kozlova = await _app.ApiClientAsync("kozlova");
        var deputy = await _app.ApiClientAsync("fedorova");

        var refused = await kozlova.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members/{s.J.Belov.Id}/end", new { date = "2026-11-20" });
        var response = await deputy.PostAsJsonAsync($"/api/v1/groups/{s.J.Math.Id}/members/{s.J.Belov.Id}/end", new { date = "2026-11-20" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // the whole-class group is not a sub-group
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-11-20", (await response.JsonAsync()).GetProperty("to").GetString());
        var members = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.J.Math.Id}/members");
        var belov = members.EnumerateArray().Single(m => m.GetProperty("studentId").GetInt32() == s.J.Belov.Id);
        Assert.Equal("2026-11-20", belov.GetProperty("to").GetString());
        var audit = Assert.Single(await _app.AuditAsync());
        Assert.Equal((AuditEventType.RosterChanged, "groupMembership"), (audit.Type, audit.Entity));
    }

    [Fact]
    public async Task Splitting_a_class_by_the_alphabet_puts_the_first_half_into_the_first_group()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            await b.StudentAsync(s.J.Class, "Андреев", "Антон");
            return s;
        });
        var kozlova = await _app.ApiClientAsync("kozlova");

        var response = await kozlova.PostAsJsonAsync($"/api/v1/classes/{s.J.Class.Id}/split",
            new { subjectId = s.English.Id, by = "alphabet", from = "2026-11-23" });
        var again = await kozlova.PostAsJsonAsync($"/api/v1/classes/{s.J.Class.Id}/split",
            new { subjectId = s.English.Id, by = "alphabet", from = "2026-11-23" });
        var other = await kozlova.PostAsJsonAsync($"/api/v1/classes/{s.ClassB.Id}/split",
            new { subjectId = s.English.Id, by = "alphabet", from = "2026-11-23" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var groups = await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Kind == GroupKind.SubGroup).OrderBy(g => g.Name)
            .Select(g => new { g.Name, Members = g.Members.OrderBy(m => m.Student!.LastName).Select(m => m.Student!.LastName).ToList() })
            .ToListAsync());
        // Андреев, Белов, Орлов: three students, the first group takes two.
        Assert.Equal("Английский язык 5А (1 гр.)", groups[0].Name);
        Assert.Equal(["Андреев", "Белов"], groups[0].Members);
        Assert.Equal("Английский язык 5А (2 гр.)", groups[1].Name);
        Assert.Equal(["Орлов"], groups[1].Members);
    }

    [Fact]
    public async Task Splitting_a_class_by_gender_puts_the_boys_first()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            var anna = await b.StudentAsync(s.J.Class, "Алексеева", "Анна");
            anna.Gender = Gender.Female;
            await b.Db.SaveChangesAsync();
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/classes/{s.J.Class.Id}/split",
            new { subjectId = s.English.Id, by = "gender", from = "2026-11-23" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal([2, 1], body.EnumerateArray().Select(g => g.GetProperty("members").GetInt32()));
        var girls = await _app.QueryAsync(db => db.GroupMemberships.Where(m => m.TeachingGroup!.Name == "Английский язык 5А (2 гр.)")
            .Select(m => m.Student!.LastName).ToListAsync());
        Assert.Equal(["Алексеева"], girls);
    }
}
