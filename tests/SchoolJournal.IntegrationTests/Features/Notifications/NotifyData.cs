using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.IntegrationTests.Features.Notifications;

/// <summary>
/// The journal's small school (<see cref="JournalSchool"/>) with a parent of Орлов Артём who has an e-mail and a phone
/// of his own for this test (mail is found in the shared Maildir by that address), and the consent given.
/// </summary>
public sealed record NotifySchool(JournalSchool S, Parent Parent, string Email, string Phone);

public static class Notify
{
    /// <summary>The test SMTP server (aiosmtpd writing a Maildir): SJ_TEST_SMTP, default 127.0.0.1:2525.</summary>
    public static (string Host, int Port) Smtp
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("SJ_TEST_SMTP") is { Length: > 0 } v ? v : "127.0.0.1:2525";
            var colon = value.LastIndexOf(':');
            return colon < 0 ? (value, 25) : (value[..colon], int.Parse(value[(colon + 1)..]));
        }
    }

    public static string MailDir => Environment.GetEnvironmentVariable("SJ_TEST_MAILDIR") is { Length: > 0 } v ? v : "/tmp/sj-maildir";

    /// <summary>An app that sends mail to the test SMTP server.</summary>
    public static JournalApp App(Action<Dictionary<string, string?>>? settings = null)
    {
        var app = new JournalApp();
        app.Settings["Notifications:Smtp:Host"] = Smtp.Host;
        app.Settings["Notifications:Smtp:Port"] = Smtp.Port.ToString();
        app.Settings["Notifications:Smtp:From"] = "Дневник <dnevnik@school.test>";
        settings?.Invoke(app.Settings);
        return app;
    }

    /// <summary>A second node of <paramref name="first"/>: another app host on the same database.</summary>
    public static JournalApp SecondNode(JournalApp first, Action<Dictionary<string, string?>>? settings = null)
    {
        var app = App(settings);
        if (JournalApp.OnPostgres)
            app.Settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(JournalApp.PostgresServer) {
                Database = first.DatabaseName }.ConnectionString;
        else
            app.Settings[
                "ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(Path.GetTempPath(), first.DatabaseName + ".db")};Foreign Keys=True";
        app.Time.Now = first.Time.Now;
        return app;
    }

    public static async Task<NotifySchool> SchoolAsync(JournalApp app, ConsentScope? consent = ConsentScope.Email | ConsentScope.Phone,
        NotificationPreference? preference = null, Func<SchoolBuilder, NotifySchool, Task>? more = null) =>
        await app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            var tag = Guid.NewGuid().ToString("N")[..12];
            var email = $"parent-{tag}@notify.test";
            var phone = "+7 900 " + Random.Shared.Next(100, 999) + "-12-67";
            var parent = await b.ParentAsync("Орлова", "Мария", "orlova", s.Orlov);
            parent.Email = email;
            parent.Phone = phone;
            if (consent is { } scope) b.Db.PersonalDataConsents.Add(Consent(s.School.Id, parent.Id, true, scope));
            if (preference is not null)
            {
                preference.SchoolId = s.School.Id;
                preference.ParentId = parent.Id;
                b.Db.NotificationPreferences.Add(preference);
            }
            await b.Db.SaveChangesAsync();
            var school = new NotifySchool(s, parent, email, phone);
            if (more is not null) await more(b, school);
            return school;
        });

    public static PersonalDataConsent Consent(int schoolId, int parentId, bool given, ConsentScope scope) => new()
    {
        SchoolId = schoolId, ParentId = parentId, Given = given, Scope = scope, Date = new DateOnly(2026, 9, 1),
        Document = "заявление № 1", RecordedAt = DateTimeOffset.UtcNow, RecordedByName = "Козлова И. П.",
    };

    /// <summary>The teacher Смирнова puts a mark over HTTP, as in the journal.</summary>
    public static async Task<HttpResponseMessage> PostMarkAsync(JournalApp app, NotifySchool n, string value = "5", string? workType = null)
    {
        var teacher = await app.ApiClientAsync("smirnova");
        return await teacher.PostAsJsonAsync($"/api/v1/lessons/{n.S.MathLesson.Id}/marks", new { studentId = n.S.Orlov.Id, value, workType });
    }

    public static async Task RunOutboxAsync(this JournalApp app) => await app.Services.GetRequiredService<OutboxWorker>().RunOnceAsync();

    public static Task<List<Notification>> NotificationsAsync(this JournalApp app, int parentId) =>
        app.QueryAsync(db => db.Notifications.IgnoreQueryFilters()
            .AsNoTracking().Where(x => x.ParentId == parentId).OrderBy(x => x.Id).ToListAsync());

    /// <summary>The messages in the Maildir addressed to <paramref name="to"/>.</summary>
    public static List<MimeMessage> MailTo(string to)
    {
        var folder = Path.Combine(MailDir, "new");
        if (!Directory.Exists(folder)) return [];
        var found = new List<MimeMessage>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            string raw;
            try
            {
                raw = File.ReadAllText(file, Encoding.UTF8);
            }
            catch (IOException)
            {
                continue; // another run's file moved away meanwhile
            }
            if (!raw.Contains(to, StringComparison.OrdinalIgnoreCase)) continue;
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
            var message = MimeMessage.Load(stream);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase))) found.Add(message);
        }
        return found;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> messages to <paramref name="to"/> are in the Maildir; returns what is there.</summary>
    public static async Task<List<MimeMessage>> MailToAsync(string to, int count)
    {
        var mail = MailTo(to);
        for (var i = 0; i < 50 && mail.Count < count; i++)
        {
            await Task.Delay(100);
            mail = MailTo(to);
        }
        return mail;
    }

    /// <summary>A port nobody listens on.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>The SMS gateway of the tests: an HTTP server on a free port that records what it is sent.</summary>
public sealed class SmsGatewayStub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<(string Body, string? Key)> _requests = [];

    public SmsGatewayStub()
    {
        Url = $"http://127.0.0.1:{Notify.FreePort()}/sms/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<(string Body, string? Key)> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync();
                lock (_requests) _requests.Add((body, context.Request.Headers["X-Api-Key"]));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
