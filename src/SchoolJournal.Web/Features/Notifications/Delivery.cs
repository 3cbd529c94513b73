using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>The Notifications section of the configuration (the administrator's guide lists every key).</summary>
public sealed class NotificationOptions
{
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>Where mail goes as .eml files when no SMTP host is set; default data/outbox-mail under the content root.</summary>
    public string? MailDropPath { get; set; }
    public SmsOptions Sms { get; set; } = new();
    /// <summary>How long a node holds the notifications it claimed; a node that dies gives them back after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 100;

    public sealed class SmtpOptions
    {
        /// <summary>Empty: no SMTP, mail is written to <see cref="MailDropPath"/>.</summary>
        public string? Host { get; set; }
        public int Port { get; set; } = 25;
        public string From { get; set; } = "Электронный дневник <noreply@localhost>";
        public string? User { get; set; }
        public string? Password { get; set; }
        /// <summary>None, StartTls or SslOnConnect.</summary>
        public string Security { get; set; } = "None";
        public int TimeoutSeconds { get; set; } = 20;
    }

    public sealed class SmsOptions
    {
        /// <summary>The gateway's URL; empty: SMS are only logged (id and length).</summary>
        public string? Url { get; set; }
        public string? Key { get; set; }
        /// <summary>The header that carries <see cref="Key"/>; empty: the key goes in the JSON body as "key".</summary>
        public string? KeyHeader { get; set; } = "X-Api-Key";
        /// <summary>The message sent; {text} is the notification's text.</summary>
        public string Template { get; set; } = "{text}";
        public int TimeoutSeconds { get; set; } = 20;
    }
}

/// <summary>Delivers one e-mail; throws when it could not.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Delivers one SMS; throws when it could not.</summary>
public interface ISmsGateway
{
    Task SendAsync(long notificationId, string phone, string text, CancellationToken ct);
}

/// <summary>A failure whose description carries no personal data (it is stored in Notification.LastError).</summary>
public sealed class DeliveryException(string safeMessage, Exception? inner = null) : Exception(safeMessage, inner);

/// <summary>
/// SMTP through MailKit. One connection serves a sender pass (the transport is scoped); a failed connection is dropped
/// so the next message reconnects.
/// </summary>
public sealed class SmtpMailTransport(IOptions<NotificationOptions> options) : IMailTransport, IAsyncDisposable
{
    private readonly SmtpClient _client = new();

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        try
        {
            if (!_client.IsConnected)
            {
                _client.Timeout = smtp.TimeoutSeconds * 1000;
                var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.None;
                await _client.ConnectAsync(smtp.Host ?? "", smtp.Port, security, ct);
                if (!string.IsNullOrEmpty(smtp.User)) await _client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            }
            await _client.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await DropAsync();
            throw new DeliveryException(Describe(ex), ex);
        }
    }

    /// <summary>What went wrong without the addresses an SMTP reply may quote.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException c => $"SMTP: сервер отказал ({(int)c.StatusCode}, {c.ErrorCode})",
        SmtpProtocolException => "SMTP: ошибка протокола",
        AuthenticationException => "SMTP: неверный логин или пароль",
        System.Net.Sockets.SocketException s => $"SMTP: сервер недоступен ({s.SocketErrorCode})",
        SslHandshakeException => "SMTP: ошибка TLS",
        TimeoutException => "SMTP: истекло время ожидания",
        IOException => "SMTP: соединение прервано",
        _ => $"SMTP: {ex.GetType().Name}",
    };

    private async Task DropAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(true);
        }
        catch (Exception)
        {
            // The connection is already broken; the next message opens a new one.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _client.Dispose();
    }
}

/// <summary>No SMTP configured: every message is written as an .eml file (ARCHITECTURE: data/outbox-mail/).</summary>
public sealed class DropFolderMailTransport(IOptions<NotificationOptions> options, IWebHostEnvironment env) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var folder = Folder(options.Value, env);
        Directory.CreateDirectory(folder);
        var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        var temp = Path.Combine(folder, name + ".tmp");
        await message.WriteToAsync(temp, ct);
        File.Move(temp, Path.Combine(folder, name));
    }

    public static string Folder(NotificationOptions options, IWebHostEnvironment env) =>
        Path.GetFullPath(options.MailDropPath is { Length: > 0 } path ? path : Path.Combine(env.ContentRootPath, "data", "outbox-mail"));
}

/// <summary>An HTTP SMS gateway: POST JSON {"to", "text"} with the key in a header (or in the body as "key").</summary>
public sealed class HttpSmsGateway(HttpClient http, IOptions<NotificationOptions> options) : ISmsGateway
{
    public async Task SendAsync(long notificationId, string phone, string text, CancellationToken ct)
    {
        var sms = options.Value.Sms;
        var message = sms.Template.Replace("{text}", text, StringComparison.Ordinal);
        var body = new Dictionary<string, string> { ["to"] = phone, ["text"] = message,
            ["id"] = notificationId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url);
        if (!string.IsNullOrEmpty(sms.Key))
        {
            if (string.IsNullOrEmpty(sms.KeyHeader)) body["key"] = sms.Key;
            else request.Headers.TryAddWithoutValidation(sms.KeyHeader, sms.Key);
        }
        request.Content = JsonContent.Create(body);
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(sms.TimeoutSeconds));
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryException(ex is TaskCanceledException ? "СМС-шлюз: истекло время ожидания" : "СМС-шлюз недоступен", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw new DeliveryException($"СМС-шлюз ответил {(int)response.StatusCode}");
        }
    }
}

/// <summary>No gateway configured: the SMS is only logged, by id and length (no phone, no text).</summary>
public sealed class LoggingSmsGateway(ILogger<LoggingSmsGateway> log) : ISmsGateway
{
    public Task SendAsync(long notificationId, string phone, string text, CancellationToken ct)
    {
        log.LogInformation("SMS notification {NotificationId} of {Length} characters (no gateway configured)", notificationId, text.Length);
        return Task.CompletedTask;
    }
}
