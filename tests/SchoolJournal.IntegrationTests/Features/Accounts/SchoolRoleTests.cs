using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Accounts;

/// <summary>
/// «Роли школы» (R-ROLE-8): the school defines «Библиотекарь» from permissions, gives it to a member of staff who had no role, and
/// the access service lets him do exactly what it grants — until the role is taken away.
/// </summary>
public sealed class SchoolRoleTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(string LibrarianId, string StudentUserId, int Group, int Lesson, int Student);

    private Task<World> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.StaffAsync("Орлова", "Татьяна", "Петровна", "direktor", Roles.Director);
        await b.UserAsync("admin", "Волков С. Н.", [Roles.SysAdmin]);
        // A member of staff with a login and no built-in role: the librarian the issue found.
        var librarian = await b.StaffAsync("Зайцева", "Нина", "Ивановна", "zaytseva");
        var kozlova = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher, Roles.Teacher);
        var fifth = await b.ClassAsync(5, "А", kozlova);
        var student = await b.StudentAsync(fifth, "Иванов", "Алексей", "ivanov");
        var group = await b.GroupAsync("История", kozlova, [fifth], [student]);
        var lesson = await b.LessonAsync(group, new DateOnly(2026, 11, 20), 1, kozlova, "Древний Египет");
        return new World(librarian.UserId!, student.UserId!, group.Id, lesson.Id, student.Id);
    });

    private static object Librarian(params string[] permissions) =>
        new { name = "Библиотекарь", description = "Выдаёт учебники, читает журналы", permissions };

    private Task<List<AuditEvent>> EventsAsync() => _app.QueryAsync(db => db.AuditEvents.AsNoTracking()
        .Where(e => e.Type >= AuditEventType.SchoolRoleCreated && e.Type <= AuditEventType.SchoolRoleMemberRemoved).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_librarian_given_the_role_reads_every_journal_and_the_year_but_writes_no_mark_and_loses_it_with_the_role()
    {
        var w = await SeedAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("zaytseva")).GetAsync("/api/v1/school/settings")).StatusCode);
        // The director reads every journal himself, so he may give a role that; the administrator may not.
        var admin = await _app.ApiClientAsync("direktor");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("admin"))
            .PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup", "overseeJournals"))).StatusCode);

        var created = await admin.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup", "overseeJournals"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var role = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = role.GetProperty("id").GetInt32();
        Assert.Equal(["readYearSetup", "overseeJournals"],
            role.GetProperty("permissions").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        var added = await admin.PostAsJsonAsync($"/api/v1/school-roles/{id}/members", new { userId = w.LibrarianId });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("Зайцева Нина Ивановна",
            (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members")[0].GetProperty("name").GetString());

        // The administrator's list of accounts names the role.
        var listed = await (await _app.ApiClientAsync("admin")).GetFromJsonAsync<JsonElement>("/api/v1/accounts?q=zaytseva");
        Assert.Equal(["Библиотекарь"], listed.GetProperty("items")[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var librarian = await _app.ApiClientAsync("zaytseva");
        Assert.Equal(HttpStatusCode.OK, (await librarian.GetAsync("/api/v1/school/settings")).StatusCode);
        var journal = await librarian.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{w.Group}/journal");
        Assert.Equal("Древний Египет", journal.GetProperty("lessons")[0].GetProperty("topic").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.PostAsJsonAsync($"/api/v1/lessons/{w.Lesson}/marks",
            new { studentId = w.Student, value = "5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.PutAsJsonAsync("/api/v1/school/settings", new { })).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Marks.CountAsync()));
        var page = await (await _app.PageClientAsync("zaytseva")).GetAsync($"/Journal/Group/{w.Group}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/school-roles/{id}/members/{w.LibrarianId}")).StatusCode);
        var after = await _app.ApiClientAsync("zaytseva");
        Assert.Equal(HttpStatusCode.Forbidden, (await after.GetAsync($"/api/v1/groups/{w.Group}/journal")).StatusCode);

        var events = await EventsAsync();
        Assert.Equal([AuditEventType.SchoolRoleCreated, AuditEventType.SchoolRoleMemberAdded, AuditEventType.SchoolRoleMemberRemoved],
            events.Select(e => e.Type));
        var director = await _app.QueryAsync(db => db.Users.Where(u => u.UserName == "direktor").Select(u => u.DisplayName).SingleAsync());
        Assert.All(events, e => Assert.Equal(director, e.ActorName));
        Assert.Contains("overseeJournals", events[0].After);
    }

    [Fact]
    public async Task Nobody_grants_a_role_what_he_does_not_hold_himself()
    {
        await SeedAsync();
        var director = await _app.ApiClientAsync("direktor");
        var admin = await _app.ApiClientAsync("admin");

        var byDirector = await director.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup", "manageAccounts"));
        var byAdmin = await admin.PostAsJsonAsync("/api/v1/school-roles", Librarian("appointStaff"));

        Assert.Equal(HttpStatusCode.Forbidden, byDirector.StatusCode);
        Assert.Equal("Нельзя дать права, которых нет у вас",
            (await byDirector.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await director.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup", "appointStaff"))).StatusCode);
        Assert.Equal(1, await _app.QueryAsync(db => db.SchoolRoles.CountAsync()));
    }

    [Theory]
    [InlineData("", "readYearSetup", 400, "Не указано название роли")]
    [InlineData("Психолог", "", 400, "Не выбраны права")]
    [InlineData("Психолог", "readEverything", 400, "Неизвестные права")]
    [InlineData("Учитель", "readYearSetup", 400, "Название занято")]
    [InlineData("Библиотекарь", "readYearSetup", 409, "Такая роль уже есть")]
    public async Task A_wrong_role_is_refused_in_russian_and_changes_nothing(string name, string permission, int status, string title)
    {
        await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup"));

        var response = await admin.PostAsJsonAsync("/api/v1/school-roles",
            new { name, permissions = permission == "" ? Array.Empty<string>() : [permission] });

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(["Библиотекарь"], await _app.QueryAsync(db => db.SchoolRoles.Select(r => r.Name).ToListAsync()));
    }

    [Fact]
    public async Task A_role_goes_only_to_staff_and_only_the_administration_of_accounts_configures_roles()
    {
        var w = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var id = (await (await admin.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var student = await admin.PostAsJsonAsync($"/api/v1/school-roles/{id}/members", new { userId = w.StudentUserId });

        Assert.Equal(HttpStatusCode.BadRequest, student.StatusCode);
        Assert.Equal("Роль дают только сотрудникам", (await student.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.SchoolRoleMembers.CountAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ApiClientAsync("kozlova")).GetAsync("/api/v1/school-roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await _app.ApiClientAsync("kozlova")).DeleteAsync($"/api/v1/school-roles/{id}")).StatusCode);
    }

    private static readonly object Renamed =
        new { name = "Педагог-библиотекарь", description = "Учебники и читальный зал", permissions = new[] { "readYearSetup", "overseeSchool" } };

    [Fact]
    public async Task A_role_renamed_and_given_another_permission_is_audited_before_and_after_and_may_not_take_another_roles_name()
    {
        await SeedAsync();
        var director = await _app.ApiClientAsync("direktor");
        var id = (await (await director.PostAsJsonAsync("/api/v1/school-roles", Librarian("readYearSetup")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await director.PostAsJsonAsync("/api/v1/school-roles", new { name = "Социальный педагог", permissions = new[] { "readYearSetup" } });

        var changed = await director.PutAsJsonAsync($"/api/v1/school-roles/{id}", Renamed);
        var taken = await director.PutAsJsonAsync($"/api/v1/school-roles/{id}",
            new { name = "Социальный педагог", permissions = new[] { "readYearSetup" } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var role = await _app.QueryAsync(db => db.SchoolRoles.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(("Педагог-библиотекарь", "Учебники и читальный зал"), (role.Name, role.Description));
        var change = Assert.Single(await EventsAsync(), e => e.Type == AuditEventType.SchoolRoleChanged);
        Assert.Contains("Библиотекарь", change.Before);
        Assert.Contains("overseeSchool", change.After);
        // The same values again change nothing and write no event.
        await director.PutAsJsonAsync($"/api/v1/school-roles/{id}", Renamed);
        Assert.Single(await EventsAsync(), e => e.Type == AuditEventType.SchoolRoleChanged);
    }

    [Fact]
    public async Task The_director_sets_up_a_psychologist_on_the_page_and_deletes_the_role()
    {
        var w = await SeedAsync();
        var director = await _app.PageClientAsync("direktor");

        var created = await Forms.PostAsync(director, "/Admin/Roles", new()
        {
            ["Name"] = "Педагог-психолог", ["Description"] = "Работа с классами", ["Permissions"] = "overseeSchool",
        }, "/Admin/Roles?handler=Create");
        var page = await Html.ParseAsync(created);
        Assert.Equal("Роль заведена.", page.TextOf("p.flash"));
        Assert.Equal("Педагог-психолог", page.TextOf("section.school-role h2"));
        Assert.Equal(["Видеть реестр родителей и их контакты во всех классах"],
            page.QuerySelectorAll("section.school-role h3 + ul li").Take(1).Select(li => li.Read()));
        // The director holds no «manageAccounts»: its box is there but cannot be ticked.
        Assert.True(page.One("form.role-form input[value=manageAccounts]").HasAttribute("disabled"));
        var id = await _app.QueryAsync(db => db.SchoolRoles.Select(r => r.Id).SingleAsync());

        var given = await Html.ParseAsync(await Forms.PostAsync(director, "/Admin/Roles", new() { ["UserId"] = w.LibrarianId },
            $"/Admin/Roles?handler=AddMember&id={id}"));
        Assert.Equal("Зайцева Нина Ивановна (zaytseva)", given.TextOf("ul.role-members li span"));
        var deleted = await Html.ParseAsync(await Forms.PostAsync(director, "/Admin/Roles", new(), $"/Admin/Roles?handler=Delete&id={id}"));
        Assert.Equal("Роль удалена.", deleted.TextOf("p.flash"));
        Assert.Equal(0, await _app.QueryAsync(db => db.SchoolRoles.CountAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.SchoolRoleMembers.CountAsync()));
    }
}
