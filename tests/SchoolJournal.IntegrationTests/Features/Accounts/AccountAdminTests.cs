using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Archive;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Accounts;

/// <summary>The administrator's accounts (R-SEC-3): list, search and filters, a staff account, its changes — each audited.</summary>
public sealed class AccountAdminTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> IdOfAsync(string login) =>
        await _app.QueryAsync(db => db.Users.Where(u => u.UserName == login).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Every_change_of_a_staff_account_works_and_is_audited_without_the_password_or_the_email()
    {
        await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var admin = await _app.ApiClientAsync("admin");

        var created = await admin.PostAsJsonAsync("/api/v1/accounts",
            new { lastName = "Сидорова", firstName = "Мария", middleName = "Петровна", email = "sidorova@school.example",
                roles = new[] { "teacher" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.JsonAsync();
        var (id, login, first) = (account.GetProperty("id").GetString()!, account.GetProperty("login").GetString()!,
            account.GetProperty("initialPassword").GetString()!);
        Assert.Equal("sidorova.mp", login);
        Assert.Equal(1, await _app.QueryAsync(db =>
            db.StaffMembers.IgnoreQueryFilters().CountAsync(s => s.UserId == id && s.LastName == "Сидорова")));
        var teacher = await _app.ApiClientAsync(login, first);
        Assert.True((await (await teacher.GetAsync("/api/v1/me")).JsonAsync()).GetProperty("mustChangePassword").GetBoolean());

        var changed = await admin.PutAsJsonAsync($"/api/v1/accounts/{id}",
            new { displayName = "Сидорова Мария Петровна", email = "m.sidorova@school.example", roles = new[] { "teacher", "classTeacher" } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["classTeacher", "teacher"],
            (await changed.JsonAsync()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/accounts/{id}/lock", null)).StatusCode);
        Assert.Equal(423, await _app.SignInStatusAsync(login, first));
        Assert.Equal(HttpStatusCode.Unauthorized, (await teacher.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/accounts/{id}/unlock", null)).StatusCode);
        Assert.Equal(200, await _app.SignInStatusAsync(login, first));

        var reset = await (await admin.PostAsync($"/api/v1/accounts/{id}/reset-password", null)).JsonAsync();
        var second = reset.GetProperty("initialPassword").GetString()!;
        Assert.Equal(401, await _app.SignInStatusAsync(login, first));
        Assert.Equal(200, await _app.SignInStatusAsync(login, second));

        var closed = await admin.PostAsJsonAsync($"/api/v1/accounts/{id}/close", new { reason = "уволилась" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.True((await closed.JsonAsync()).GetProperty("closed").GetBoolean());
        Assert.Equal(423, await _app.SignInStatusAsync(login, second));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/accounts/{id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/accounts/{id}/reopen", null)).StatusCode);
        Assert.Equal(200, await _app.SignInStatusAsync(login, second));
        Assert.Equal(1, await _app.QueryAsync(db => db.Users.CountAsync(u => u.Id == id)));

        var audit = (await _app.AuditAsync()).Where(e => e.EntityId == id && e.Entity == "account").ToList();
        Assert.Equal([AuditEventType.AccountCreated, AuditEventType.AccountChanged, AuditEventType.AccountLocked, AuditEventType.AccountUnlocked,
            AuditEventType.PasswordReset, AuditEventType.AccountClosed, AuditEventType.AccountReopened], audit.Select(e => e.Type));
        Assert.All(audit, e => Assert.Equal("Администратор", e.ActorName));
        Assert.All(audit, e => Assert.DoesNotContain("sidorova@", (e.Before ?? "") + e.After));
        Assert.All(audit, e => Assert.DoesNotContain(first, (e.Before ?? "") + e.After));
        Assert.All(audit, e => Assert.DoesNotContain(second, (e.Before ?? "") + e.After));
        Assert.Contains("\"emailChanged\":true", audit[1].After);
        Assert.Equal("уволилась", audit[5].Reason);
        var chain = SchoolJournal.Web.Infrastructure.Audit.AuditChain.Of(await _app.AuditAsync());
        Assert.True(chain.IsIntact, string.Join("; ", chain.Problems));
    }

    [Fact]
    public async Task The_list_searches_and_filters_by_class_and_role_and_shows_the_last_sign_in()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var issued = (await (await _app.ApiClientAsync("kozlova")).IssueAsync(x.Fifth.Id, new { who = "both" })).Issued();
        await (await _app.ApiClientAsync("ivanova")).IssueAsync(x.Sixth.Id, new { who = "students" });
        _app.Time.Now = new DateTimeOffset(2026, 11, 24, 8, 15, 0, TimeSpan.FromHours(3));
        var mother = issued.Single(i => i.Login == "orlova.es");
        await _app.ApiClientAsync(mother.Login, mother.Password);
        var admin = await _app.ApiClientAsync("admin");

        // 5А: three students and two mothers; 6Б: Мария and her mother Орлова, whose other child is in 5А.
        var fifth = await (await admin.GetAsync($"/api/v1/accounts?classId={x.Fifth.Id}")).JsonAsync();
        var sixth = await (await admin.GetAsync($"/api/v1/accounts?classId={x.Sixth.Id}")).JsonAsync();
        // «орлов» typed in lower case finds Орлов Антон, Орлов Артём, Орлова Елена and Орлова Мария.
        var search = await (await admin.GetAsync("/api/v1/accounts?q=%D0%BE%D1%80%D0%BB%D0%BE%D0%B2")).JsonAsync();
        var parents = await (await admin.GetAsync("/api/v1/accounts?role=parent")).JsonAsync();
        var byLogin = await (await admin.GetAsync("/api/v1/accounts?q=BELOV")).JsonAsync();

        Assert.Equal(5, fifth.GetProperty("total").GetInt32());
        Assert.Equal(["orlova.es", "orlova.mi"], sixth.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("login").GetString()));
        Assert.Equal(4, search.GetProperty("total").GetInt32());
        Assert.Equal(2, parents.GetProperty("total").GetInt32());
        Assert.Equal(["belov.pi", "belova.vs"], byLogin.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("login").GetString()));
        var orlova = fifth.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("login").GetString() == "orlova.es");
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 5, 15, 0, TimeSpan.Zero), orlova.GetProperty("lastSignInAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKindNull, fifth.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("login").GetString() == "belov.pi").GetProperty("lastSignInAt").ValueKind);

        var page = await (await _app.PageClientAsync("admin")).GetPageAsync($"/Admin/Accounts?classId={x.Fifth.Id}");
        Assert.Equal("Найдено: 5", page.QuerySelector(".total")!.TextContent.Trim());
        var row = page.QuerySelectorAll("table.accounts tbody tr").Single(r => r.TextContent.Contains("orlova.es"));
        Assert.Contains("24.11.2026 08:15", row.TextContent);
        Assert.Contains("ждёт смены пароля", row.TextContent);
    }

    [Fact]
    public async Task A_student_who_leaves_the_school_has_his_account_closed_and_kept()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var belov = (await (await _app.ApiClientAsync("kozlova")).IssueAsync(x.Fifth.Id, new { who = "students" })).Issued()
            .Single(i => i.Login == "belov.pi");
        var session = await _app.ApiClientAsync(belov.Login, belov.Password);
        var admin = await _app.ApiClientAsync("admin");

        var left = await admin.PostAsJsonAsync($"/api/v1/students/{x.Belov.Id}/withdrawal", new { date = "2026-11-20", order = "№ 51" });

        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(423, await _app.SignInStatusAsync(belov.Login, belov.Password));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/me")).StatusCode);
        var id = await IdOfAsync("belov.pi");
        var account = await (await admin.GetAsync($"/api/v1/accounts/{id}")).JsonAsync();
        Assert.True(account.GetProperty("closed").GetBoolean());
        Assert.Equal("выбыл(а) 20.11.2026", account.GetProperty("closedReason").GetString());
        var closed = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.AccountClosed);
        Assert.Equal((id, "Администратор"), (closed.EntityId, closed.ActorName));
        var reissue = await (await _app.ApiClientAsync("kozlova")).IssueAsync(x.Fifth.Id, new { who = "students", reissue = true });
        Assert.DoesNotContain(reissue.Issued(), i => i.Login == "belov.pi");
    }

    [Fact]
    public async Task A_withdrawal_entered_ahead_closes_the_account_on_its_day_and_not_before()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var belov = (await (await _app.ApiClientAsync("kozlova")).IssueAsync(x.Fifth.Id, new { who = "students" })).Issued()
            .Single(i => i.Login == "belov.pi");
        var admin = await _app.ApiClientAsync("admin");
        Task<int> PassAsync() => _app.WithAsync<int, SchoolJournal.Web.Features.Accounts.LeaverAccounts>(l => l.RunOnceAsync(CancellationToken.None));

        // Today is Monday 23.11; the order says he studies until Wednesday 25.11.
        var left = await admin.PostAsJsonAsync($"/api/v1/students/{x.Belov.Id}/withdrawal", new { date = "2026-11-25", order = "№ 52" });
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(0, await PassAsync());
        _app.Time.Now = new DateTimeOffset(2026, 11, 24, 23, 59, 0, TimeSpan.FromHours(3));
        Assert.Equal(0, await PassAsync());
        Assert.Equal(200, await _app.SignInStatusAsync(belov.Login, belov.Password));

        // Wednesday, school time: the last day has come; the pass closes the account once.
        _app.Time.Now = new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.FromHours(3));
        Assert.Equal(1, await PassAsync());
        Assert.Equal(0, await PassAsync());

        Assert.Equal(423, await _app.SignInStatusAsync(belov.Login, belov.Password));
        var id = await IdOfAsync("belov.pi");
        // Two days on, the morning's token has expired: the administrator signs in again.
        admin = await _app.ApiClientAsync("admin");
        var account = await (await admin.GetAsync($"/api/v1/accounts/{id}")).JsonAsync();
        Assert.Equal((true, "выбыл(а) 25.11.2026"), (account.GetProperty("closed").GetBoolean(), account.GetProperty("closedReason").GetString()));
        var closed = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.AccountClosed);
        Assert.Equal((id, "система"), (closed.EntityId, closed.ActorName));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("{\"email\":\"\",\"roles\":[\"teacher\"]}", "Не указано имя")]
    [InlineData("{\"displayName\":\"Козлова И. П.\",\"roles\":[\"teacher\"]}", "Не указан адрес")]
    [InlineData("{\"displayName\":\"Козлова И. П.\",\"email\":\"\"}", "Не указаны роли")]
    [InlineData("{\"displayName\":\"Козлова И. П.\",\"email\":\"\",\"roles\":[\"boss\"]}", "Неизвестная роль")]
    [InlineData("{\"displayName\":\"Козлова И. П.\",\"email\":\"нет\",\"roles\":[\"teacher\"]}", "Неверный адрес электронной почты")]
    public async Task A_put_that_omits_or_spoils_a_field_is_refused_in_russian_and_changes_nothing(string body, string title)
    {
        await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var admin = await _app.ApiClientAsync("admin");
        var id = await IdOfAsync("kozlova");
        var events = (await _app.AuditAsync()).Count;
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await admin.PutAsync($"/api/v1/accounts/{id}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, (await response.JsonAsync()).GetProperty("title").GetString());
        var account = await (await admin.GetAsync($"/api/v1/accounts/{id}")).JsonAsync();
        Assert.Equal("Козлова Ирина Павловна", account.GetProperty("displayName").GetString());
        Assert.Equal(["classTeacher", "teacher"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.Equal(events, (await _app.AuditAsync()).Count);
    }

    [Fact]
    public async Task Only_the_administrator_manages_accounts_and_not_his_own_lock()
    {
        await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");
        var admin = await _app.ApiClientAsync("admin");
        var adminId = await IdOfAsync("admin");

        var refused = await leader.PostAsync($"/api/v1/accounts/{adminId}/lock", null);
        var self = await admin.PostAsync($"/api/v1/accounts/{adminId}/lock", null);
        var noReason = await admin.PostAsJsonAsync($"/api/v1/accounts/{await IdOfAsync("ivanova")}/close", new { reason = " " });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Нет доступа к учётным записям", (await refused.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("Не указана причина", (await noReason.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(200, await _app.SignInStatusAsync("ivanova", JournalApp.Password));
        Assert.DoesNotContain(await _app.AuditAsync(), e => e.Entity == "account" && e.Type != AuditEventType.AccountCreated);
    }
}
