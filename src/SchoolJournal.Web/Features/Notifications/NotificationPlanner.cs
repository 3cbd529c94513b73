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
    /// <summary>
    /// The rows for a chunk of events. What the events say and whom they concern is read for the whole chunk at once — one query
    /// for the lessons, one for the names, the parents, their consents, their preferences… — not about nine for each event: a class's
    /// marks written in a row arrive as one chunk (issue 16: planning one by one was a tenth of a mark write's CPU).
    /// </summary>
    public async Task<IReadOnlyList<Notification>> DraftAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var told = events.Where(e => !e.Removed && KindOf(e.Kind) is not null).ToList();
        var facts = await FactsAsync(told, ct);
        var studentIds = facts.Values.SelectMany(f => f.Keys).Distinct().ToList();
        if (studentIds.Count == 0) return [];
        var links = await db.StudentParents.Where(sp => studentIds.Contains(sp.StudentId))
            .Select(sp => new { sp.StudentId, sp.ParentId }).ToListAsync(ct);
        var parentIds = links.Select(l => l.ParentId).Distinct().ToList();
        var parents = await db.Parents.IgnoreQueryFilters().Where(p => parentIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Email, p.Phone }).ToDictionaryAsync(p => p.Id, ct);
        var consents = await LatestConsentsAsync(db, parentIds, ct);
        var preferences = await db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking()
            .Where(p => parentIds.Contains(p.ParentId)).ToDictionaryAsync(p => p.ParentId, ct);
        var rows = new List<Notification>();
        foreach (var e in told)
        {
            if (!facts.TryGetValue(e.Id, out var about) || about.Count == 0) continue;
            var zone = await ZoneAsync(e.SchoolId, ct);
            var kind = KindOf(e.Kind)!.Value;
            foreach (var link in links.Where(l => about.ContainsKey(l.StudentId)).OrderBy(l => l.ParentId).ThenBy(l => l.StudentId))
            {
                if (!parents.TryGetValue(link.ParentId, out var parent)) continue;
                var pref = preferences.GetValueOrDefault(link.ParentId) ?? NotificationPreference.Default(e.SchoolId, link.ParentId);
                // The weekly digest reads the week from the journal when its hour comes: no item waits for it.
                if (!pref.Kinds.HasFlag(FlagOf(kind)) || pref.Mode == DeliveryMode.WeeklyDigest) continue;
                var consent = consents.GetValueOrDefault(link.ParentId);
                var fact = about[link.StudentId];
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

    /// <summary>What each event says about each student it concerns (by the event's id); none when it concerns nobody any more.</summary>
    private async Task<Dictionary<long, Dictionary<int, Fact>>> FactsAsync(IReadOnlyList<DiaryEvent> events, CancellationToken ct)
    {
        var lessonIds = events.Where(e => e.LessonId is not null).Select(e => e.LessonId!.Value).Distinct().ToList();
        // A chunk of marks has no group-only event and often no period: a table nobody asks about is not read.
        var lessons = lessonIds.Count == 0 ? [] : await db.Lessons.IgnoreQueryFilters().AsNoTracking().Where(l => lessonIds.Contains(l.Id))
            .Select(l => new LessonFacts(l.Id, l.Date, l.Number, l.TeachingGroupId, l.TeachingGroup!.Subject!.Name)).ToDictionaryAsync(l => l.Id, ct);
        var groupIds = events.Where(e => e.LessonId is null && e.TeachingGroupId is not null).Select(e => e.TeachingGroupId!.Value)
            .Distinct().ToList();
        var groupSubjects = groupIds.Count == 0 ? [] : await db.TeachingGroups.IgnoreQueryFilters().Where(g => groupIds.Contains(g.Id))
            .Select(g => new { g.Id, Subject = g.Subject!.Name }).ToDictionaryAsync(g => g.Id, g => (string?)g.Subject, ct);

        // Whom each event concerns, and its text: a mark, an absence, a period grade one student; homework and a lesson's change the
        // group that day (homework for some of it only those); a message the student, if it was addressed to the parents.
        var concerns = new List<(DiaryEvent Event, LessonFacts? Lesson, string? Subject, List<int> Students, string? Text)>();
        foreach (var e in events)
        {
            var lesson = e.LessonId is int lessonId ? lessons.GetValueOrDefault(lessonId) : null;
            if (e.LessonId is not null && lesson is null) continue;
            var subject = lesson?.Subject ?? (e.TeachingGroupId is int g ? groupSubjects.GetValueOrDefault(g) : null);
            var (students, text) = await StudentsAsync(e, lesson, ct);
            if (students.Count > 0) concerns.Add((e, lesson, subject, students, text));
        }
        if (concerns.Count == 0) return [];

        var studentIds = concerns.SelectMany(c => c.Students).Distinct().ToList();
        var names = await db.Students.IgnoreQueryFilters().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName }).ToDictionaryAsync(s => s.Id, s => StudentShortName(s.LastName, s.FirstName), ct);
        var workTypeIds = concerns.Where(c => c.Event.WorkTypeId is not null).Select(c => c.Event.WorkTypeId!.Value).Distinct().ToList();
        var workTypes = workTypeIds.Count == 0 ? [] : await db.WorkTypes.IgnoreQueryFilters().Where(w => workTypeIds.Contains(w.Id))
            .ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var periodIds = concerns.Where(c => c.Event.StudyPeriodId is not null).Select(c => c.Event.StudyPeriodId!.Value).Distinct().ToList();
        var periods = periodIds.Count == 0 ? [] : await db.StudyPeriods.IgnoreQueryFilters().Where(p => periodIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        // A corrected mark carries the time of its correction; the event itself does not say new or changed: the latest mark of the
        // student in the lesson of the event's work type tells.
        var marked = concerns.Where(c => c.Event.Kind == DiaryEventKind.Mark).Select(c => c.Event).ToList();
        var markLessons = marked.Select(e => e.LessonId).Distinct().ToList();
        var markStudents = marked.Select(e => e.StudentId).Distinct().ToList();
        var marks = marked.Count == 0 ? [] : await db.Marks.IgnoreQueryFilters()
            .Where(m => markLessons.Contains(m.LessonId) && markStudents.Contains(m.StudentId))
            .Select(m => new { m.Id, m.LessonId, m.StudentId, m.WorkTypeId, Changed = m.UpdatedAt != null }).ToListAsync(ct);

        var facts = new Dictionary<long, Dictionary<int, Fact>>();
        foreach (var (e, lesson, subject, students, text) in concerns)
        {
            var kind = KindOf(e.Kind)!.Value;
            var changed = e.Kind == DiaryEventKind.Mark && (marks
                .Where(m => m.LessonId == e.LessonId && m.StudentId == e.StudentId && m.WorkTypeId == e.WorkTypeId)
                .MaxBy(m => m.Id)?.Changed ?? false);
            var date = lesson?.Date ?? (e.Kind == DiaryEventKind.Absence && DateOnly.TryParseExact(e.Text, "yyyy-MM-dd", out var day) ? day : null);
            var workType = e.WorkTypeId is int w ? workTypes.GetValueOrDefault(w) : null;
            var period = e.StudyPeriodId is int p ? periods.GetValueOrDefault(p) : null;
            facts[e.Id] = students.Where(names.ContainsKey).Distinct().ToDictionary(id => id, id => new Fact(kind, names[id],
                Subject: kind == NotificationKind.Absence && lesson is null ? null : subject,
                Value: e.Value, WorkType: workType, Date: date, LessonNumber: lesson?.Number, Text: text, Period: period, Changed: changed));
        }
        return facts;
    }

    private sealed record LessonFacts(int Id, DateOnly Date, int Number, int TeachingGroupId, string Subject);

    /// <summary>The students an event concerns and its text; a homework's, a lesson change's and a message's are read for it alone.</summary>
    private async Task<(List<int> Students, string? Text)> StudentsAsync(DiaryEvent e, LessonFacts? lesson, CancellationToken ct)
    {
        switch (e.Kind)
        {
            case DiaryEventKind.Homework or DiaryEventKind.LessonChanged when lesson is not null:
                var students = await db.GroupMemberships.IgnoreQueryFilters()
                    .Where(m => m.TeachingGroupId == lesson.TeachingGroupId && m.From <= lesson.Date && (m.To == null || m.To >= lesson.Date))
                    .Select(m => m.StudentId).Distinct().ToListAsync(ct);
                if (e.Kind != DiaryEventKind.Homework) return (students, e.Text);
                var homework = await db.Homework.IgnoreQueryFilters().AsNoTracking().Where(h => h.LessonId == e.LessonId)
                    .Select(h => new { h.Text, Students = h.Students.Select(s => s.StudentId).ToList() }).FirstOrDefaultAsync(ct);
                if (homework is null) return ([], null);
                return (homework.Students.Count > 0 ? [.. students.Intersect(homework.Students)] : students, homework.Text);
            case DiaryEventKind.Message when e.StudentId is int sid:
                // The event does not say to whom the message was addressed: the message itself does.
                var recent = await db.TeacherMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.StudentId == sid)
                    .OrderByDescending(m => m.Id).Take(50).Select(m => new { m.Text, m.ToParents }).ToListAsync(ct);
                var message = recent.FirstOrDefault(m => (m.Text.Length > 2000 ? m.Text[..2000] : m.Text) == e.Text);
                return message is { ToParents: true } ? ([sid], e.Text) : ([], null);
            case DiaryEventKind.Mark or DiaryEventKind.Absence or DiaryEventKind.PeriodGrade when e.StudentId is int sid:
                return ([sid], e.Text);
            default:
                return ([], null);
        }
    }
}
