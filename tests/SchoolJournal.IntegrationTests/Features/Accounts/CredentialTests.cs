using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Extracts;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Accounts;

/// <summary>Logins and initial passwords for a class (R-SEC-3): issue, slips, ledger, re-issue, one account per parent, refusals.</summary>
public sealed class CredentialTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> AccountCountAsync() => _app.QueryAsync(db => db.Users.CountAsync());

    [Fact]
    public async Task Issuing_for_the_whole_class_gives_every_student_and_parent_a_login_and_a_slip()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var answer = await leader.IssueAsync(x.Fifth.Id, new { who = "both" });

        // Students by name, then the parents: Антон comes before Артём, so he gets the bare login and Артём the «2».
        var issued = answer.Issued();
        Assert.Equal([("Белов Пётр Иванович", "belov.pi"), ("Орлов Антон Иванович", "orlov.ai"), ("Орлов Артём Иванович", "orlov.ai2"),
            ("Белова Вера Сергеевна", "belova.vs"), ("Орлова Елена Сергеевна", "orlova.es")], issued.Select(i => (i.Name, i.Login)));
        Assert.Empty(answer.GetProperty("skipped").EnumerateArray());
        Assert.All(issued, i => Assert.Matches("^[a-km-np-zA-HJ-NP-Z2-9]{10}$", i.Password));
        Assert.Equal(5, issued.Select(i => i.Password).Distinct().Count());
        var people = await _app.QueryAsync(async db => new
        {
            Students = await db.Students.IgnoreQueryFilters().Where(s => s.UserId != null).Select(s => s.Id).ToListAsync(),
            Parents = await db.Parents.IgnoreQueryFilters().Where(p => p.UserId != null).Select(p => p.Id).ToListAsync(),
            Accounts = await db.Users.Where(u => u.MustChangePassword).Select(u => new { u.UserName, u.PasswordHash }).ToListAsync(),
        });
        Assert.Equal(new[] { x.Belov.Id, x.Anton.Id, x.Artyom.Id }.Order(), people.Students.Order());
        Assert.Equal(new[] { x.Orlova.Id, x.Belova.Id }.Order(), people.Parents.Order());
        Assert.Equal(5, people.Accounts.Count);
        Assert.All(people.Accounts, a => Assert.DoesNotContain(issued, i => a.PasswordHash!.Contains(i.Password)));

        var ledger = await _app.LedgerAsync();
        Assert.Equal(issued.Select(i => i.Login), ledger.Select(l => l.Login));
        Assert.All(ledger, l =>
            Assert.Equal(("Козлова Ирина Павловна", x.Fifth.Id, (DateTimeOffset?)null), (l.IssuedByName, l.SchoolClassId!.Value, l.VoidedAt)));
        Assert.Equal([CredentialHolder.Student, CredentialHolder.Student, CredentialHolder.Student, CredentialHolder.Parent, CredentialHolder.Parent],
            ledger.Select(l => l.Holder));

        var audit = (await _app.AuditAsync()).Where(e => e.Type == AuditEventType.AccountCreated).ToList();
        Assert.Equal(5, audit.Count);
        Assert.All(audit, e => Assert.Equal("Козлова Ирина Павловна", e.ActorName));
        Assert.All(audit, e => Assert.DoesNotContain(issued, i => e.After!.Contains(i.Password)));

        var mother = issued.Single(i => i.Login == "orlova.es");
        var client = await _app.ApiClientAsync(mother.Login, mother.Password);
        var me = await (await client.GetAsync("/api/v1/me")).JsonAsync();
        Assert.True(me.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(["parent"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // The forced change of the first sign-in: nothing but the password page until he sets his own.
        var diary = await client.GetAsync($"/api/v1/students/{x.Artyom.Id}/diary?from=2026-11-23&to=2026-11-29");
        Assert.Equal(HttpStatusCode.Forbidden, diary.StatusCode);
        Assert.Equal("Требуется смена пароля", (await diary.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_slips_pdf_holds_each_login_password_and_cyrillic_name_and_only_its_issuer_may_open_it()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");
        var answer = await leader.IssueAsync(x.Fifth.Id, new { who = "parents" });
        var link = answer.GetProperty("slipsPdf").GetString()!;

        var response = await leader.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var (text, pages) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, pages);
        Assert.Contains("МБОУ «СОШ № 1»", text);
        Assert.Contains("Вход в электронный дневник", text);
        foreach (var (name, login, password) in answer.Issued())
        {
            Assert.Contains(name, text);
            Assert.Contains($"Логин: {login}", text);
            Assert.Contains($"Пароль: {password}", text);
        }
        Assert.Contains("Родитель (законный представитель): Орлов Артём, 5А класс", text);
        Assert.Contains("Адрес: http://localhost", text);
        Assert.Contains("Как войти впервые", text);
        var admin = await _app.ApiClientAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(link[..^4])).StatusCode);
    }

    [Fact]
    public async Task A_second_issue_voids_the_first_password_and_ends_its_sessions()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");
        var first = (await leader.IssueAsync(x.Fifth.Id, new { who = "parents", personIds = new[] { x.Belova.Id } })).Issued().Single();
        var session = await _app.ApiClientAsync(first.Login, first.Password);

        var again = await leader.IssueAsync(x.Fifth.Id, new { who = "parents", personIds = new[] { x.Belova.Id } });
        Assert.Empty(again.Issued());
        Assert.Equal("belova.vs", again.GetProperty("skipped")[0].GetProperty("login").GetString());
        Assert.Equal(200, await _app.SignInStatusAsync(first.Login, first.Password));

        var second = (await leader.IssueAsync(x.Fifth.Id, new { who = "parents", personIds = new[] { x.Belova.Id }, reissue = true }))
            .Issued().Single();

        Assert.Equal("belova.vs", second.Login);
        Assert.NotEqual(first.Password, second.Password);
        Assert.Equal(401, await _app.SignInStatusAsync(first.Login, first.Password));
        Assert.Equal(200, await _app.SignInStatusAsync(second.Login, second.Password));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/me")).StatusCode);
        var ledger = await _app.LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.NotNull(ledger[0].VoidedAt);
        Assert.Null(ledger[1].VoidedAt);
        Assert.Equal(1, await _app.QueryAsync(db => db.Users.CountAsync(u => u.UserName == "belova.vs")));
        Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.PasswordReset && e.ActorName == "Козлова Ирина Павловна");
    }

    [Fact]
    public async Task A_parent_with_children_in_two_classes_gets_one_account()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var fifth = (await (await _app.ApiClientAsync("kozlova")).IssueAsync(x.Fifth.Id, new { who = "parents" })).Issued();
        var accounts = await AccountCountAsync();
        var sixthLeader = await _app.ApiClientAsync("ivanova");

        var sixth = await sixthLeader.IssueAsync(x.Sixth.Id, new { who = "both" });

        Assert.Equal([("Орлова Мария Иванович", "orlova.mi")], sixth.Issued().Select(i => (i.Name, i.Login)));
        var skipped = Assert.Single(sixth.GetProperty("skipped").EnumerateArray());
        Assert.Equal(("Орлова Елена Сергеевна", "orlova.es"), (skipped.GetProperty("name").GetString(), skipped.GetProperty("login").GetString()));
        Assert.Equal(accounts + 1, await AccountCountAsync());
        var password = fifth.Single(i => i.Login == "orlova.es").Password;
        Assert.Equal(200, await _app.SignInStatusAsync("orlova.es", password));

        var reissued = (await sixthLeader.IssueAsync(x.Sixth.Id, new { who = "parents", reissue = true })).Issued().Single();

        Assert.Equal("orlova.es", reissued.Login);
        Assert.Equal(accounts + 1, await AccountCountAsync());
        Assert.Equal(401, await _app.SignInStatusAsync("orlova.es", password));
        var mother = await _app.QueryAsync(db => db.Parents.IgnoreQueryFilters().Where(p => p.Id == x.Orlova.Id).Select(p => p.UserId).SingleAsync());
        Assert.Equal(await _app.QueryAsync(db => db.Users.Where(u => u.UserName == "orlova.es").Select(u => u.Id).SingleAsync()), mother);
    }

    [Fact]
    public async Task The_class_teacher_of_another_class_is_refused_and_nothing_changes()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var accounts = await AccountCountAsync();
        var events = (await _app.AuditAsync()).Count;
        var stranger = await _app.ApiClientAsync("ivanova");

        var response = await stranger.PostAsJsonAsync($"/api/v1/classes/{x.Fifth.Id}/credentials", new { who = "both" });
        var ledger = await stranger.GetAsync($"/api/v1/classes/{x.Fifth.Id}/credentials");
        var page = await (await _app.PageClientAsync("ivanova")).GetAsync($"/Credentials/Class/{x.Fifth.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Нет права выдавать логины этому классу", (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ledger.StatusCode);
        Assert.True(page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, page.StatusCode.ToString());
        Assert.Equal(accounts, await AccountCountAsync());
        Assert.Equal(events, (await _app.AuditAsync()).Count);
        Assert.Empty(await _app.LedgerAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.Students.IgnoreQueryFilters().CountAsync(s => s.UserId != null)));
    }

    [Theory]
    [InlineData("{}", 400, "Не указано, кому выдать логины")]
    [InlineData("{\"who\":\"all\"}", 400, "Не указано, кому выдать логины")]
    [InlineData("{\"who\":\"students\",\"personIds\":[999999]}", 400, "Человек не из этого класса")]
    // Мария learns in 6Б: a student of another class.
    [InlineData("{\"who\":\"students\",\"personIds\":[STUDENT]}", 400, "Человек не из этого класса")]
    public async Task Bad_input_is_refused_in_russian_and_changes_nothing(string body, int status, string title)
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var accounts = await AccountCountAsync();
        var leader = await _app.ApiClientAsync("kozlova");
        using var content = new StringContent(body.Replace("STUDENT", x.Maria.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            System.Text.Encoding.UTF8, "application/json");

        var response = await leader.PostAsync($"/api/v1/classes/{x.Fifth.Id}/credentials", content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Matches("[а-яА-Я]", problem.GetProperty("detail").GetString()!);
        Assert.Equal(accounts, await AccountCountAsync());
        Assert.Empty(await _app.LedgerAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PostAsJsonAsync("/api/v1/classes/999999/credentials", new { who = "both" })).StatusCode);
    }

    [Fact]
    public async Task The_class_page_issues_one_student_as_a_pdf_and_shows_the_ledger()
    {
        var x = await _app.SeedAsync(CredentialsSchool.BuildAsync);
        var browser = await _app.PageClientAsync("kozlova");
        var url = $"/Credentials/Class/{x.Fifth.Id}";
        var before = await browser.GetPageAsync(url);
        Assert.Equal(3, before.QuerySelectorAll("tr.student-row").Length);
        Assert.Equal(2, before.QuerySelectorAll("tr.parent-row").Length);
        Assert.Equal(5, before.QuerySelectorAll("tr .tag").Count(t => t.TextContent == "нет логина"));

        var response = await Forms.PostAsync(browser, url,
            new() { ["Who"] = "students", ["PersonId"] = x.Artyom.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Reissue"] = "true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var (text, _) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Орлов Артём Иванович", text);
        Assert.Contains("Логин: orlov.ai", text);
        Assert.DoesNotContain("Белов", text);
        var after = await browser.GetPageAsync(url);
        var line = Assert.Single(after.QuerySelectorAll("table.credential-ledger tbody tr"));
        Assert.Contains("Орлов Артём Иванович", line.TextContent);
        Assert.Contains("orlov.ai", line.TextContent);
        Assert.Contains("действует до смены", line.TextContent);
    }
}
