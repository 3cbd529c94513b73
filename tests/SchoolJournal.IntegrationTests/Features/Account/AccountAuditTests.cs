using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.IntegrationTests.Features.Account;

/// <summary>Account events in the audit log: a changed password, an account locked by failed logins.</summary>
public sealed class AccountAuditTests : IDisposable
{
    private const string WrongPassword = "Wrong-pass9";
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<List<AuditEvent>> EventsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JournalDbContext>().AuditEvents.IgnoreQueryFilters()
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Changing_the_password_is_recorded_without_the_password()
    {
        var user = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            return await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        });
        var client = await _app.PageClientAsync("smirnova");

        var response = await Forms.PostAsync(client, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = JournalApp.Password, ["Input.NewPassword"] = "Novyi-parol7", ["Input.ConfirmPassword"] = "Novyi-parol7",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var e = Assert.Single(await EventsAsync());
        Assert.Equal(AuditEventType.PasswordChanged, e.Type);
        Assert.Equal(("account", user.Id, user.Id, user.SchoolId), (e.Entity, e.EntityId, e.ActorUserId, (int?)e.SchoolId));
        Assert.Equal("Смирнова Анна Викторовна", e.ActorName);
        Assert.DoesNotContain("parol", (e.Before ?? "") + (e.After ?? ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Locking_an_account_through_the_login_page_is_recorded_once_by_the_system()
    {
        _app.Settings["Security:MaxFailedAccessAttempts"] = "2";
        _app.Settings["Security:LockoutClients"] = "1";
        var user = await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            return await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        });
        var browser = _app.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        for (var i = 0; i < 4; i++)
            await Forms.PostAsync(browser, "/Account/Login", new() { ["Input.Login"] = "smirnova", ["Input.Password"] = WrongPassword });

        var e = Assert.Single(await EventsAsync());
        Assert.Equal(AuditEventType.AccountLocked, e.Type);
        Assert.Equal(("account", user.Id, "система", (string?)null), (e.Entity, e.EntityId, e.ActorName, e.ActorUserId));
        Assert.Equal(user.SchoolId, e.SchoolId);
        Assert.DoesNotContain(WrongPassword, e.After ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("smirnova", e.After ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_accounts_locked_at_once_over_the_API_keep_one_unbroken_chain()
    {
        _app.Settings["Security:MaxFailedAccessAttempts"] = "1";
        _app.Settings["Security:LockoutClients"] = "1";
        const int accounts = 20;
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            for (var n = 0; n < accounts; n++) await b.UserAsync($"teacher{n}", $"Учитель {n}", [Roles.Teacher]);
            return 0;
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, accounts).Select(async n =>
        {
            using var client = _app.CreateClient();
            return await client.PostAsJsonAsync("/api/v1/auth/login", new { login = $"teacher{n}", password = WrongPassword });
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var events = await EventsAsync();
        Assert.Equal(accounts, events.Count(e => e.Type == AuditEventType.AccountLocked));
        var chain = AuditChain.Of(events);
        Assert.True(chain.IsIntact, string.Join("; ", chain.Problems));
        Assert.Equal(accounts, chain.HeadSequence);
    }
}
