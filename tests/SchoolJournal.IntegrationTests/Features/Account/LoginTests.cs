using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features.Account;

public sealed class LoginTests : IDisposable
{
    private const string WrongPassword = "Wrong-pass9";
    private const string ThrottleMessage = "Слишком много неудачных попыток входа с этого устройства";
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Problem(string Title, string? Detail, int Status);

    private HttpClient Browser() =>
        _app.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> LoginPageAsync(HttpClient client, string login, string password) =>
        Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = login, ["Input.Password"] = password });

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sj.auth=", StringComparison.Ordinal));

    /// <summary>What the form's message block says.</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) => (await Html.ParseAsync(response))
        .TextOf("main form .errors[role=alert]");

    /// <summary>The change-password form, from the issued password to this one.</summary>
    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string newPassword) =>
        Forms.PostAsync(client, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = JournalApp.Password,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });

    private Task SeedTeacherAsync(bool mustChangePassword = false) => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher], mustChangePassword);
        return 0;
    });

    [Fact]
    public async Task A_wrong_password_on_the_login_page_says_so_in_Russian_and_signs_nobody_in()
    {
        await SeedTeacherAsync();
        var client = Browser();

        var response = await LoginPageAsync(client, "smirnova", WrongPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Неверный логин или пароль.", await TextAsync(response));
        Assert.False(SetsAuthCookie(response));
    }

    [Fact]
    public async Task An_unknown_login_gets_the_same_message_as_a_wrong_password()
    {
        await SeedTeacherAsync();

        var response = await LoginPageAsync(Browser(), "nobody", WrongPassword);

        Assert.Contains("Неверный логин или пароль.", await TextAsync(response));
        Assert.False(SetsAuthCookie(response));
    }

    [Fact]
    public async Task The_right_password_on_the_login_page_sets_the_cookie_and_goes_home()
    {
        await SeedTeacherAsync();

        var response = await LoginPageAsync(Browser(), "smirnova", JournalApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.True(SetsAuthCookie(response));
    }

    [Fact]
    public async Task A_wrong_password_via_the_API_is_a_401_problem_in_Russian()
    {
        await SeedTeacherAsync();

        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = WrongPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal("Неверный логин или пароль", problem!.Title);
        Assert.Equal(401, problem.Status);
    }

    [Fact]
    public async Task The_API_gives_a_token_for_the_right_password()
    {
        await SeedTeacherAsync();

        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<JournalApp.TokenResponse>();
        Assert.False(string.IsNullOrEmpty(token!.AccessToken));
        Assert.True(token.ExpiresIn > 0);
    }

    [Fact]
    public async Task Repeated_failures_from_one_client_make_it_wait_and_the_API_answers_429_even_to_the_right_password()
    {
        await SeedTeacherAsync();
        var client = _app.CreateClient();

        for (var i = 1; i <= 5; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = WrongPassword });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Слишком много попыток входа", (await response.Content.ReadFromJsonAsync<Problem>())!.Title);
    }

    [Fact]
    public async Task The_login_page_tells_a_client_that_used_up_its_attempts_to_wait()
    {
        await SeedTeacherAsync();
        var client = Browser();
        for (var i = 0; i < 5; i++)
            await LoginPageAsync(client, "smirnova", WrongPassword);

        var response = await LoginPageAsync(client, "smirnova", JournalApp.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ThrottleMessage, await TextAsync(response));
        Assert.False(SetsAuthCookie(response));
    }

    [Fact]
    public async Task A_lower_threshold_from_settings_is_honoured()
    {
        _app.Settings["Security:MaxFailedAccessAttempts"] = "2";
        await SeedTeacherAsync();
        var client = _app.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = WrongPassword });
        var second = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = WrongPassword });
        var third = await client.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = WrongPassword });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            [first.StatusCode, second.StatusCode, third.StatusCode]);
    }

    [Fact]
    public async Task A_first_login_must_change_the_password_before_anything_else()
    {
        await SeedTeacherAsync(mustChangePassword: true);
        var client = Browser();

        var login = await LoginPageAsync(client, "smirnova", JournalApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/Account/ChangePassword", login.Headers.Location?.OriginalString);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/ChangePassword", home.Headers.Location?.OriginalString);

        var api = await client.GetAsync("/api/v1/classes");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("Требуется смена пароля", (await api.Content.ReadFromJsonAsync<Problem>())!.Title);

        var changed = await ChangePasswordAsync(client, "My-own-pass7");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var (status, path) = await FollowAsync(client, "/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("/Account/", path);
    }

    [Fact]
    public async Task The_new_password_works_and_the_old_one_no_longer_does()
    {
        await SeedTeacherAsync(mustChangePassword: true);
        var client = Browser();
        await LoginPageAsync(client, "smirnova", JournalApp.Password);
        await ChangePasswordAsync(client, "My-own-pass7");

        var api = _app.CreateClient();
        var old = await api.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        var fresh = await api.PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = "My-own-pass7" });

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var again = await LoginPageAsync(Browser(), "smirnova", "My-own-pass7");
        Assert.Equal("/", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_token_issued_before_the_password_was_changed_stops_working()
    {
        await SeedTeacherAsync();
        var phone = await _app.ApiClientAsync("smirnova"); // the diary app on a phone that was then lost
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me")).StatusCode);

        var client = Browser();
        await LoginPageAsync(client, "smirnova", JournalApp.Password);
        var changed = await ChangePasswordAsync(client, "My-own-pass7");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var refused = await phone.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Требуется вход", (await refused.Content.ReadFromJsonAsync<Problem>())!.Title);
        var fresh = await _app.ApiClientAsync("smirnova", "My-own-pass7");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/me")).StatusCode);
        // The browser that changed the password keeps its session (Identity renews its cookie).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_too_short_new_password_is_refused_in_Russian()
    {
        await SeedTeacherAsync(mustChangePassword: true);
        var client = Browser();
        await LoginPageAsync(client, "smirnova", JournalApp.Password);

        var response = await ChangePasswordAsync(client, "a1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Пароль должен содержать не менее 8 символов.", await TextAsync(response));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_an_account_that_must_change_its_password_reaches_only_me()
    {
        await SeedTeacherAsync(mustChangePassword: true);
        var client = await _app.ApiClientAsync("smirnova");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var classes = await client.GetAsync("/api/v1/classes");

        Assert.True(me.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, classes.StatusCode);
        Assert.Equal("application/problem+json", classes.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Me_tells_a_parent_who_he_is_and_lists_his_two_children()
    {
        var (school, older, younger) = await _app.SeedAsync(async b =>
        {
            var school = await b.SchoolAsync();
            var c7 = await b.ClassAsync(7, "А");
            var c3 = await b.ClassAsync(3, "Б");
            var older = await b.StudentAsync(c7, "Орлов", "Артём");
            var younger = await b.StudentAsync(c3, "Орлова", "Мария");
            await b.StudentAsync(c3, "Чужой", "Пётр");
            await b.ParentAsync("Орлова", "Елена", "orlova", older, younger);
            return (school, older, younger);
        });
        var client = await _app.ApiClientAsync("orlova");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.False(string.IsNullOrEmpty(me.GetProperty("id").GetString()));
        Assert.Equal("Орлова Елена", me.GetProperty("displayName").GetString());
        Assert.Equal(new[] { "parent" }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(school.Id, me.GetProperty("schoolId").GetInt32());
        var children = me.GetProperty("children").EnumerateArray()
            .Select(c => (c.GetProperty("studentId").GetInt32(), c.GetProperty("displayName").GetString()!)).ToList();
        Assert.Equal(new[] { (older.Id, "Орлов Артём"), (younger.Id, "Орлова Мария") }, children);
    }

    [Fact]
    public async Task Me_lists_every_role_of_a_person_and_no_children_for_staff()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            return await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.Teacher, Roles.ClassTeacher);
        });
        var client = await _app.ApiClientAsync("kozlova");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");

        Assert.Equal("Козлова Ирина Павловна", me.GetProperty("displayName").GetString());
        Assert.Equal(new[] { "classTeacher", "teacher" }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order());
        Assert.Empty(me.GetProperty("children").EnumerateArray());
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        await SeedTeacherAsync();

        var response = await _app.CreateClient().GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Path)> FollowAsync(HttpClient client, string url)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.Redirect) return (response.StatusCode, url);
            url = response.Headers.Location!.OriginalString;
        }
        throw new InvalidOperationException($"Too many redirects, last {url}");
    }
}
