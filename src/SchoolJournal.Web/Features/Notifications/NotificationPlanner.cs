using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Outbox;
using static SchoolJournal.Web.Features.Notifications.NotificationTexts;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// Turns diary events into notification rows (R-DIARY-3): whom an event concerns (the student, or the members of the
/// lesson's group that day, or those the homework was given to), their parents, and per parent and channel only with
/// a consent in force covering it and an address (R-SEC-4), of a kind he wants, at once or for the daily digest.
/// Removed records and topics tell nobody. Runs in the dispatcher (no user: every school's rows are visible).
/// </summary>
public sealed class NotificationPlanner(JournalDbContext db, TimeProvider time) : INotificationPlanner
{
    public async Task<IReadOnlyList<Notification>> DraftAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = new List<Notification>();
        foreach (var e in events.Where(e => !e.Removed && KindOf(e.Kind) is not null))
        {
            var facts = await FactsAsync(e, ct);
            if (facts.Count == 0) continue;
            var zone = await ZoneAsync(e.SchoolId, ct);
            var studentIds = facts.Keys.ToList();
            var links = await db.StudentParents.Where(sp => studentIds.Contains(sp.StudentId))
                .Select(sp => new { sp.StudentId, sp.ParentId }).ToListAsync(ct);
            var parentIds = links.Select(l => l.ParentId).Distinct().ToList();
            var parents = await db.Parents.IgnoreQueryFilters().Where(p => parentIds.Contains(p.Id))
                .Select(p => new { p.Id, p.Email, p.Phone }).ToDictionaryAsync(p => p.Id, ct);
            var consents = await LatestConsentsAsync(db, parentIds, ct);
            var preferences = await db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking()
                .Where(p => parentIds.Contains(p.ParentId)).ToDictionaryAsync(p => p.ParentId, ct);
            var kind = KindOf(e.Kind)!.Value;
            foreach (var link in links.OrderBy(l => l.ParentId).ThenBy(l => l.StudentId))
            {
                if (!parents.TryGetValue(link.ParentId, out var parent)) continue;
                var pref = preferences.GetValueOrDefault(link.ParentId) ?? NotificationPreference.Default(e.SchoolId, link.ParentId);
                // The weekly digest reads the week from the journal when its hour comes: no item waits for it.
                if (!pref.Kinds.HasFlag(FlagOf(kind)) || pref.Mode == DeliveryMode.WeeklyDigest) continue;
                var consent = consents.GetValueOrDefault(link.ParentId);
                var fact = facts[link.StudentId];
                foreach (var channel in new[] { NotificationChannel.Email, NotificationChannel.Sms })
                {
                    if (!pref.Channels.HasFlag(channel == NotificationChannel.Email ? DeliveryChannels.Email : DeliveryChannels.Sms)) continue;
                    if (!MayDeliver(consent, channel, parent.Email, parent.Phone)) continue;
                    var body = Body(fact);
                    var digest = pref.Mode == DeliveryMode.DailyDigest;
                    var due = digest ? NotificationSchedule.NextDigest(now, zone, pref.DigestAt)
                        : channel == NotificationChannel.Sms ? NotificationSchedule.SmsDue(now, zone, pref.QuietFrom, pref.QuietTo)
                        : now;
                    rows.Add(new Notification
                    {
                        SchoolId = e.SchoolId, ParentId = link.ParentId, StudentId = link.StudentId, DiaryEventId = e.Id, Kind = kind,
                        Channel = channel, Status = digest ? NotificationStatus.AwaitingDigest : NotificationStatus.Pending,
                        Subject = NotificationTexts.Subject(kind, e.Value, fact.Changed),
                        Body = channel == NotificationChannel.Sms && !digest ? Sms(body) : body,
                        CreatedAt = now, DueAtMs = due.ToUnixTimeMilliseconds(),
                    });
                }
            }
        }
        return rows;
    }

    public async Task SaveAsync(IReadOnlyList<Notification> drafts, IReadOnlyCollection<long> held, CancellationToken ct)
    {
        var ids = drafts.Select(n => n.DiaryEventId!.Value).Where(held.Contains).Distinct().ToList();
        if (ids.Count == 0) return;
        // A pass that died after planning leaves its events unprocessed: the next one must not plan them twice.
        var planned = await db.Notifications.IgnoreQueryFilters()
            .Where(n => n.DiaryEventId != null && ids.Contains(n.DiaryEventId.Value)).Select(n => n.DiaryEventId!.Value).Distinct().ToListAsync(ct);
        var rows = drafts.Where(n => ids.Contains(n.DiaryEventId!.Value) && !planned.Contains(n.DiaryEventId!.Value)).ToList();
        if (rows.Count == 0) return;
        db.Notifications.AddRange(rows);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A consent in force (the parent's latest statement) that covers the channel, and an address to send to.</summary>
    public static bool MayDeliver(PersonalDataConsent? consent, NotificationChannel channel, string? email, string? phone) =>
        consent is { Given: true } && channel switch
        {
            NotificationChannel.Email => consent.Scope.HasFlag(ConsentScope.Email) && !string.IsNullOrWhiteSpace(email),
            NotificationChannel.Sms => consent.Scope.HasFlag(ConsentScope.Phone) && !string.IsNullOrWhiteSpace(phone),
            _ => false,
        };

    /// <summary>Each parent's statement in force: the one with the highest id.</summary>
    public static async Task<Dictionary<int, PersonalDataConsent>> LatestConsentsAsync(JournalDbContext db, IReadOnlyCollection<int> parentIds,
        CancellationToken ct)
    {
        var rows = await db.PersonalDataConsents.IgnoreQueryFilters().AsNoTracking()
            .Where(c => parentIds.Contains(c.ParentId))
            .Where(c => !db.PersonalDataConsents.IgnoreQueryFilters().Any(later => later.ParentId == c.ParentId && later.Id > c.Id))
            .ToListAsync(ct);
        return rows.ToDictionary(c => c.ParentId);
    }

    public static NotificationKind? KindOf(DiaryEventKind kind) => kind switch
    {
        DiaryEventKind.Mark => NotificationKind.Mark,
        DiaryEventKind.Absence => NotificationKind.Absence,
        DiaryEventKind.Homework => NotificationKind.Homework,
        DiaryEventKind.LessonChanged => NotificationKind.LessonChanged,
        DiaryEventKind.Message => NotificationKind.Message,
        DiaryEventKind.PeriodGrade => NotificationKind.PeriodGrade,
        _ => null,
    };

    public static NotificationKinds FlagOf(NotificationKind kind) => kind switch
    {
        NotificationKind.Mark => NotificationKinds.Mark,
        NotificationKind.Absence => NotificationKinds.Absence,
        NotificationKind.LessonChanged => NotificationKinds.LessonChanged,
        NotificationKind.Homework => NotificationKinds.Homework,
        NotificationKind.Message => NotificationKinds.Message,
        NotificationKind.PeriodGrade => NotificationKinds.PeriodGrade,
        _ => NotificationKinds.All,
    };

    private readonly Dictionary<int, TimeZoneInfo> _zones = [];

    private async Task<TimeZoneInfo> ZoneAsync(int schoolId, CancellationToken ct)
    {
        if (_zones.TryGetValue(schoolId, out var zone)) return zone;
        var id = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        return _zones[schoolId] = TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    /// <summary>What the event says about each student it concerns; empty when it concerns nobody any more.</summary>
    private async Task<Dictionary<int, Fact>> FactsAsync(DiaryEvent e, CancellationToken ct)
    {
        var lesson = e.LessonId is int lessonId
            ? await db.Lessons.IgnoreQueryFilters().AsNoTracking().Where(l => l.Id == lessonId)
                .Select(l => new { l.Date, l.Number, l.TeachingGroupId, Subject = l.TeachingGroup!.Subject!.Name }).FirstOrDefaultAsync(ct)
            : null;
        if (e.LessonId is not null && lesson is null) return [];
        var groupId = lesson?.TeachingGroupId ?? e.TeachingGroupId;
        var subject = lesson?.Subject ?? (groupId is int g
            ? await db.TeachingGroups.IgnoreQueryFilters().Where(x => x.Id == g).Select(x => x.Subject!.Name).FirstOrDefaultAsync(ct)
            : null);

        List<int> students;
        string? text = e.Text;
        switch (e.Kind)
        {
            case DiaryEventKind.Homework or DiaryEventKind.LessonChanged when lesson is not null:
                students = await db.GroupMemberships.IgnoreQueryFilters()
                    .Where(m => m.TeachingGroupId == lesson.TeachingGroupId && m.From <= lesson.Date && (m.To == null || m.To >= lesson.Date))
                    .Select(m => m.StudentId).Distinct().ToListAsync(ct);
                if (e.Kind == DiaryEventKind.Homework)
                {
                    var homework = await db.Homework.IgnoreQueryFilters().AsNoTracking().Where(h => h.LessonId == e.LessonId)
                        .Select(h => new { h.Text, Students = h.Students.Select(s => s.StudentId).ToList() }).FirstOrDefaultAsync(ct);
                    if (homework is null) return [];
                    if (homework.Students.Count > 0) students = [.. students.Intersect(homework.Students)];
                    text = homework.Text;
                }
                break;
            case DiaryEventKind.Message when e.StudentId is int sid:
                // The event does not say to whom the message was addressed: the message itself does.
                var recent = await db.TeacherMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.StudentId == sid)
                    .OrderByDescending(m => m.Id).Take(50).Select(m => new { m.Text, m.ToParents }).ToListAsync(ct);
                var message = recent.FirstOrDefault(m => (m.Text.Length > 2000 ? m.Text[..2000] : m.Text) == e.Text);
                if (message is not { ToParents: true }) return [];
                students = [sid];
                break;
            case DiaryEventKind.Mark or DiaryEventKind.Absence or DiaryEventKind.PeriodGrade when e.StudentId is int sid:
                students = [sid];
                break;
            default:
                return [];
        }
        if (students.Count == 0) return [];

        var names = await db.Students.IgnoreQueryFilters().Where(s => students.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName }).ToListAsync(ct);
        var workType = e.WorkTypeId is int w
            ? await db.WorkTypes.IgnoreQueryFilters().Where(x => x.Id == w).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        var period = e.StudyPeriodId is int p
            ? await db.StudyPeriods.IgnoreQueryFilters().Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        // A corrected mark carries the time of its correction; the event itself does not say new or changed.
        var changed = e.Kind == DiaryEventKind.Mark && await db.Marks.IgnoreQueryFilters()
            .Where(m => m.LessonId == e.LessonId && m.StudentId == e.StudentId && m.WorkTypeId == e.WorkTypeId)
            .OrderByDescending(m => m.Id).Select(m => m.UpdatedAt != null).FirstOrDefaultAsync(ct);
        var date = lesson?.Date ?? (e.Kind == DiaryEventKind.Absence && DateOnly.TryParseExact(e.Text, "yyyy-MM-dd", out var day) ? day : null);
        var kind = KindOf(e.Kind)!.Value;
        return names.ToDictionary(s => s.Id, s => new Fact(kind, StudentShortName(s.LastName, s.FirstName),
            Subject: kind == NotificationKind.Absence && lesson is null ? null : subject,
            Value: e.Value, WorkType: workType, Date: date, LessonNumber: lesson?.Number, Text: text, Period: period, Changed: changed));
    }
}
