using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>Sign-in (R-SEC-8): no telling an unknown login from a known one, and no locking a stranger out.</summary>
public sealed class SignInHardeningTests : IDisposable
{
    private const string WrongPassword = "Wrong-pass9";
    private readonly ClientsApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Problem(string Title, string? Detail, int Status);

    private Task SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        return 0;
    });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string login, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { login, password });

    private async Task<AppUser> AccountAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == "smirnova");
    }

    private async Task<List<AuditEvent>> LocksAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JournalDbContext>().AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.AccountLocked).ToListAsync();
    }

    [Fact]
    public async Task An_unknown_login_and_a_wrong_password_get_the_same_answer_after_one_password_check_each()
    {
        await SeedAsync();
        var client = _app.ClientFrom("10.0.0.1");
        await LoginAsync(client, "nobody", WrongPassword); // the decoy hash is made once, on first use

        var before = _app.Hasher.Verified;
        var known = await LoginAsync(client, "smirnova", WrongPassword);
        var afterKnown = _app.Hasher.Verified;
        var unknown = await LoginAsync(client, "nobody", WrongPassword);
        var afterUnknown = _app.Hasher.Verified;

        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var (k, u) = (await known.Content.ReadFromJsonAsync<Problem>(), await unknown.Content.ReadFromJsonAsync<Problem>());
        Assert.Equal(k, u);
        Assert.Equal("Неверный логин или пароль", k!.Title);
        Assert.Equal((1, 1), (afterKnown - before, afterUnknown - afterKnown));
    }

    [Fact]
    public async Task The_login_page_answers_an_unknown_login_and_a_wrong_password_alike_after_one_password_check_each()
    {
        await SeedAsync();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = "nobody", ["Input.Password"] = WrongPassword });

        var before = _app.Hasher.Verified;
        var known = await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = "smirnova", ["Input.Password"] = WrongPassword });
        var afterKnown = _app.Hasher.Verified;
        var unknown = await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = "nobody", ["Input.Password"] = WrongPassword });
        var afterUnknown = _app.Hasher.Verified;

        var knownText = (await Html.ParseAsync(known)).TextOf("main form .errors[role=alert]");
        Assert.Equal("Неверный логин или пароль.", knownText);
        Assert.Equal(knownText, (await Html.ParseAsync(unknown)).TextOf("main form .errors[role=alert]"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (known.StatusCode, unknown.StatusCode));
        Assert.Equal((1, 1), (afterKnown - before, afterUnknown - afterKnown));
    }

    [Fact]
    public async Task A_stranger_guessing_from_his_own_device_cannot_lock_the_teacher_out()
    {
        await SeedAsync();
        var stranger = _app.ClientFrom("203.0.113.7");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) answers.Add((await LoginAsync(stranger, "smirnova", WrongPassword)).StatusCode);
        var strangerWithTheRightPassword = await LoginAsync(stranger, "smirnova", JournalApp.Password);

        var teacher = await LoginAsync(_app.ClientFrom("10.0.0.5"), "smirnova", JournalApp.Password);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, strangerWithTheRightPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, teacher.StatusCode);
        Assert.Null((await AccountAsync()).LockoutEnd);
        Assert.Empty(await LocksAsync());
    }

    [Fact]
    public async Task An_unknown_login_is_made_to_wait_after_the_same_number_of_tries_as_a_known_one()
    {
        await SeedAsync();
        var client = _app.ClientFrom("203.0.113.8");
        var known = new List<HttpStatusCode>();
        var unknown = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            known.Add((await LoginAsync(client, "smirnova", WrongPassword)).StatusCode);
            unknown.Add((await LoginAsync(client, "nobody", WrongPassword)).StatusCode);
        }

        Assert.Equal(known, unknown);
        Assert.Equal(HttpStatusCode.TooManyRequests, known[^1]);
    }

    [Fact]
    public async Task Failures_from_three_clients_lock_the_account_once_audited_and_the_right_password_then_hears_423()
    {
        await SeedAsync();
        foreach (var address in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
        {
            var client = _app.ClientFrom(address);
            for (var i = 0; i < 5; i++) await LoginAsync(client, "smirnova", WrongPassword);
        }

        var fromAFourth = await LoginAsync(_app.ClientFrom("10.0.0.9"), "smirnova", JournalApp.Password);
        var wrongFromAFifth = await LoginAsync(_app.ClientFrom("10.0.0.10"), "smirnova", WrongPassword);

        Assert.Equal(HttpStatusCode.Locked, fromAFourth.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongFromAFifth.StatusCode);
        Assert.NotNull((await AccountAsync()).LockoutEnd);
        Assert.Single(await LocksAsync());
    }
}
