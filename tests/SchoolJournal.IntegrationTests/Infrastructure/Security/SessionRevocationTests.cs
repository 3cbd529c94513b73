using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Live;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>
/// Two app nodes over one database: a password change or a lock made through one node ends the cookies and the tokens
/// the other node issued at once, not a minute later (R-SEC-5, R-SEC-8).
/// </summary>
public sealed class SessionRevocationTests : IDisposable
{
    private readonly JournalApp _node1 = new();
    private readonly JournalApp _node2 = new();

    public SessionRevocationTests() => LiveHost.ShareDatabase(_node2, _node1);

    public void Dispose()
    {
        _node2.Dispose();
        _node1.Dispose();
    }

    private async Task<(HttpClient Browser, HttpClient Phone)> SignedInOnNode1Async()
    {
        await _node1.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
            return 0;
        });
        var browser = await _node1.PageClientAsync("smirnova");
        var phone = await _node1.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me")).StatusCode);
        return (browser, phone);
    }

    private async Task<(HttpClient Browser, HttpResponseMessage Changed)> ChangePasswordOnNode2Async()
    {
        var browser = await _node2.PageClientAsync("smirnova");
        var changed = await Forms.PostAsync(browser, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = JournalApp.Password,
            ["Input.NewPassword"] = "My-own-pass7",
            ["Input.ConfirmPassword"] = "My-own-pass7",
        });
        return (browser, changed);
    }

    private static async Task AssertRefusedAsync(HttpClient browser, HttpClient phone)
    {
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_password_changed_through_the_other_node_ends_this_nodes_cookie_and_token_at_once()
    {
        var (browser, phone) = await SignedInOnNode1Async();

        var (elsewhere, changed) = await ChangePasswordOnNode2Async();

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await AssertRefusedAsync(browser, phone);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_account_locked_through_the_other_node_is_signed_out_everywhere_at_once()
    {
        var (browser, phone) = await SignedInOnNode1Async();

        await using (var scope = _node2.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("smirnova"))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
        }

        await AssertRefusedAsync(browser, phone);
    }

    [Fact]
    public async Task A_refresh_token_gives_a_working_token_until_the_password_is_changed()
    {
        await SignedInOnNode1Async();
        var client = _node1.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var refreshToken = login.GetProperty("refreshToken").GetString();

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var token = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me") { Headers = { { "Authorization", "Bearer " + token } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(me)).StatusCode);

        await ChangePasswordOnNode2Async();
        var afterChange = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        var bogus = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" });

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (afterChange.StatusCode, bogus.StatusCode));
    }
}
