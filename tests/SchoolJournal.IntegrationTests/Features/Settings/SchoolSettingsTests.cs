using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Settings;

/// <summary>
/// GET|PUT /api/v1/school/settings (R-SEC-7): every field required, each change audited, the director and the system
/// administrator write.
/// </summary>
public sealed class SchoolSettingsTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> SeedAsync(Func<SchoolBuilder, Task>? more = null) => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync("Гимназия № 2");
        await b.UserAsync("director", "Смирнова Т. А.", [Roles.Director]);
        await b.UserAsync("deputy", "Кузнецова О. П.", [Roles.Deputy]);
        await b.UserAsync("admin", "Волков С. Н.", [Roles.SysAdmin]);
        await b.UserAsync("teacher", "Петрова А. В.", [Roles.Teacher]);
        if (more is not null) await more(b);
        return school.Id;
    });

    private static object Body(decimal five = 4.5m, bool? exempt = false, string timeZone = "Asia/Yekaterinburg", bool? twoFactor = true,
        int controlDays = 5, int passwordLength = 12, string digestDay = "saturday", string digestAt = "10:30", bool deadlines = true) => new
    {
        name = "Гимназия № 2 г. Твери", shortName = "Гимназия № 2", timeZone,
        gradeThresholds = new { five, four = 3.5m, three = 2.5m },
        exemptCountedInProgress = exempt, controlWorksPerWeekLimit = 4, requireTwoFactorForAdministration = twoFactor,
        journalDeadlines = deadlines ? new { controlWorkDays = controlDays, essayDays = 10, homeworkGraceMinutes = 60 } : null,
        passwordMinLength = passwordLength, weeklyDigest = new { day = digestDay, at = digestAt },
    };

    private async Task<School> SchoolAsync(int id) => await _app.SeedAsync(b => b.Db.Schools.AsNoTracking().SingleAsync(s => s.Id == id));

    [Fact]
    public async Task Director_changes_the_settings_and_the_audit_keeps_the_values_before_and_after()
    {
        var schoolId = await SeedAsync();
        var director = await _app.ApiClientAsync("director");

        var put = await director.PutAsJsonAsync("/api/v1/school/settings", Body());

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var read = await (await _app.ApiClientAsync("teacher")).GetFromJsonAsync<JsonElement>("/api/v1/school/settings");
        Assert.Equal("Гимназия № 2 г. Твери", read.GetProperty("name").GetString());
        Assert.Equal("Asia/Yekaterinburg", read.GetProperty("timeZone").GetString());
        Assert.Equal(4.5m, read.GetProperty("gradeThresholds").GetProperty("five").GetDecimal());
        Assert.False(read.GetProperty("exemptCountedInProgress").GetBoolean());
        Assert.Equal(4, read.GetProperty("controlWorksPerWeekLimit").GetInt32());
        Assert.True(read.GetProperty("requireTwoFactorForAdministration").GetBoolean());
        Assert.Equal(5, read.GetProperty("journalDeadlines").GetProperty("controlWorkDays").GetInt32());
        Assert.Equal(12, read.GetProperty("passwordMinLength").GetInt32());
        Assert.Equal("saturday", read.GetProperty("weeklyDigest").GetProperty("day").GetString());
        Assert.Equal("10:30", read.GetProperty("weeklyDigest").GetProperty("at").GetString());
        // The deployment's lockout, read only: the test host's defaults.
        Assert.Equal(5, read.GetProperty("signInLockout").GetProperty("attempts").GetInt32());
        var school = await SchoolAsync(schoolId);
        Assert.Equal((4.5m, 3.5m, 2.5m), (school.GradeThreshold5, school.GradeThreshold4, school.GradeThreshold3));
        Assert.True(school.RequireTwoFactorForAdministration);
        Assert.Equal((5, 10, 60, 12), (school.ControlWorkMarkDays, school.EssayMarkDays, school.HomeworkGraceMinutes, school.PasswordMinLength));
        Assert.Equal((DayOfWeek.Saturday, new TimeOnly(10, 30)), (school.WeeklyDigestDay, school.WeeklyDigestAt));
        var audit = await _app.SeedAsync(b => b.Db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.SchoolSettingsChanged).ToListAsync());
        var change = Assert.Single(audit);
        Assert.Equal("Смирнова Т. А.", change.ActorName);
        Assert.Contains("4.6", change.Before);
        Assert.Contains("Europe/Moscow", change.Before);
        Assert.Contains("Asia/Yekaterinburg", change.After);
    }

    [Fact]
    public async Task A_put_that_omits_a_field_is_refused_and_erases_nothing()
    {
        var schoolId = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");

        var put = await admin.PutAsJsonAsync("/api/v1/school/settings", Body(exempt: null));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("exemptCountedInProgress", problem.GetProperty("detail").GetString());
        var school = await SchoolAsync(schoolId);
        Assert.Equal(("Гимназия № 2", "Europe/Moscow", 4.6m, true),
            (school.Name, school.TimeZone, school.GradeThreshold5, school.ExemptCountedInProgress));
        Assert.False(await _app.SeedAsync(b => b.Db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SchoolSettingsChanged)));
    }

    [Theory]
    [InlineData(3.0, "Europe/Moscow")]
    [InlineData(5.5, "Europe/Moscow")]
    [InlineData(4.555, "Europe/Moscow")]
    [InlineData(4.6, "Europe/Nowhere")]
    public async Task Unsound_thresholds_or_an_unknown_time_zone_are_refused(double five, string timeZone)
    {
        var schoolId = await SeedAsync();
        var director = await _app.ApiClientAsync("director");

        var put = await director.PutAsJsonAsync("/api/v1/school/settings", Body((decimal)five, timeZone: timeZone));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(4.6m, (await SchoolAsync(schoolId)).GradeThreshold5);
    }

    [Theory]
    [InlineData(15, 12, "friday", "18:00", true, "Неверные сроки журнала")]
    [InlineData(5, 7, "friday", "18:00", true, "Неверная длина пароля")]
    [InlineData(5, 65, "friday", "18:00", true, "Неверная длина пароля")]
    [InlineData(5, 12, "пятница", "18:00", true, "Неверный день еженедельной сводки")]
    [InlineData(5, 12, "friday", "25:00", true, "Неверное время еженедельной сводки")]
    [InlineData(5, 12, "friday", "18:00", false, "Не все настройки указаны")]
    public async Task Unsound_deadlines_password_length_or_digest_time_are_refused_and_change_nothing(int controlDays, int passwordLength,
        string day, string at, bool deadlines, string title)
    {
        var schoolId = await SeedAsync();
        var director = await _app.ApiClientAsync("director");

        var put = await director.PutAsJsonAsync("/api/v1/school/settings",
            Body(controlDays: controlDays, passwordLength: passwordLength, digestDay: day, digestAt: at, deadlines: deadlines));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(title, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var school = await SchoolAsync(schoolId);
        Assert.Equal(("Гимназия № 2", 3, 8, (DayOfWeek?)null),
            (school.Name, school.ControlWorkMarkDays, school.PasswordMinLength, school.WeeklyDigestDay));
        Assert.False(await _app.SeedAsync(b => b.Db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.SchoolSettingsChanged)));
    }

    [Fact]
    public async Task A_school_that_asks_for_12_characters_refuses_a_10_character_password_and_issues_initial_passwords_of_12()
    {
        await SeedAsync();
        var director = await _app.ApiClientAsync("director");
        Assert.Equal(HttpStatusCode.OK, (await director.PutAsJsonAsync("/api/v1/school/settings", Body(passwordLength: 12))).StatusCode);
        var teacher = await _app.PageClientAsync("teacher");

        var shortOne = await ChangeAsync(teacher, "abcdef1234");
        Assert.Contains("Пароль должен содержать не менее 12 символов.", (await Html.ParseAsync(shortOne)).TextOf(".errors"));
        var longOne = await ChangeAsync(teacher, "abcdef123456");

        Assert.Equal(HttpStatusCode.Redirect, longOne.StatusCode);
        var user = await _app.SeedAsync(b => b.Db.Users.AsNoTracking().SingleAsync(u => u.UserName == "teacher"));
        Assert.NotEqual(PasswordVerificationResult.Failed,
            new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, "abcdef123456"));
        Assert.Equal(12, SchoolJournal.Web.Features.Accounts.InitialPassword.New(12).Length);
        Assert.Equal(10, SchoolJournal.Web.Features.Accounts.InitialPassword.New(8).Length);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string password) =>
        Forms.PostAsync(browser, "/Account/ChangePassword", new()
        {
            ["Input.CurrentPassword"] = JournalApp.Password, ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = password,
        });

    [Theory]
    [InlineData("deputy")]
    [InlineData("teacher")]
    public async Task Only_the_director_and_the_system_administrator_change_the_settings(string login)
    {
        var schoolId = await SeedAsync();
        var client = await _app.ApiClientAsync(login);

        var put = await client.PutAsJsonAsync("/api/v1/school/settings", Body());

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("Гимназия № 2", (await SchoolAsync(schoolId)).Name);
    }

    [Fact]
    public async Task A_role_the_school_configures_acts_through_the_permissions_its_claims_list()
    {
        await SeedAsync(async b =>
        {
            var librarian = new IdentityRole("librarian") { NormalizedName = "LIBRARIAN" };
            b.Db.Roles.Add(librarian);
            b.Db.RoleClaims.Add(new IdentityRoleClaim<string>
                { RoleId = librarian.Id, ClaimType = JournalClaims.Permission, ClaimValue = "readYearSetup" });
            b.Db.Roles.Add(new IdentityRole("guest") { NormalizedName = "GUEST" });
            await b.Db.SaveChangesAsync();
            await b.UserAsync("library", "Зайцева Н. И.", ["librarian"]);
            await b.UserAsync("guest", "Гость", ["guest"]);
        });
        var librarian = await _app.ApiClientAsync("library");
        var guest = await _app.ApiClientAsync("guest");

        Assert.Equal(HttpStatusCode.OK, (await librarian.GetAsync("/api/v1/school/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.PutAsJsonAsync("/api/v1/school/settings", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync("/api/v1/school/settings")).StatusCode);
    }
}
