using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Settings;

/// <summary>«Настройки школы» (/Admin/Settings): the page over the same service as the API; a bad value saves nothing.</summary>
public sealed class SettingsPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> SeedAsync() => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync("Гимназия № 2");
        await b.UserAsync("director", "Смирнова Т. А.", [Roles.Director]);
        await b.UserAsync("teacher", "Петрова А. В.", [Roles.Teacher]);
        return school.Id;
    });

    /// <summary>What the form sends when the person changes the given fields (a checkbox left unticked is not sent).</summary>
    private static Dictionary<string, string> Form(string five = "4,5", string four = "3,5", bool exempt = false, string limit = "4")
    {
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "Гимназия № 2 г. Твери", ["ShortName"] = "Гимназия № 2", ["TimeZone"] = "Asia/Yekaterinburg",
            ["Five"] = five, ["Four"] = four, ["Three"] = "2.5", ["ControlWorksPerWeek"] = limit,
            // The fields the person leaves as the page shows them.
            ["ControlWorkDays"] = "3", ["EssayDays"] = "7", ["HomeworkGraceMinutes"] = "90", ["PasswordMinLength"] = "8",
            ["DigestDay"] = "friday", ["DigestAt"] = "18:00",
        };
        if (exempt) fields["ExemptCounted"] = "true";
        return fields;
    }

    private Task<School> SchoolAsync(int id) => _app.SeedAsync(b => b.Db.Schools.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<int> ChangesAsync() =>
        _app.SeedAsync(b => b.Db.AuditEvents.CountAsync(e => e.Type == AuditEventType.SchoolSettingsChanged));

    [Fact]
    public async Task The_director_sees_the_schools_values_and_saves_new_ones_with_a_comma_or_a_point_audited_once()
    {
        var schoolId = await SeedAsync();
        var before = await SchoolAsync(schoolId);
        var director = await _app.PageClientAsync("director");

        var page = await director.GetPageAsync("/Admin/Settings");
        Assert.Equal("Настройки", page.TextOf("nav.main a[href='/Admin/Settings']"));
        Assert.Equal(before.Name, page.One("input[name=Name]").GetAttribute("value"));
        // The thresholds as a Russian reads a number: 4.6 → «4,6».
        Assert.Equal(before.GradeThreshold5.ToString("0.0#", CultureInfo.GetCultureInfo("ru-RU")),
            page.One("input[name=Five]").GetAttribute("value"));
        Assert.Equal(before.TimeZone, page.One("select[name=TimeZone] option[selected]").GetAttribute("value"));

        var saved = await Forms.PostAsync(director, "/Admin/Settings", Form());
        var after = await Html.ParseAsync(saved);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("Настройки сохранены.", after.TextOf("p.flash"));
        var school = await SchoolAsync(schoolId);
        Assert.Equal(("Гимназия № 2 г. Твери", "Asia/Yekaterinburg"), (school.Name, school.TimeZone));
        Assert.Equal((4.5m, 3.5m, 2.5m), (school.GradeThreshold5, school.GradeThreshold4, school.GradeThreshold3));
        Assert.False(school.ExemptCountedInProgress);
        Assert.Equal(4, school.ControlWorksPerWeekLimit);
        Assert.Equal("4,5", after.One("input[name=Five]").GetAttribute("value"));
        Assert.Equal(1, await ChangesAsync());

        // The same values again change nothing and write no second event.
        await Forms.PostAsync(director, "/Admin/Settings", Form());
        Assert.Equal(1, await ChangesAsync());
    }

    [Theory]
    [InlineData("4,5", "4,8", "4", "Неверные пороги отметок. Порог «5» должен быть больше порога «4», а он — больше порога «3».")]
    [InlineData("пять", "3,5", "4", "Не все настройки указаны. Передайте все настройки школы, в том числе те, что не меняются. "
        + "Не указаны: gradeThresholds (five, four, three).")]
    [InlineData("4,5", "3,5", "0", "Неверный предел контрольных работ. Предел контрольных работ в неделю — целое число от 1 до 20.")]
    public async Task A_bad_value_is_named_in_russian_and_nothing_is_saved(string five, string four, string limit, string message)
    {
        var schoolId = await SeedAsync();
        var before = await SchoolAsync(schoolId);
        var director = await _app.PageClientAsync("director");

        var response = await Forms.PostAsync(director, "/Admin/Settings", Form(five, four, limit: limit));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (await Html.ParseAsync(response)).TextOf(".errors[role=alert] li"));
        var school = await SchoolAsync(schoolId);
        Assert.Equal((before.Name, before.GradeThreshold5, before.ControlWorksPerWeekLimit),
            (school.Name, school.GradeThreshold5, school.ControlWorksPerWeekLimit));
        Assert.Equal(0, await ChangesAsync());
    }

    [Fact]
    public async Task A_teacher_reads_the_settings_without_a_way_to_change_them()
    {
        var schoolId = await SeedAsync();
        var teacher = await _app.PageClientAsync("teacher");

        var page = await teacher.GetPageAsync("/Admin/Settings");
        Assert.Null(page.QuerySelector("nav.main a[href='/Admin/Settings']"));
        Assert.All(page.QuerySelectorAll("form.settings-form fieldset"), f => Assert.True(f.HasAttribute("disabled")));
        Assert.Null(page.QuerySelector("form.settings-form button[type=submit]"));

        var token = Forms.Token(page);
        var refused = await teacher.PostAsync("/Admin/Settings",
            new FormUrlEncodedContent([.. Form(), new("__RequestVerificationToken", token)]));
        // A page's refusal sends the browser to «Доступ запрещён».
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/AccessDenied", refused.Headers.Location!.AbsolutePath);
        Assert.NotEqual("Гимназия № 2 г. Твери", (await SchoolAsync(schoolId)).Name);
        Assert.Equal(0, await ChangesAsync());
    }
}
