using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using static SchoolJournal.IntegrationTests.Features.Notifications.Notify;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>The parent's notification preferences: the API and the page «Уведомления» (R-DIARY-3).</summary>
public sealed class PreferencesTests : IDisposable
{
    private readonly JournalApp _app = App();

    public void Dispose() => _app.Dispose();

    private Task<NotificationPreference?> StoredAsync(int parentId) =>
        _app.QueryAsync(db => db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(p => p.ParentId == parentId));

    [Fact]
    public async Task A_parent_without_settings_reads_the_defaults_his_consent_and_masked_addresses()
    {
        var n = await SchoolAsync(_app, ConsentScope.Email);
        var parent = await _app.ApiClientAsync("orlova");

        var json = await (await parent.GetAsync("/api/v1/me/notification-preferences")).JsonAsync();

        Assert.Equal("email", json.GetProperty("channels").GetString());
        Assert.Equal("immediate", json.GetProperty("mode").GetString());
        Assert.Equal("19:00", json.GetProperty("digestAt").GetString());
        Assert.Equal("21:00", json.GetProperty("quietFrom").GetString());
        Assert.Equal("08:00", json.GetProperty("quietTo").GetString());
        Assert.Equal(new[] { "mark", "absence", "lesson", "homework", "message", "period-grade" },
            json.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!).ToArray());
        Assert.True(json.GetProperty("emailConsent").GetBoolean());
        Assert.Equal("пятница, 18:00", json.GetProperty("weeklyAt").GetString());
        Assert.False(json.GetProperty("phoneConsent").GetBoolean());
        Assert.Equal("p***@notify.test", json.GetProperty("email").GetString());
        Assert.Equal("*** ***-**-67", json.GetProperty("phone").GetString());
        Assert.DoesNotContain(n.Email, json.ToString());
    }

    [Fact]
    public async Task A_parent_saves_his_preferences_over_the_API_with_an_audit_event()
    {
        var n = await SchoolAsync(_app);
        var parent = await _app.ApiClientAsync("orlova");

        var response = await parent.PutAsJsonAsync("/api/v1/me/notification-preferences",
            new { channels = "both", mode = "digest", digestAt = "18:30", kinds = new[] { "mark", "absence" }, quietFrom = "22:00",
                quietTo = "07:30" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredAsync(n.Parent.Id);
        Assert.NotNull(stored);
        Assert.Equal((DeliveryChannels.Both, DeliveryMode.DailyDigest, NotificationKinds.Mark | NotificationKinds.Absence),
            (stored.Channels, stored.Mode, stored.Kinds));
        Assert.Equal((new TimeOnly(18, 30), new TimeOnly(22, 0), new TimeOnly(7, 30)), (stored.DigestAt, stored.QuietFrom, stored.QuietTo));
        var audit = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.NotificationPreferencesChanged);
        Assert.Equal(n.Parent.Id.ToString(), audit.EntityId);
        Assert.Contains("\"digest\"", audit.After);

        // A later change of one field keeps the others.
        (await parent.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channels = "none" })).EnsureSuccessStatusCode();
        stored = await StoredAsync(n.Parent.Id);
        Assert.Equal((DeliveryChannels.None, DeliveryMode.DailyDigest), (stored!.Channels, stored.Mode));
    }

    [Theory]
    [InlineData("""{"channels":"pigeon"}""", "Неизвестный способ доставки")]
    [InlineData("""{"mode":"monthly"}""", "Неизвестный режим")]
    [InlineData("""{"kinds":["mark","gossip"]}""", "Неизвестный вид уведомлений")]
    [InlineData("""{"digestAt":"25:00"}""", "Неверное время сводки")]
    [InlineData("""{"quietFrom":"вечер"}""", "Неверное время тихих часов")]
    public async Task Bad_input_is_refused_in_Russian_and_nothing_is_written(string body, string title)
    {
        var n = await SchoolAsync(_app);
        var parent = await _app.ApiClientAsync("orlova");

        var response = await parent.PutAsync("/api/v1/me/notification-preferences",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.JsonAsync()).GetProperty("title").GetString());
        Assert.Null(await StoredAsync(n.Parent.Id));
        Assert.DoesNotContain(await _app.AuditAsync(), e => e.Type == AuditEventType.NotificationPreferencesChanged);
    }

    [Theory]
    [InlineData("smirnova")]
    [InlineData("orlov")]
    [InlineData("kozlova")]
    public async Task Only_a_parent_has_notification_preferences(string login)
    {
        await SchoolAsync(_app);
        var client = await _app.ApiClientAsync(login);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/me/notification-preferences")).StatusCode);
        var put = await client.PutAsJsonAsync("/api/v1/me/notification-preferences", new { channels = "sms" });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("Настройки уведомлений — только для родителей", (await put.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(db => db.NotificationPreferences.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task The_page_shows_the_consent_and_saves_the_form()
    {
        var n = await SchoolAsync(_app, ConsentScope.Phone);
        var browser = await _app.PageClientAsync("orlova");

        var html = await browser.GetStringAsync("/Diary/Notifications");
        var consent = Html.Parse(html).One(".notify-consent");
        var (email, phone) = (consent.QuerySelectorAll("li")[0], consent.QuerySelectorAll("li")[1]);
        Assert.StartsWith("Электронная почта:", email.Read());
        Assert.Equal("согласия нет", email.TextOf("strong"));
        Assert.Equal("Телефон: *** ***-**-67 — согласие зарегистрировано", phone.Read());
        Assert.DoesNotContain(n.Email, html);
        Assert.Contains("классный руководитель", consent.TextOf("p.hint"));

        var response = await Forms.PostAsync(browser, "/Diary/Notifications", new()
        {
            ["Channels"] = "sms", ["Mode"] = "immediate", ["DigestAt"] = "19:00", ["Kinds"] = "absence",
            ["QuietFrom"] = "21:30", ["QuietTo"] = "07:00",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync(n.Parent.Id);
        Assert.Equal((DeliveryChannels.Sms, DeliveryMode.Immediate, NotificationKinds.Absence, new TimeOnly(21, 30), new TimeOnly(7, 0)),
            (stored!.Channels, stored.Mode, stored.Kinds, stored.QuietFrom, stored.QuietTo));
        Assert.StartsWith("Настройки уведомлений сохранены", (await browser.GetPageAsync("/Diary/Notifications")).TextOf(".flash"));
    }

    [Fact]
    public async Task The_page_refuses_a_bad_time_and_writes_nothing()
    {
        var n = await SchoolAsync(_app);
        var browser = await _app.PageClientAsync("orlova");

        var response = await Forms.PostAsync(browser, "/Diary/Notifications", new()
        {
            ["Channels"] = "email", ["Mode"] = "digest", ["DigestAt"] = "7 вечера", ["Kinds"] = "mark", ["QuietFrom"] = "21:00",
            ["QuietTo"] = "08:00",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Неверное время сводки", await response.Content.ReadAsStringAsync());
        Assert.Null(await StoredAsync(n.Parent.Id));
    }

    [Fact]
    public async Task A_teacher_is_refused_the_page()
    {
        await SchoolAsync(_app);
        var browser = await _app.PageClientAsync("smirnova");

        var response = await browser.GetAsync("/Diary/Notifications");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location?.ToString() ?? "");
    }

    [Fact]
    public async Task A_parent_chooses_the_weekly_digest_on_the_page_that_names_the_schools_day_and_hour()
    {
        var n = await SchoolAsync(_app);
        await _app.SeedAsync(async b =>
        {
            var school = await b.Db.Schools.FindAsync(n.S.School.Id);
            (school!.WeeklyDigestDay, school.WeeklyDigestAt) = (DayOfWeek.Saturday, new TimeOnly(10, 0));
            return await b.Db.SaveChangesAsync();
        });
        var browser = await _app.PageClientAsync("orlova");

        var page = await browser.GetPageAsync("/Diary/Notifications");
        var response = await Forms.PostAsync(browser, "/Diary/Notifications", new()
        {
            ["Channels"] = "email", ["Mode"] = "weekly", ["DigestAt"] = "19:00", ["Kinds"] = "mark",
            ["QuietFrom"] = "21:00", ["QuietTo"] = "08:00",
        });

        Assert.Contains("Сводкой раз в неделю — суббота, 10:00", page.One("input[name='Mode'][value='weekly']").ParentElement!.Read());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(DeliveryMode.WeeklyDigest, (await StoredAsync(n.Parent.Id))!.Mode);
        var again = await browser.GetPageAsync("/Diary/Notifications");
        Assert.NotNull(again.QuerySelector("input[name='Mode'][value='weekly'][checked]"));
    }
}
