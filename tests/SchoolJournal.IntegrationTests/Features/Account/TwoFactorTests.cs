using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Account;

/// <summary>
/// «Вход с кодом подтверждения» (R-SEC-8): an authenticator app's codes as a second step of the sign-in, on the page and in the
/// API, recovery codes, the school's requirement for the director and the administrator, the administrator's reset. The codes are
/// computed here by Otp.NET from the key the page shows, as the person's phone would.
/// </summary>
public sealed class TwoFactorTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private Task SeedAsync(bool required = false, bool parent = false) => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync();
        school.RequireTwoFactorForAdministration = required;
        await b.Db.SaveChangesAsync();
        await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        await b.UserAsync("direktor", "Орлова Татьяна Петровна", [Roles.Director]);
        await b.UserAsync("admin", "Волков Сергей Николаевич", [Roles.SysAdmin]);
        if (parent) await b.UserAsync("roditel", "Иванова Мария Сергеевна", [Roles.Parent]);
        return 0;
    });

    private static string Now(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>A six-digit code that is none of the codes the provider accepts now (it takes the previous, the current and the next).</summary>
    private static string Wrong(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var accepted = new[] { -30, 0, 30 }.Select(s => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture))
            .First(c => !accepted.Contains(c));
    }

    private Task<AppUser> UserAsync(string login) =>
        _app.SeedAsync(b => b.Db.Users.AsNoTracking().SingleAsync(u => u.UserName == login));

    private Task<List<AuditEvent>> EventsAsync(AuditEventType type) =>
        _app.SeedAsync(b => b.Db.AuditEvents.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Connects the app on the page as <paramref name="client"/>: the key from the page, one code; the recovery codes shown.</summary>
    private static async Task<(string Key, List<string> Codes, AngleSharp.Html.Dom.IHtmlDocument Page)> ConnectAsync(HttpClient client,
        string returnUrl = "")
    {
        var url = "/Account/TwoFactor" + (returnUrl.Length > 0 ? "?returnUrl=" + Uri.EscapeDataString(returnUrl) : "");
        var started = await Html.ParseAsync(
            await Forms.PostAsync(client, url, new() { ["ReturnUrl"] = returnUrl }, "/Account/TwoFactor?handler=Start"));
        Assert.NotNull(started.QuerySelector("svg.qr path"));
        var key = started.TextOf("code.key").Replace(" ", "", StringComparison.Ordinal);
        var enabled = await Forms.PostAsync(client, url, new() { ["Code"] = Now(key), ["ReturnUrl"] = returnUrl },
            "/Account/TwoFactor?handler=Enable");
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var page = await Html.ParseAsync(enabled);
        return (key, page.TextsOf("ol.codes li code"), page);
    }

    private static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string login) =>
        Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = login, ["Input.Password"] = JournalApp.Password });

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sj.auth=", StringComparison.Ordinal));

    [Fact]
    public async Task A_teacher_connects_an_app_and_from_then_on_signs_in_with_the_password_and_a_code()
    {
        await SeedAsync();
        var teacher = await _app.PageClientAsync("smirnova");
        var before = await teacher.GetPageAsync("/Account/TwoFactor");
        Assert.Equal("Подключить", before.TextOf("form[action*=Start] button"));

        var started = await Html.ParseAsync(await Forms.PostAsync(teacher, "/Account/TwoFactor", [], "/Account/TwoFactor?handler=Start"));
        var key = started.TextOf("code.key").Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{32}$", key);
        var wrong = await Forms.PostAsync(teacher, "/Account/TwoFactor", new() { ["Code"] = Wrong(key) }, "/Account/TwoFactor?handler=Enable");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.StartsWith("Код не подошёл.", (await Html.ParseAsync(wrong)).TextOf(".errors[role=alert] li"));
        Assert.False((await UserAsync("smirnova")).TwoFactorEnabled);

        // The same pending key is shown again after a mistake, so the app set up from it still works; the code may have spaces.
        var code = Now(key);
        var enabled = await Forms.PostAsync(teacher, "/Account/TwoFactor", new() { ["Code"] = code[..3] + " " + code[3..] },
            "/Account/TwoFactor?handler=Enable");
        var page = await Html.ParseAsync(enabled);
        var codes = page.TextsOf("ol.codes li code");
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True((await UserAsync("smirnova")).TwoFactorEnabled);
        // The session the teacher connected it in goes on (its stamp renewed with the change).
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/Account/TwoFactor")).StatusCode);
        var on = Assert.Single(await EventsAsync(AuditEventType.TwoFactorEnabled));
        Assert.Equal("Смирнова Анна Викторовна", on.ActorName);
        Assert.DoesNotContain(key, on.After ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(codes[0], on.After ?? "", StringComparison.Ordinal);

        // Password alone: no session, the code page.
        var browser = Browser();
        var password = await PasswordAsync(browser, "smirnova");
        Assert.Equal("/Account/LoginCode?returnUrl=%2F", password.Headers.Location?.OriginalString);
        Assert.False(SetsAuthCookie(password));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Diary")).StatusCode);

        var refused = await Forms.PostAsync(browser, "/Account/LoginCode", new() { ["Code"] = Wrong(key) });
        Assert.StartsWith("Код не подошёл.", (await Html.ParseAsync(refused)).TextOf(".errors[role=alert] li"));
        Assert.False(SetsAuthCookie(refused));
        var signedIn = await Forms.PostAsync(browser, "/Account/LoginCode", new() { ["Code"] = Now(key) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        Assert.True(SetsAuthCookie(signedIn));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/TwoFactor")).StatusCode);

        // A recovery code instead of the phone: once.
        var lostPhone = Browser();
        await PasswordAsync(lostPhone, "smirnova");
        var recovered = await Forms.PostAsync(lostPhone, "/Account/LoginCode", new() { ["RecoveryCode"] = codes[3] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.True(SetsAuthCookie(recovered));
        var again = Browser();
        await PasswordAsync(again, "smirnova");
        var reused = await Forms.PostAsync(again, "/Account/LoginCode", new() { ["RecoveryCode"] = codes[3] });
        Assert.Equal("Такого кода восстановления нет или он уже использован. Каждый код действует один раз.",
            (await Html.ParseAsync(reused)).TextOf(".errors[role=alert] li"));
        var used = Assert.Single(await EventsAsync(AuditEventType.RecoveryCodeUsed));
        Assert.Equal(9, JsonDocument.Parse(used.After!).RootElement.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.Equal("9", (await browser.GetPageAsync("/Account/TwoFactor")).TextOf(".codes-left"));
    }

    [Fact]
    public async Task The_api_asks_for_the_code_of_an_account_with_the_second_factor_and_takes_a_recovery_code_once()
    {
        await SeedAsync();
        var (key, codes, _) = await ConnectAsync(await _app.PageClientAsync("smirnova"));
        var client = _app.CreateClient();

        var bare = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        var problem = await bare.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Требуется код подтверждения", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("twoFactorRequired").GetBoolean());

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { login = "smirnova", password = JournalApp.Password, twoFactorCode = Wrong(key) });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Неверный код подтверждения", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(1, (await UserAsync("smirnova")).AccessFailedCount);

        var right = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { login = "smirnova", password = JournalApp.Password, twoFactorCode = Now(key) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.False(string.IsNullOrEmpty((await right.Content.ReadFromJsonAsync<JournalApp.TokenResponse>())!.AccessToken));
        Assert.Equal(0, (await UserAsync("smirnova")).AccessFailedCount);

        var recovery = new { login = "smirnova", password = JournalApp.Password, recoveryCode = codes[0] };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/login", recovery)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", recovery)).StatusCode);
        // A wrong password is told as before, whatever the code.
        var badPassword = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { login = "smirnova", password = "Wrong-pass9", twoFactorCode = Now(key) });
        Assert.Equal("Неверный логин или пароль", (await badPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task When_the_school_requires_it_the_director_may_do_nothing_before_connecting_the_app_and_may_not_turn_it_off()
    {
        await SeedAsync(required: true);
        var director = await _app.PageClientAsync("direktor");

        var home = await director.GetAsync("/Admin/Settings");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Account/TwoFactor?returnUrl=%2FAdmin%2FSettings", home.Headers.Location?.OriginalString);
        var page = await director.GetPageAsync("/Account/TwoFactor");
        Assert.StartsWith("Школа требует от директора и системного администратора входа с кодом", page.TextOf("p.notice"));
        var api = await _app.ApiClientAsync("direktor");
        var refused = await api.GetAsync("/api/v1/school/settings");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Требуется вход с кодом подтверждения",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        // A teacher of the same school is not asked.
        Assert.Equal(HttpStatusCode.OK, (await (await _app.PageClientAsync("smirnova")).GetAsync("/")).StatusCode);

        var (key, codes, shown) = await ConnectAsync(director, "/Admin/Settings");
        Assert.Equal(10, codes.Count);
        Assert.Equal("/Admin/Settings", shown.One("section.recovery-codes a.button").GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync("/Admin/Settings")).StatusCode);
        // The token issued before is void (the account's stamp moved); a new one, with a code, reads the settings.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        var login = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { login = "direktor", password = JournalApp.Password, twoFactorCode = Now(key) });
        var token = (await login.Content.ReadFromJsonAsync<JournalApp.TokenResponse>())!.AccessToken;
        var fresh = _app.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/school/settings")).StatusCode);
        var connected = await director.GetPageAsync("/Account/TwoFactor");
        Assert.Equal("Выдать новые коды восстановления", connected.TextOf("button[formaction*=Renew]"));
        Assert.Null(connected.QuerySelector("button[formaction*=Disable]"));

        var off = await Forms.PostAsync(director, "/Account/TwoFactor", new() { ["Code"] = Now(key) }, "/Account/TwoFactor?handler=Disable");
        Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
        Assert.StartsWith("Школа требует от директора и системного администратора входа с кодом подтверждения: выключить его нельзя.",
            (await Html.ParseAsync(off)).TextOf(".errors[role=alert] li"));
        Assert.True((await UserAsync("direktor")).TwoFactorEnabled);
    }

    [Fact]
    public async Task A_teacher_turns_it_off_with_a_code_and_the_administrator_resets_it_for_one_who_lost_his_phone()
    {
        await SeedAsync();
        var teacher = await _app.PageClientAsync("smirnova");
        var (key, _, _) = await ConnectAsync(teacher);

        var wrong = await Forms.PostAsync(teacher, "/Account/TwoFactor", new() { ["Code"] = Wrong(key) }, "/Account/TwoFactor?handler=Disable");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await UserAsync("smirnova")).TwoFactorEnabled);
        var off = await Forms.PostAsync(teacher, "/Account/TwoFactor", new() { ["Code"] = Now(key) }, "/Account/TwoFactor?handler=Disable");
        Assert.Equal("Вход с кодом подтверждения выключен; ключ и коды восстановления больше не действуют.",
            (await Html.ParseAsync(off)).TextOf("p.flash"));
        Assert.False((await UserAsync("smirnova")).TwoFactorEnabled);
        Assert.Equal("/", (await PasswordAsync(Browser(), "smirnova")).Headers.Location?.OriginalString);

        // Connected again, then the phone is lost: the administrator turns it off, every session of the account ends.
        var (key2, _, _) = await ConnectAsync(teacher);
        var id = (await UserAsync("smirnova")).Id;
        var admin = await _app.ApiClientAsync("admin", JournalApp.Password);
        var reset = await admin.PostAsync($"/api/v1/accounts/{id}/reset-two-factor", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.False((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twoFactorEnabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.GetAsync("/Account/TwoFactor")).StatusCode);
        Assert.Equal("/", (await PasswordAsync(Browser(), "smirnova")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/accounts/{id}/reset-two-factor", null)).StatusCode);
        var events = await EventsAsync(AuditEventType.TwoFactorDisabled);
        Assert.Equal([false, true], events.Select(e => JsonDocument.Parse(e.After!).RootElement.GetProperty("byAdministrator").GetBoolean()));
        Assert.Equal("Волков Сергей Николаевич", events[1].ActorName);
        Assert.NotEqual(key, key2);

        // A teacher may not reset anybody's.
        var other = await _app.ApiClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/v1/accounts/{id}/reset-two-factor", null)).StatusCode);
    }

    [Fact]
    public async Task Parents_have_no_second_factor_page_and_a_settings_put_without_the_requirement_is_refused()
    {
        await SeedAsync(parent: true);
        var parent = await _app.PageClientAsync("roditel");
        var page = await parent.GetAsync("/Account/TwoFactor");
        Assert.True(page.StatusCode == HttpStatusCode.Forbidden
            || page.Headers.Location?.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal) == true);

        var director = await _app.ApiClientAsync("direktor");
        var put = await director.PutAsJsonAsync("/api/v1/school/settings", new
        {
            name = "МБОУ «СОШ № 1»", shortName = "СОШ № 1", timeZone = "Europe/Moscow",
            gradeThresholds = new { five = 4.6m, four = 3.6m, three = 2.6m },
            exemptCountedInProgress = true, controlWorksPerWeekLimit = 3,
        });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("requireTwoFactorForAdministration", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
