using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Notifications;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// A nightly backup that failed is told to the administrator, not only to the log: the failure is kept in a file next to the
/// integrity result (<c>data/verify/backup-failed.json</c>) for /Admin/Backups, and every system administrator with an e-mail
/// address gets a letter (through the school's mail, as notifications go). The next backup that succeeds clears it.
/// </summary>
public sealed class BackupAlert(ArchiveSettings settings, JournalDbContext db, IMailTransport mail, IOptions<NotificationOptions> options,
    TimeProvider time, ILogger<BackupAlert> log)
{
    public sealed record Failure(DateTimeOffset At, string Error, int Notified);

    private string FilePath => Path.Combine(Path.GetDirectoryName(settings.ResultFile)!, "backup-failed.json");

    public async Task<Failure> ReportAsync(string error, CancellationToken ct)
    {
        var emails = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            join u in db.Users on ur.UserId equals u.Id
                            where r.Name == Roles.SysAdmin && u.Email != null && u.Email != ""
                            orderby u.Email
                            select u.Email!).Distinct().ToListAsync(ct);
        var at = time.GetUtcNow();
        var sent = 0;
        foreach (var email in emails)
        {
            var message = new MimeMessage { Subject = "Ночная резервная копия не создана" };
            message.From.Add(MailboxAddress.Parse(options.Value.Smtp.From));
            message.To.Add(MailboxAddress.Parse(email));
            message.Body = new TextPart("plain")
            {
                Text = $"Ночная резервная копия электронного журнала ({at:yyyy-MM-dd HH:mm} UTC) не создана: {error}\n\n" +
                    "Проверьте каталог копий (свободное место, подключён ли носитель) и создайте копию на странице «Резервные копии».",
            };
            try
            {
                await mail.SendAsync(message, ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Письмо о неудачной резервной копии не отправлено");
            }
        }
        var failure = new Failure(at, error, sent);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, JsonSerializer.Serialize(failure, BackupManifest.Json), ct);
        return failure;
    }

    public Failure? Last()
    {
        if (!File.Exists(FilePath)) return null;
        try
        {
            return JsonSerializer.Deserialize<Failure>(File.ReadAllText(FilePath), BackupManifest.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Clear()
    {
        if (File.Exists(FilePath)) File.Delete(FilePath);
    }
}
