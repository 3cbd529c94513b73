using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Catalogue;

/// <summary>Сотрудники (R-YEAR-4): positions, contact data only for those who manage the year, dismissal instead of deletion.</summary>
public sealed class StaffTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object Chemist(string? email = "ivanova@school.ru") => new
    {
        lastName = "Иванова", firstName = "Ольга", middleName = "Петровна", email, phone = "+7 912 345-67-89", hiredOn = "2026-08-28",
        positions = new[] { new { kind = "teacher", title = "учитель химии", rate = 1m },
            new { kind = "other", title = "заведующая лабораторией", rate = 0.25m } },
    };

    [Fact]
    public async Task Deputy_adds_a_member_with_two_positions_and_only_the_administration_sees_her_email()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/staff", Chemist());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("id").GetInt32();
        var positions = await _app.QueryAsync(db => db.StaffPositions.Where(p => p.StaffMemberId == id)
            .OrderBy(p => p.Id).Select(p => new { p.Title, p.Rate }).ToListAsync());
        Assert.Equal(["учитель химии", "заведующая лабораторией"], positions.Select(p => p.Title));
        Assert.Equal(0.25m, positions[1].Rate);
        JsonElement Find(JsonElement list) => list.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == id);
        var asDeputy = Find(await deputy.GetFromJsonAsync<JsonElement>("/api/v1/staff"));
        var asTeacher = Find(await (await _app.ApiClientAsync("smirnova")).GetFromJsonAsync<JsonElement>("/api/v1/staff"));
        Assert.Equal("ivanova@school.ru", asDeputy.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, asTeacher.GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, asTeacher.GetProperty("phone").ValueKind);
        Assert.Equal("Иванова Ольга Петровна", asTeacher.GetProperty("fullName").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("orlov")).GetAsync("/api/v1/staff")).StatusCode);
    }

    [Fact]
    public async Task A_bad_email_is_refused_in_Russian_and_nothing_is_written()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/staff", Chemist(email: "ivanova.school.ru"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("«ivanova.school.ru» — не адрес электронной почты", await response.ProblemAsync());
        Assert.False(await _app.QueryAsync(db => db.StaffMembers.AnyAsync(s => s.LastName == "Иванова")));
    }

    [Fact]
    public async Task A_teacher_who_taught_is_not_deleted_but_dismissed_with_a_date()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var deputy = await _app.ApiClientAsync("fedorova");

        var delete = await deputy.DeleteAsync($"/api/v1/staff/{s.OtherTeacher.Id}");
        var dismiss = await deputy.PutAsJsonAsync($"/api/v1/staff/{s.OtherTeacher.Id}", new
        {
            lastName = "Козлов", firstName = "Илья", middleName = "Петрович", dismissedOn = "2026-12-31",
            positions = new[] { new { kind = "teacher", title = "учитель русского языка", rate = 1m } },
        });

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        var why = await delete.ProblemAsync();
        Assert.Contains("у него есть учебная нагрузка", why);
        Assert.Contains("Укажите дату увольнения", why);
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        Assert.Equal(new DateOnly(2026, 12, 31),
            await _app.QueryAsync(db => db.StaffMembers.Where(x => x.Id == s.OtherTeacher.Id).Select(x => x.DismissedOn).SingleAsync()));
        Assert.Contains(await _app.AuditAsync(),
            e => e.Type == AuditEventType.SetupChanged && e.Entity == "staff" && e.After!.Contains("2026-12-31"));
    }

    [Fact]
    public async Task Deputy_adds_a_member_with_the_page_form_at_half_a_rate()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Staff", "Save", new()
        {
            ["Input.LastName"] = "Лебедев", ["Input.FirstName"] = "Антон", ["Input.HiredOn"] = "2026-09-01",
            ["Input.Positions[0].Kind"] = "psychologist", ["Input.Positions[0].Title"] = "педагог-психолог", ["Input.Positions[0].Rate"] = "0,5",
            ["Input.Positions[1].Kind"] = "teacher", ["Input.Positions[1].Title"] = "", ["Input.Positions[1].Rate"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var position = await _app.QueryAsync(db =>
            db.StaffPositions.SingleAsync(p => db.StaffMembers.Any(m => m.Id == p.StaffMemberId && m.LastName == "Лебедев")));
        Assert.Equal((PositionKind.Psychologist, "педагог-психолог", 0.5m), (position.Kind, position.Title, position.Rate));
        var teacherPage = await (await _app.PageClientAsync("smirnova")).GetPageAsync("/Year/Staff");
        var lebedev = teacherPage.One("table.setup tbody")
            .QuerySelectorAll("tr").Single(r => r.Cell("ФИО").Read().StartsWith("Лебедев Антон", StringComparison.Ordinal));
        Assert.Equal("педагог-психолог (0,5 ст.)", lebedev.Cell("Должности").Read());
        Assert.DoesNotContain("Новый сотрудник", teacherPage.Body!.Read());
    }

    [Fact]
    public async Task A_rate_typed_with_a_dot_is_not_saved_as_a_whole_rate()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);
        var page = await _app.PageClientAsync("fedorova");

        var response = await page.PostFormAsync("/Year/Staff", "Save", new()
        {
            ["Input.LastName"] = "Лебедев", ["Input.FirstName"] = "Антон",
            ["Input.Positions[0].Kind"] = "teacher", ["Input.Positions[0].Title"] = "учитель физики", ["Input.Positions[0].Rate"] = "0.5",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("дробную часть отделяйте запятой (например, 0,5)", (await Html.ParseAsync(response)).TextOf("main .errors"));
        Assert.False(await _app.QueryAsync(db => db.StaffMembers.AnyAsync(m => m.LastName == "Лебедев")));
    }
}
