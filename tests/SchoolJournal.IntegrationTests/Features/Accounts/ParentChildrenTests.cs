using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Accounts;

/// <summary>
/// A parent's children on his account (/Admin/Accounts/{id}, /api/v1/accounts/{id}/children): the administrator links and
/// unlinks, each change audited, and the diary follows the links. Смирнова Ольга (login smirnova) is Белов Пётр's mother.
/// </summary>
public sealed class ParentChildrenTests : IDisposable
{
    private const string Week = "from=2026-11-16&to=2026-11-22";
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(CredentialsSchool X, string AccountId)> SeedAsync()
    {
        var x = await _app.SeedAsync(async b =>
        {
            var x = await CredentialsSchool.BuildAsync(b);
            await b.ParentAsync("Смирнова", "Ольга", "smirnova", x.Belov);
            return x;
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("smirnova");
        return (x, account!.Id);
    }

    private Task<int> LinksAsync() => _app.SeedAsync(b => b.Db.Set<StudentParent>().CountAsync());

    private Task<List<AuditEvent>> EventsAsync() => _app.SeedAsync(b => b.Db.AuditEvents.AsNoTracking()
        .Where(e => e.Type == AuditEventType.RosterChanged && e.Entity == "student-parent").OrderBy(e => e.Sequence).ToListAsync());

    private static async Task<List<string>> ChildrenAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("class").GetString()} {c.GetProperty("kind").GetString()}")];

    [Fact]
    public async Task The_administrator_links_and_unlinks_a_child_each_audited_and_the_diary_follows()
    {
        var (x, id) = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var mother = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden, (await mother.GetAsync($"/api/v1/students/{x.Anton.Id}/diary?{Week}")).StatusCode);

        var linked = await admin.PostAsJsonAsync($"/api/v1/accounts/{id}/children", new { studentId = x.Anton.Id, kind = "guardian" });

        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal(["Белов Пётр Иванович 5А мать", "Орлов Антон Иванович 5А опекун"], await ChildrenAsync(linked));
        Assert.Equal(HttpStatusCode.OK, (await mother.GetAsync($"/api/v1/students/{x.Anton.Id}/diary?{Week}")).StatusCode);

        var unlinked = await admin.DeleteAsync($"/api/v1/accounts/{id}/children/{x.Belov.Id}");
        Assert.Equal(["Орлов Антон Иванович 5А опекун"], await ChildrenAsync(unlinked));
        Assert.Equal(HttpStatusCode.Forbidden, (await mother.GetAsync($"/api/v1/students/{x.Belov.Id}/diary?{Week}")).StatusCode);

        var events = await EventsAsync();
        Assert.Equal(2, events.Count);
        Assert.Equal("Администратор", events[0].ActorName);
        Assert.Null(events[0].Before);
        Assert.Contains("опекун", events[0].After);
        Assert.Contains("мать", events[1].Before);
        Assert.Null(events[1].After);
    }

    [Theory]
    [InlineData("unknown-student", 400, "Ученик не найден")]
    [InlineData("bad-kind", 400, "Неизвестное родство")]
    [InlineData("no-student", 400, "Не указан ребёнок")]
    [InlineData("already", 409, "Ребёнок уже связан с этим родителем")]
    [InlineData("teacher-account", 400, "Это не учётная запись родителя")]
    public async Task A_bad_link_is_refused_in_russian_and_changes_nothing(string @case, int status, string title)
    {
        var (x, id) = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var links = await LinksAsync();
        var teacher = await _app.SeedAsync(b => b.Db.Users.Where(u => u.UserName == "kozlova").Select(u => u.Id).SingleAsync());

        var (account, body) = @case switch
        {
            "unknown-student" => (id, (object)new { studentId = 999_999, kind = "mother" }),
            "bad-kind" => (id, new { studentId = x.Anton.Id, kind = "тётя" }),
            "no-student" => (id, new { kind = "mother" }),
            "already" => (id, new { studentId = x.Belov.Id, kind = "mother" }),
            _ => (teacher, new { studentId = x.Anton.Id, kind = "mother" }),
        };
        var response = await admin.PostAsJsonAsync($"/api/v1/accounts/{account}/children", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(links, await LinksAsync());
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task On_the_parents_account_page_the_administrator_sees_the_children_and_links_another_from_the_list()
    {
        var (x, id) = await SeedAsync();
        var admin = await _app.PageClientAsync("admin");

        var page = await admin.GetPageAsync($"/Admin/Accounts/{id}");
        var row = page.One("table.children").Row("Белов Пётр Иванович");
        Assert.Equal("5А", row.Cell("Класс").Read());
        Assert.Equal("мать", row.Cell("Кем приходится").Read());
        // The list offers the school's students by class, without the children already linked.
        Assert.Equal(["5А", "6Б"], page.QuerySelectorAll("form.link-child optgroup").Select(g => g.GetAttribute("label")!).ToList());
        Assert.Null(page.QuerySelector($"form.link-child option[value='{x.Belov.Id}']"));

        var response = await Forms.PostAsync(admin, $"/Admin/Accounts/{id}",
            new() { ["ChildId"] = x.Maria.Id.ToString(), ["Kind"] = "mother" }, $"/Admin/Accounts/{id}?handler=Link");
        var after = await Html.ParseAsync(response);

        Assert.Equal("Ребёнок связан с родителем.", after.TextOf("p.flash"));
        Assert.Equal("6Б", after.One("table.children").Row("Орлова Мария Иванович").Cell("Класс").Read());
        Assert.Single(await EventsAsync());
    }
}
