using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Outbox;
using static SchoolJournal.IntegrationTests.Features.Notifications.Notify;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>
/// Notifications end to end (R-DIARY-3, R-SEC-4): a teacher writes over HTTP, the outbox's worker plans and sends, the
/// mail arrives at the real SMTP server of the tests (a Maildir) and the SMS at the tests' gateway.
/// </summary>
public sealed class DeliveryTests
{
    private static string Text(MimeKit.MimeMessage m) => (m.TextBody ?? "").Replace("\r\n", "\n");

    [Fact]
    public async Task A_mark_posted_by_the_teacher_mails_the_consenting_parent_exactly_once()
    {
        using var app = App();
        var n = await SchoolAsync(app, more: (b, _) => b.WorkTypeAsync("Контрольная работа", 2m, isControl: true));

        var posted = await PostMarkAsync(app, n, "5", "Контрольная работа");
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        await app.RunOutboxAsync();
        await app.RunOutboxAsync();

        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.Equal("Дневник: новая оценка", mail.Subject);
        Assert.StartsWith("Орлов А.: оценка 5 по предмету «Математика» (контрольная работа) за 20.11\n", Text(mail));
        Assert.Equal("dnevnik@school.test", mail.From.Mailboxes.Single().Address);
        // The parent's default is e-mail only: no SMS row, the one e-mail row sent.
        var row = Assert.Single(await app.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationChannel.Email, NotificationStatus.Sent, NotificationKind.Mark, 1),
            (row.Channel, row.Status, row.Kind, row.Attempts));
        Assert.Equal(n.S.Orlov.Id, row.StudentId);
        Assert.Empty(MailTo(n.Email).Skip(1));
    }

    [Fact]
    public async Task Without_consent_nothing_is_planned_or_sent()
    {
        using var app = App();
        var n = await SchoolAsync(app, consent: null);

        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));
        Assert.Empty(MailTo(n.Email));
    }

    [Fact]
    public async Task A_refusal_registered_after_the_consent_stops_everything()
    {
        using var app = App();
        var n = await SchoolAsync(app);
        await app.SeedAsync(async b =>
        {
            b.Db.PersonalDataConsents.Add(Consent(n.S.School.Id, n.Parent.Id, false, ConsentScope.Email | ConsentScope.Phone));
            return await b.Db.SaveChangesAsync();
        });

        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));
        Assert.Empty(MailTo(n.Email));
    }

    [Fact]
    public async Task A_refusal_registered_before_sending_skips_what_was_planned()
    {
        using var app = App();
        var n = await SchoolAsync(app, preference: new NotificationPreference { Mode = DeliveryMode.DailyDigest });
        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();
        Assert.Equal(NotificationStatus.AwaitingDigest, Assert.Single(await app.NotificationsAsync(n.Parent.Id)).Status);

        await app.SeedAsync(async b =>
        {
            b.Db.PersonalDataConsents.Add(Consent(n.S.School.Id, n.Parent.Id, false, ConsentScope.Email));
            return await b.Db.SaveChangesAsync();
        });
        app.Time.Now = new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();

        var digest = (await app.NotificationsAsync(n.Parent.Id)).Single(x => x.Kind == NotificationKind.Digest);
        Assert.Equal(NotificationStatus.Skipped, digest.Status);
        Assert.Empty(MailTo(n.Email));
    }

    [Fact]
    public async Task Consent_for_the_phone_only_sends_the_SMS_and_no_mail()
    {
        using var app = App();
        var n = await SchoolAsync(app, ConsentScope.Phone, new NotificationPreference { Channels = DeliveryChannels.Both });

        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        var sms = Assert.Single(await app.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationChannel.Sms, NotificationStatus.Sent), (sms.Channel, sms.Status));
        Assert.Equal("Орлов А.: оценка 5 по предмету «Математика» (ответ на уроке) за 20.11", sms.Body);
        Assert.Empty(MailTo(n.Email));
    }

    [Theory]
    [InlineData(DeliveryChannels.None, NotificationKinds.All, 0, 0)]
    [InlineData(DeliveryChannels.Sms, NotificationKinds.All, 0, 1)]
    [InlineData(DeliveryChannels.Both, NotificationKinds.All, 1, 1)]
    [InlineData(DeliveryChannels.Both, NotificationKinds.Absence | NotificationKinds.Homework, 0, 0)]
    public async Task The_parent_s_preference_decides_the_channels_and_kinds(DeliveryChannels channels, NotificationKinds kinds, int mails, int sms)
    {
        using var app = App();
        var n = await SchoolAsync(app, preference: new NotificationPreference { Channels = channels, Kinds = kinds });

        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        var rows = await app.NotificationsAsync(n.Parent.Id);
        Assert.Equal(mails, rows.Count(r => r.Channel == NotificationChannel.Email && r.Status == NotificationStatus.Sent));
        Assert.Equal(sms, rows.Count(r => r.Channel == NotificationChannel.Sms && r.Status == NotificationStatus.Sent));
        Assert.Equal(mails + sms, rows.Count);
        Assert.Equal(mails, (await MailToAsync(n.Email, mails)).Count);
    }

    [Fact]
    public async Task The_SMS_goes_to_the_gateway_with_its_key_and_template()
    {
        await using var gateway = new SmsGatewayStub();
        using var app = App(s =>
        {
            s["Notifications:Sms:Url"] = gateway.Url;
            s["Notifications:Sms:Key"] = "key-7f3a";
            s["Notifications:Sms:Template"] = "Школа № 1. {text}";
        });
        var n = await SchoolAsync(app, preference: new NotificationPreference { Channels = DeliveryChannels.Sms });

        (await PostMarkAsync(app, n, "4")).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        var request = Assert.Single(gateway.Requests);
        Assert.Equal("key-7f3a", request.Key);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(n.Phone, body.GetProperty("to").GetString());
        Assert.Equal("Школа № 1. Орлов А.: оценка 4 по предмету «Математика» (ответ на уроке) за 20.11", body.GetProperty("text").GetString());
        Assert.Equal(NotificationStatus.Sent, Assert.Single(await app.NotificationsAsync(n.Parent.Id)).Status);
    }

    [Fact]
    public async Task In_quiet_hours_the_SMS_waits_for_the_morning_and_the_mail_goes_at_once()
    {
        await using var gateway = new SmsGatewayStub();
        using var app = App(s => s["Notifications:Sms:Url"] = gateway.Url);
        var n = await SchoolAsync(app, preference: new NotificationPreference { Channels = DeliveryChannels.Both });
        app.Time.Now = new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.FromHours(3));

        (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        Assert.Single(await MailToAsync(n.Email, 1));
        Assert.Empty(gateway.Requests);
        var sms = (await app.NotificationsAsync(n.Parent.Id)).Single(r => r.Channel == NotificationChannel.Sms);
        Assert.Equal(NotificationStatus.Pending, sms.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(3)).ToUnixTimeMilliseconds(), sms.DueAtMs);

        app.Time.Now = new DateTimeOffset(2026, 11, 24, 7, 59, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();
        Assert.Empty(gateway.Requests);

        app.Time.Now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();
        Assert.Single(gateway.Requests);
        Assert.Single(MailTo(n.Email));
    }

    [Fact]
    public async Task The_daily_digest_gathers_the_day_into_one_mail_at_its_hour()
    {
        using var app = App();
        var n = await SchoolAsync(app, preference: new NotificationPreference { Mode = DeliveryMode.DailyDigest, DigestAt = new TimeOnly(19, 0) });

        (await PostMarkAsync(app, n, "5")).EnsureSuccessStatusCode();
        var russian = await app.ApiClientAsync("kozlov");
        (await russian.PostAsJsonAsync($"/api/v1/lessons/{n.S.RussianLesson.Id}/marks", new { studentId = n.S.Orlov.Id, value = "4" }))
            .EnsureSuccessStatusCode();
        var math = await app.ApiClientAsync("smirnova");
        (await math.PostAsJsonAsync($"/api/v1/students/{n.S.Orlov.Id}/messages",
            new { text = "Артём молодец, решил все задачи.", groupId = n.S.Math.Id, toParents = true })).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        Assert.Empty(MailTo(n.Email));
        var items = await app.NotificationsAsync(n.Parent.Id);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(NotificationStatus.AwaitingDigest, i.Status));

        app.Time.Now = new DateTimeOffset(2026, 11, 23, 18, 59, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();
        Assert.Empty(MailTo(n.Email));

        app.Time.Now = new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.FromHours(3));
        await app.RunOutboxAsync();
        await app.RunOutboxAsync();

        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.Equal("Дневник: сводка за 23.11.2026", mail.Subject);
        Assert.Equal("""
            Сводка электронного дневника за 23.11.2026

            Орлов А.
              Оценки:
                — оценка 5 по предмету «Математика» (ответ на уроке) за 20.11
                — оценка 4 по предмету «Русский язык» (ответ на уроке) за 20.11
              Сообщения учителей:
                — сообщение учителя (Математика): Артём молодец, решил все задачи.

            Подробнее — в электронном дневнике.
            Как и о чём сообщать, выбирается в дневнике, раздел «Уведомления».
            """, Text(mail).TrimEnd('\n'));
        var rows = await app.NotificationsAsync(n.Parent.Id);
        var digest = Assert.Single(rows, r => r.Kind == NotificationKind.Digest);
        Assert.Equal(NotificationStatus.Sent, digest.Status);
        Assert.All(rows.Where(r => r.Kind != NotificationKind.Digest),
            r => Assert.Equal((NotificationStatus.Digested, digest.Id), (r.Status, r.DigestId)));
    }

    [Fact]
    public async Task A_message_to_the_student_only_tells_no_parent()
    {
        using var app = App();
        var n = await SchoolAsync(app);
        var math = await app.ApiClientAsync("smirnova");
        (await math.PostAsJsonAsync($"/api/v1/students/{n.S.Orlov.Id}/messages",
            new { text = "Принеси, пожалуйста, тетрадь.", toParents = false, toStudent = true })).EnsureSuccessStatusCode();
        await app.RunOutboxAsync();

        Assert.Empty(await app.NotificationsAsync(n.Parent.Id));
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_send_every_mail_exactly_once()
    {
        using var first = App();
        var addresses = new List<string>();
        Lesson? lesson2 = null;
        var n = await SchoolAsync(first, more: async (b, school) =>
        {
            for (var i = 0; i < 4; i++)
            {
                var email = $"parent{i}-{Guid.NewGuid():N}@notify.test";
                var p = await b.ParentAsync("Орлов", $"Родитель{i}", null, school.S.Orlov);
                p.Email = email;
                b.Db.PersonalDataConsents.Add(Consent(school.S.School.Id, p.Id, true, ConsentScope.Email));
                await b.Db.SaveChangesAsync();
                addresses.Add(email);
            }
            lesson2 = await b.LessonAsync(school.S.Math, new DateOnly(2026, 11, 19), 2, school.S.Teacher);
        });
        var teacher = await first.ApiClientAsync("smirnova");
        (await teacher.PostAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}/marks", new { studentId = n.S.Orlov.Id, value = "5" }))
            .EnsureSuccessStatusCode();
        (await teacher.PostAsJsonAsync($"/api/v1/lessons/{lesson2!.Id}/marks", new { studentId = n.S.Orlov.Id, value = "3" }))
            .EnsureSuccessStatusCode();
        var other = await first.ApiClientAsync("kozlov");
        (await other.PostAsJsonAsync($"/api/v1/lessons/{n.S.RussianLesson.Id}/marks", new { studentId = n.S.Orlov.Id, value = "4" }))
            .EnsureSuccessStatusCode();

        using var second = SecondNode(first);
        _ = second.Server;
        for (var round = 0; round < 4; round++)
            await Task.WhenAll(first.RunOutboxAsync(), second.RunOutboxAsync(), first.RunOutboxAsync(), second.RunOutboxAsync());

        foreach (var address in addresses.Append(n.Email))
        {
            var mail = await MailToAsync(address, 3);
            Assert.Equal(3, mail.Count);
            Assert.Equal(3, mail.Select(m => m.Headers["X-SchoolJournal-Notification"]).Distinct().Count());
            Assert.Equal(new[] { "оценка 3", "оценка 4", "оценка 5" }, mail.Select(m => Text(m)[10..18]).Order().ToArray());
        }
        var rows = await first.QueryAsync(db => db.Notifications.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.Equal((NotificationStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task Forty_letters_sent_in_one_pass_are_recorded_sent_in_two_writes_each_with_its_time()
    {
        using var app = App();
        var n = await SchoolAsync(app);
        for (var i = 0; i < 40; i++) (await PostMarkAsync(app, n, (2 + i % 4).ToString())).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<OutboxWorker>().ProcessEventsAsync();
        Assert.Equal(40, (await app.NotificationsAsync(n.Parent.Id)).Count);
        using var counter = new CommandCounter(app.DatabaseName);

        await app.RunOutboxAsync();

        Assert.Equal(40, (await MailToAsync(n.Email, 40)).Count);
        var rows = await app.NotificationsAsync(n.Parent.Id);
        Assert.All(rows, r => Assert.Equal((NotificationStatus.Sent, 1, (string?)null), (r.Status, r.Attempts, r.LockedBy)));
        Assert.All(rows, r => Assert.Equal(app.Time.GetUtcNow().ToUnixTimeMilliseconds(), r.SentAtMs));
        // SQLite has one writer: the letters' "sent" is one write for each 32 of them, not one for each letter.
        var recorded = counter.Commands.Where(c => c.StartsWith("UPDATE \"Notifications\"", StringComparison.Ordinal)
            && c.Contains("\"SentAtMs\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, recorded.Count);
    }

    [Fact]
    public async Task A_broken_SMTP_server_keeps_the_mail_waiting_and_another_node_sends_it_later()
    {
        using var broken = App(s => s["Notifications:Smtp:Port"] = FreePort().ToString());
        var n = await SchoolAsync(broken);

        var posted = await PostMarkAsync(broken, n);
        Assert.Equal(System.Net.HttpStatusCode.Created, posted.StatusCode);
        await broken.RunOutboxAsync();

        var waiting = Assert.Single(await broken.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.StartsWith("SMTP", waiting.LastError);
        Assert.DoesNotContain("@", waiting.LastError);
        Assert.Equal(broken.Time.Now.AddMinutes(1).ToUnixTimeMilliseconds(), waiting.DueAtMs);
        Assert.Empty(MailTo(n.Email));

        using var good = SecondNode(broken);
        _ = good.Server;
        await good.RunOutboxAsync();
        Assert.Empty(MailTo(n.Email));

        good.Time.Now = broken.Time.Now.AddMinutes(1);
        await good.RunOutboxAsync();
        var mail = Assert.Single(await MailToAsync(n.Email, 1));
        Assert.StartsWith("Орлов А.: оценка 5", Text(mail));
        var sent = Assert.Single(await good.NotificationsAsync(n.Parent.Id));
        Assert.Equal((NotificationStatus.Sent, 2), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Without_an_SMTP_host_the_mail_is_written_to_the_drop_folder()
    {
        var drop = Path.Combine(Path.GetTempPath(), "sj-drop-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var app = App(s =>
            {
                s["Notifications:Smtp:Host"] = "";
                s["Notifications:MailDropPath"] = drop;
            });
            var n = await SchoolAsync(app);

            (await PostMarkAsync(app, n)).EnsureSuccessStatusCode();
            await app.RunOutboxAsync();

            var file = Assert.Single(Directory.GetFiles(drop, "*.eml"));
            var mail = await MimeKit.MimeMessage.LoadAsync(file);
            Assert.Equal(n.Email, mail.To.Mailboxes.Single().Address);
            Assert.Equal("Дневник: новая оценка", mail.Subject);
            Assert.StartsWith("Орлов А.: оценка 5 по предмету «Математика» (ответ на уроке) за 20.11", Text(mail));
            Assert.Equal(NotificationStatus.Sent, Assert.Single(await app.NotificationsAsync(n.Parent.Id)).Status);
            Assert.Empty(MailTo(n.Email));
        }
        finally
        {
            if (Directory.Exists(drop)) Directory.Delete(drop, recursive: true);
        }
    }
}
