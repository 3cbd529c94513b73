using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Системы оценивания и виды работ (R-YEAR-15).</summary>
public sealed class GradingTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_ten_point_system_lists_its_marks_and_the_special_ones()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/grading-systems", new { name = "Десятибалльная", kind = "tenPoint" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var allowed = (await response.JsonAsync()).GetProperty("allowed").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "осв", "н/а"], allowed);
        var ten = (await (await _app.PageClientAsync("smirnova")).GetPageAsync("/Year/Grading")).Row("Десятибалльная");
        Assert.Equal("«1», «2», «3», «4», «5», «6», «7», «8», «9», «10», «осв», «н/а»", ten.Cell("Допустимые отметки").Read());
    }

    [Fact]
    public async Task A_work_type_weight_outside_0_1_to_10_is_refused_and_a_used_work_type_is_not_deleted()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var answer = await _app.QueryAsync(db => db.WorkTypes.Select(w => w.Id).SingleAsync());

        var heavy = await deputy.PostAsJsonAsync("/api/v1/work-types", new { name = "Экзамен", shortName = "Экз", weight = 11 });
        var light = await deputy.PostAsJsonAsync("/api/v1/work-types", new { name = "Экзамен", shortName = "Экз", weight = 0.05 });
        var delete = await deputy.DeleteAsync($"/api/v1/work-types/{answer}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (heavy.StatusCode, light.StatusCode));
        Assert.Contains("от 0,1 до 10", await heavy.ProblemAsync());
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("выставлены отметки (1)", await delete.ProblemAsync());
        Assert.Equal(1, await _app.QueryAsync(db => db.WorkTypes.CountAsync()));
    }

    [Fact]
    public async Task Deputy_adds_a_control_work_type_with_the_page_form_and_teachers_see_its_weight()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Grading", "SaveWorkType", new()
        {
            ["WorkType.Name"] = "Контрольная работа", ["WorkType.ShortName"] = "К/р", ["WorkType.Weight"] = "2,5", ["WorkType.IsControl"] = "true",
            ["WorkType.SortOrder"] = "5",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await _app.QueryAsync(db => db.WorkTypes.SingleAsync(w => w.Name == "Контрольная работа"));
        Assert.Equal((2.5m, true), (stored.Weight, stored.IsControl));
        var list = await (await _app.ApiClientAsync("orlov")).GetFromJsonAsync<JsonElement>("/api/v1/work-types");
        Assert.Contains(list.EnumerateArray(),
            w => w.GetProperty("name").GetString() == "Контрольная работа" && w.GetProperty("weight").GetDecimal() == 2.5m);
        Assert.Contains(await _app.AuditAsync(), e => e.Entity == "workType" && e.Type == AuditEventType.SetupCreated);
    }

    [Fact]
    public async Task A_system_in_use_by_groups_is_not_deleted_and_the_class_default_skips_groups_with_marks()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.RussianLesson, s.Orlov, "4");
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var five = await _app.QueryAsync(db => db.GradingSystems.Select(g => g.Id).SingleAsync());
        var unmarked = (await (await deputy.PostAsJsonAsync("/api/v1/grading-systems", new { name = "Безотметочное", kind = "unmarked" }))
            .JsonAsync()).GetProperty("id").GetInt32();
        await deputy.PutAsJsonAsync($"/api/v1/classes/{s.Class.Id}", new { grade = 5, letter = "А", gradingSystemId = unmarked });

        var delete = await deputy.DeleteAsync($"/api/v1/grading-systems/{five}");
        var apply = await deputy.PostAsync($"/api/v1/classes/{s.Class.Id}/apply-grading", null);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("журналы учебных групп (2)", await delete.ProblemAsync());
        var result = await apply.JsonAsync();
        Assert.Equal((1, 1), (result.GetProperty("changed").GetInt32(), result.GetProperty("keptWithMarks").GetInt32()));
        Assert.Equal(unmarked,
            await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Id == s.Math.Id).Select(g => g.GradingSystemId).SingleAsync()));
        Assert.Equal(five,
            await _app.QueryAsync(db => db.TeachingGroups.Where(g => g.Id == s.Russian.Id).Select(g => g.GradingSystemId).SingleAsync()));
    }
}
