using Microsoft.Extensions.Options;
using MimeKit;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Outbox;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// Sends what is due (R-DIARY-3). First the daily digests whose hour came: each parent's waiting items become one
/// digest per channel. Then the due notifications, claimed with a lease in one UPDATE (as the outbox's events are), so
/// two nodes never send the same one. The consent is checked again at sending: a refusal registered since means
/// Skipped. A failure waits and is retried (1, 5, 15, 60 minutes…) and is given up after
/// <see cref="NotificationSchedule.MaxAttempts"/> attempts.
/// </summary>
public sealed class NotificationSender(JournalDbContext db, TimeProvider time, IMailTransport mail, ISmsGateway sms,
    IOptions<NotificationOptions> options, ILogger<NotificationSender> log, WeeklyDigest weekly) : INotificationSender
{
    private readonly string _node = (Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName) + ":";

    public async Task SendDueAsync(CancellationToken ct)
    {
        await weekly.PlanDueAsync(ct);
        while (await BuildDigestsAsync(ct) > 0) { }
        while (await SendBatchAsync(ct) > 0) { }
    }

    /// <summary>
    /// Claims due rows of a status that no live lease holds; returns the claim and what it got: null when there were
    /// candidates but another node took them all (the caller looks again).
    /// </summary>
    private async Task<(string Claim, List<Notification>? Rows)> ClaimAsync(NotificationStatus status, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claim = _node + Guid.NewGuid().ToString("N");
        var until = now + (long)options.Value.Lease.TotalMilliseconds;
        var candidates = await db.Notifications.IgnoreQueryFilters()
            .Where(n => n.Status == status && n.DueAtMs <= now && (n.LockedUntilMs == null || n.LockedUntilMs < now))
            .OrderBy(n => n.Id).Select(n => n.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return (claim, []);
        await db.Notifications.IgnoreQueryFilters()
            .Where(n => candidates.Contains(n.Id) && n.Status == status && n.DueAtMs <= now && (n.LockedUntilMs == null || n.LockedUntilMs < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LockedUntilMs, until).SetProperty(n => n.LockedBy, claim), ct);
        var rows = await db.Notifications.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.LockedBy == claim && n.Status == status).OrderBy(n => n.Id).ToListAsync(ct);
        return (claim, rows.Count == 0 ? null : rows);
    }

    /// <summary>One batch of digests; returns how many items it gathered (or found taken by another node).</summary>
    private async Task<int> BuildDigestsAsync(CancellationToken ct)
    {
        var (claim, items) = await ClaimAsync(NotificationStatus.AwaitingDigest, ct);
        if (items is null) return 1;
        if (items.Count == 0) return 0;
        var now = time.GetUtcNow();
        var studentIds = items.Where(i => i.StudentId != null).Select(i => i.StudentId!.Value).Distinct().ToList();
        var names = await db.Students.IgnoreQueryFilters().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName })
            .ToDictionaryAsync(s => s.Id, s => NotificationTexts.StudentShortName(s.LastName, s.FirstName), ct);
        var parentIds = items.Select(i => i.ParentId).Distinct().ToList();
        var preferences = await db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking()
            .Where(p => parentIds.Contains(p.ParentId)).ToDictionaryAsync(p => p.ParentId, ct);
        var zones = new Dictionary<int, TimeZoneInfo>();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var digests = new List<(Notification Digest, List<long> Items)>();
        foreach (var group in items.GroupBy(i => (i.SchoolId, i.ParentId, i.Channel)))
        {
            if (!zones.TryGetValue(group.Key.SchoolId, out var zone))
                zones[group.Key.SchoolId] = zone = TimeZoneInfo.FindSystemTimeZoneById(
                    await db.Schools.Where(s => s.Id == group.Key.SchoolId).Select(s => s.TimeZone).FirstAsync(ct));
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var lines = group.OrderBy(i => i.Id).Select(i =>
            {
                var student = i.StudentId is int s && names.TryGetValue(s, out var n) ? n : "";
                var line = student.Length > 0
                    && i.Body.StartsWith(student + ": ", StringComparison.Ordinal) ? i.Body[(student.Length + 2)..] : i.Body;
                return (student, i.Kind, line);
            }).ToList();
            var pref = preferences.GetValueOrDefault(group.Key.ParentId) ?? NotificationPreference.Default(group.Key.SchoolId, group.Key.ParentId);
            var due = group.Key.Channel == NotificationChannel.Sms ? NotificationSchedule.SmsDue(now, zone, pref.QuietFrom, pref.QuietTo) : now;
            var digest = new Notification
            {
                SchoolId = group.Key.SchoolId, ParentId = group.Key.ParentId, Kind = NotificationKind.Digest, Channel = group.Key.Channel,
                Status = NotificationStatus.Pending, Subject = NotificationTexts.DigestSubject(date),
                Body = group.Key.Channel == NotificationChannel.Sms ? NotificationTexts.DigestSms(date, lines)
                    : NotificationTexts.DigestBody(date, lines),
                CreatedAt = now, DueAtMs = due.ToUnixTimeMilliseconds(),
            };
            db.Notifications.Add(digest);
            digests.Add((digest, group.Select(i => i.Id).ToList()));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (digest, ids) in digests)
            await db.Notifications.IgnoreQueryFilters().Where(n => ids.Contains(n.Id) && n.LockedBy == claim)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Digested).SetProperty(n => n.DigestId, digest.Id)
                    .SetProperty(n => n.LockedBy, (string?)null).SetProperty(n => n.LockedUntilMs, (long?)null), ct);
        await tx.CommitAsync(ct);
        return items.Count;
    }

    /// <summary>Sends one batch of due notifications; returns how many it handled (or found taken by another node).</summary>
    private async Task<int> SendBatchAsync(CancellationToken ct)
    {
        var (claim, rows) = await ClaimAsync(NotificationStatus.Pending, ct);
        if (rows is null) return 1;
        if (rows.Count == 0) return 0;
        var parentIds = rows.Select(r => r.ParentId).Distinct().ToList();
        var parents = await db.Parents.IgnoreQueryFilters().Where(p => parentIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Email, p.Phone }).ToDictionaryAsync(p => p.Id, ct);
        var consents = await NotificationPlanner.LatestConsentsAsync(db, parentIds, ct);
        var sent = new List<long>();
        try
        {
            foreach (var n in rows)
            {
                var parent = parents.GetValueOrDefault(n.ParentId);
                if (parent is null || !NotificationPlanner.MayDeliver(consents.GetValueOrDefault(n.ParentId), n.Channel, parent.Email, parent.Phone))
                {
                    await SkipAsync(n, claim, "Нет согласия на обработку персональных данных или нет адреса", ct);
                    continue;
                }
                // A batch can outlast its lease (a slow SMTP server): a row past half its lease is renewed before it is sent, so a row
                // whose lease ran out and that another node took is not sent by both (issue 16). A row with more than half of it left
                // cannot have been taken (another node takes only rows whose lease has ended; the nodes' clocks differ by far less),
                // and is sent without the extra write, which on SQLite queued behind teachers' marks for every letter. The rows sent
                // before it are recorded first, while this node still holds them.
                if (!LeaseHalfLeft(n))
                {
                    await RecordSentAsync(sent, claim, ct);
                    if (!await RenewAsync(n, claim, ct)) continue;
                }
                try
                {
                    if (n.Channel == NotificationChannel.Email) await mail.SendAsync(Message(n, parent.Email!), ct);
                    else await sms.SendAsync(n.Id, parent.Phone!, n.Body, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    await FailAsync(n, claim, ex is DeliveryException ? ex.Message : $"Ошибка отправки: {ex.GetType().Name}", ct);
                    continue;
                }
                sent.Add(n.Id);
                if (sent.Count >= SentPerWrite) await RecordSentAsync(sent, claim, ct);
            }
        }
        finally
        {
            // What went out is recorded even when the node is stopping mid-batch: a row left claimed is sent again after its lease.
            await RecordSentAsync(sent, claim, CancellationToken.None);
        }
        return rows.Count;
    }

    /// <summary>
    /// Rows sent are marked Sent together, this many to one UPDATE: on SQLite each write queues for the one writer, and a write per
    /// letter — two or three letters a mark — took about a seventh of the writer's time at 250 marks a second and made teachers'
    /// marks wait behind it (issue 16). A node killed between a send and this write sends those letters again after the lease,
    /// with the same Message-Id (the mail program shows one), as it did for the one letter in flight before.
    /// </summary>
    public const int SentPerWrite = 32;

    private async Task RecordSentAsync(List<long> sent, string claim, CancellationToken ct)
    {
        if (sent.Count == 0) return;
        var ids = sent.ToList();
        sent.Clear();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.Notifications.IgnoreQueryFilters().Where(x => ids.Contains(x.Id) && x.LockedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, NotificationStatus.Sent).SetProperty(x => x.SentAtMs, now)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntilMs, (long?)null), ct);
    }

    private MimeMessage Message(Notification n, string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.Smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = n.Subject;
        // One notification, one Message-Id: a receiving server can tell a repeat from a new letter.
        message.MessageId = $"notification-{n.SchoolId}-{n.Id}@schooljournal";
        message.Headers.Add("X-SchoolJournal-Notification", n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Date = time.GetUtcNow();
        var digest = n.Kind is NotificationKind.Digest or NotificationKind.WeeklyDigest;
        message.Body = new TextPart("plain") { Text = digest ? n.Body : NotificationTexts.EmailBody(n.Body) };
        return message;
    }

    private bool LeaseHalfLeft(Notification n) =>
        n.LockedUntilMs - time.GetUtcNow().ToUnixTimeMilliseconds() > (long)options.Value.Lease.TotalMilliseconds / 2;

    private async Task<bool> RenewAsync(Notification n, string claim, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)options.Value.Lease.TotalMilliseconds;
        return await db.Notifications.IgnoreQueryFilters().Where(x => x.Id == n.Id && x.LockedBy == claim && x.LockedUntilMs >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockedUntilMs, until), ct) == 1;
    }

    private Task SkipAsync(Notification n, string claim, string reason, CancellationToken ct) =>
        db.Notifications.IgnoreQueryFilters().Where(x => x.Id == n.Id && x.LockedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, NotificationStatus.Skipped).SetProperty(x => x.LastError, reason)
                .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntilMs, (long?)null), ct);

    private async Task FailAsync(Notification n, string claim, string error, CancellationToken ct)
    {
        var attempts = n.Attempts + 1;
        var failed = attempts >= NotificationSchedule.MaxAttempts;
        var due = time.GetUtcNow().Add(NotificationSchedule.RetryDelay(attempts)).ToUnixTimeMilliseconds();
        log.LogWarning("Notification {NotificationId} ({Channel}) attempt {Attempts} failed: {Error}", n.Id, n.Channel, attempts, error);
        await db.Notifications.IgnoreQueryFilters().Where(x => x.Id == n.Id && x.LockedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error)
                .SetProperty(x => x.Status, failed ? NotificationStatus.Failed : NotificationStatus.Pending)
                .SetProperty(x => x.DueAtMs, failed ? n.DueAtMs : due)
                .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntilMs, (long?)null), ct);
    }
}
