using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Классы (R-YEAR-5) with their regime (R-YEAR-8) and class teachers over dates.</summary>
public sealed class ClassesTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deputy_opens_a_profile_class_on_a_six_day_week_and_the_class_list_shows_it()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");
        var bells = await _app.QueryAsync(db => db.BellSchedules.Select(b => b.Id).FirstAsync());

        var response = await deputy.PostAsJsonAsync("/api/v1/classes",
            new { grade = 10, letter = "а", profile = "science", shift = 1, daysPerWeek = 6, bellScheduleId = bells });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("10А", "science", 6, 0),
            (body.GetProperty("name").GetString(), body.GetProperty("profile").GetString(), body.GetProperty("daysPerWeek").GetInt32(),
                body.GetProperty("students").GetInt32()));
        var list = await deputy.GetFromJsonAsync<JsonElement>("/api/v1/classes");
        Assert.Equal(["5А", "10А"], list.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Contains(await _app.AuditAsync(), e => e.Type == AuditEventType.SetupCreated && e.Entity == "class");
    }

    [Fact]
    public async Task A_duplicate_class_a_profile_below_10th_grade_and_a_7_day_week_are_refused()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var duplicate = await deputy.PostAsJsonAsync("/api/v1/classes", new { grade = 5, letter = "А" });
        var profile = await deputy.PostAsJsonAsync("/api/v1/classes", new { grade = 7, letter = "Б", profile = "humanities" });
        var week = await deputy.PostAsJsonAsync("/api/v1/classes", new { grade = 7, letter = "Б", daysPerWeek = 7 });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("Класс 5А в этом учебном году уже есть", await duplicate.ProblemAsync());
        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
        Assert.Contains("только 10 и 11 классы", await profile.ProblemAsync());
        Assert.Equal(HttpStatusCode.BadRequest, week.StatusCode);
        Assert.Contains("5 или 6 дней", await week.ProblemAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.SchoolClasses.CountAsync()));
    }

    [Fact]
    public async Task A_class_with_students_and_groups_is_not_deleted()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.DeleteAsync($"/api/v1/classes/{s.Class.Id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var why = await response.ProblemAsync();
        Assert.Contains("ученики (2)", why);
        Assert.Contains("учебные группы (2)", why);
        Assert.True(await _app.QueryAsync(db => db.SchoolClasses.AnyAsync(c => c.Id == s.Class.Id)));
    }

    [Fact]
    public async Task A_new_class_teacher_from_a_date_ends_the_old_link_the_day_before()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PutAsJsonAsync($"/api/v1/classes/{s.Class.Id}/class-teacher",
            new { staffMemberId = s.Teacher.Id, from = "2026-11-23" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(s.Teacher.Id, (await response.JsonAsync()).GetProperty("classTeacher").GetProperty("staffMemberId").GetInt32());
        var links = await _app.QueryAsync(db => db.ClassTeachers.Where(t => t.SchoolClassId == s.Class.Id)
            .OrderBy(t => t.From).Select(t => new { t.StaffMemberId, t.From, t.To }).ToListAsync());
        Assert.Equal(2, links.Count);
        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 22)), (links[0].From, links[0].To!.Value));
        Assert.Equal((s.Teacher.Id, new DateOnly(2026, 11, 23), (DateOnly?)null), (links[1].StaffMemberId, links[1].From, links[1].To));
        var classes = await deputy.GetFromJsonAsync<JsonElement>("/api/v1/classes");
        Assert.Equal([s.Teacher.Id], classes[0].GetProperty("classTeacherIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Contains(await _app.AuditAsync(), e => e.Entity == "classTeacher" && e.Type == AuditEventType.SetupChanged);
    }

    [Fact]
    public async Task A_class_teacher_cannot_be_appointed_before_the_current_one_started()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PutAsJsonAsync($"/api/v1/classes/{s.Class.Id}/class-teacher",
            new { staffMemberId = s.Teacher.Id, from = "2026-08-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("назначен с 01.09.2026", await response.ProblemAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.ClassTeachers.CountAsync()));
    }

    [Fact]
    public async Task The_class_page_lists_the_class_teacher_students_and_regime_and_its_form_adds_a_class()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Classes", "Save", new()
        {
            ["Input.Grade"] = "1", ["Input.Letter"] = "В", ["Input.Profile"] = "none", ["Input.Shift"] = "2", ["Input.DaysPerWeek"] = "5",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.SchoolClasses.SingleAsync(c => c.Grade == 1));
        Assert.Equal(("В", 2), (stored.Letter, stored.Shift));
        var classes = (await (await _app.PageClientAsync("smirnova")).GetPageAsync("/Year/Classes")).One("table.setup");
        var a5 = classes.Row("5А");
        Assert.Equal("Козлова И. П. (с 01.09.2026)", a5.Cell("Классный руководитель").Read());
        Assert.Equal("2", a5.Cell("Учеников").Read());
        Assert.Equal("2 смена, 5-дневная неделя", classes.Row("1В").Cell("Режим").Read());
    }

    [Fact]
    public async Task A_teacher_may_not_add_a_class_through_the_page()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("smirnova");

        var response = await page.PostFormAsync("/Year/Classes", "Save", new() { ["Input.Grade"] = "6", ["Input.Letter"] = "Г" });

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("AccessDenied") == true);
        Assert.Equal(1, await _app.QueryAsync(db => db.SchoolClasses.CountAsync()));
    }
}
