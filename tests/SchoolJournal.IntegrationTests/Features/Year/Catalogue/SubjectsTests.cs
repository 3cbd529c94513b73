using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Предметы (R-YEAR-3): /api/v1/subjects and /Year/Subjects; default grading applied to groups (R-YEAR-15).</summary>
public sealed class SubjectsTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deputy_adds_a_subject_of_the_school_part_and_the_audit_keeps_it()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/subjects",
            new { name = "Финансовая грамотность", shortName = "Фин", component = "school", area = "Общественно-научные предметы", sortOrder = 40 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("id").GetInt32();
        var stored = await _app.QueryAsync(db => db.Subjects.SingleAsync(s => s.Id == id));
        Assert.Equal(("Финансовая грамотность", SubjectComponent.School, 40), (stored.Name, stored.Component, stored.SortOrder));
        var student = await _app.ApiClientAsync("orlov");
        var list = await student.GetFromJsonAsync<List<SubjectDtoView>>("/api/v1/subjects");
        Assert.Contains(list!, s => s.Name == "Финансовая грамотность" && s.Component == "school");
        var audit = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.SetupCreated);
        Assert.Equal(("subject", id.ToString()), (audit.Entity, audit.EntityId));
        Assert.Contains("Финансовая грамотность", audit.After);
    }

    private sealed record SubjectDtoView(int Id, string Name, string Component);

    [Fact]
    public async Task A_second_subject_with_the_same_name_is_refused_with_409_and_nothing_is_written()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/subjects", new { name = "Математика", shortName = "Мат" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Предмет «Математика» уже есть", await response.ProblemAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.Subjects.CountAsync(s => s.Name == "Математика")));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task An_unknown_component_and_an_empty_name_get_Russian_400s()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var badComponent = await deputy.PostAsJsonAsync("/api/v1/subjects", new { name = "Астрономия", shortName = "Астр", component = "regional" });
        var noName = await deputy.PostAsJsonAsync("/api/v1/subjects", new { name = " ", shortName = "Астр" });

        Assert.Equal(HttpStatusCode.BadRequest, badComponent.StatusCode);
        Assert.Contains("federal (обязательная часть)", await badComponent.ProblemAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Contains("Заполните поле «Название»", await noName.ProblemAsync());
        Assert.Equal(2, await _app.QueryAsync(db => db.Subjects.CountAsync()));
    }

    [Fact]
    public async Task A_teacher_reads_subjects_but_may_not_change_them()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");
        var mathId = s.Math.SubjectId;

        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/api/v1/subjects")).StatusCode);
        var response = await teacher.PutAsJsonAsync($"/api/v1/subjects/{mathId}", new { name = "Алгебра", shortName = "Алг" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Математика", await _app.QueryAsync(db => db.Subjects.Where(x => x.Id == mathId).Select(x => x.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_subject_with_groups_is_not_deleted()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.DeleteAsync($"/api/v1/subjects/{s.Math.SubjectId}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("учебные группы (1)", await response.ProblemAsync());
        Assert.True(await _app.QueryAsync(db => db.Subjects.AnyAsync(x => x.Id == s.Math.SubjectId)));
    }

    [Fact]
    public async Task Deputy_adds_a_subject_with_the_page_form_and_a_duplicate_is_shown_in_Russian()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var added = await page.PostFormAsync("/Year/Subjects", "Save", new()
        {
            ["Input.Name"] = "Черчение", ["Input.ShortName"] = "Черч", ["Input.Component"] = "school", ["Input.SortOrder"] = "50",
        });
        var duplicate = await page.PostFormAsync("/Year/Subjects", "Save",
            new() { ["Input.Name"] = "Черчение", ["Input.ShortName"] = "Ч", ["Input.Component"] = "school" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("Предмет «Черчение» уже есть в справочнике школы", (await Html.ParseAsync(duplicate)).TextOf("main .errors"));
        Assert.Equal(1, await _app.QueryAsync(db => db.Subjects.CountAsync(x => x.Name == "Черчение")));
        var drawing = (await page.GetPageAsync("/Year/Subjects"))
            .One("table.setup tbody").QuerySelectorAll("tr").Single(r => r.Cell("Предмет").Read() == "Черчение");
        Assert.Equal("часть, формируемая участниками образовательных отношений", drawing.Cell("Часть учебного плана").Read());
    }

    [Fact]
    public async Task The_subject_default_goes_to_its_groups_without_marks_and_groups_with_marks_keep_theirs()
    {
        var (s, passFail, markedGroupId) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var passFail = new GradingSystem { SchoolId = s.School.Id, Name = "Зачёт", Kind = GradingKind.PassFail };
            b.Db.Add(passFail);
            await b.Db.SaveChangesAsync();
            var other = await b.ClassAsync(5, "Б");
            var student = await b.StudentAsync(other, "Зуев", "Пётр");
            var marked = await b.GroupAsync("Математика", s.Teacher, [other]);
            await b.MarkAsync(await b.LessonAsync(marked, JournalSchool.LessonDate, 4, s.Teacher), student, "5");
            return (s, passFail, marked.Id);
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var put = await deputy.PutAsJsonAsync($"/api/v1/subjects/{s.Math.SubjectId}",
            new { name = "Математика", shortName = "Мат", component = "federal", gradingSystemId = passFail.Id });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var response = await deputy.PostAsync($"/api/v1/subjects/{s.Math.SubjectId}/apply-grading", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        Assert.Equal((1, 1, 0),
            (result.GetProperty("changed").GetInt32(), result.GetProperty("keptWithMarks").GetInt32(), result.GetProperty("alreadySet").GetInt32()));
        Assert.Equal(passFail.Id,
            await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Id == s.Math.Id).Select(g => g.GradingSystemId).SingleAsync()));
        Assert.NotEqual(passFail.Id,
            await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Id == markedGroupId).Select(g => g.GradingSystemId).SingleAsync()));
        Assert.Contains(await _app.AuditAsync(),
            e => e.Entity == "group" && e.EntityId == s.Math.Id.ToString() && e.Type == AuditEventType.SetupChanged);
    }
}
