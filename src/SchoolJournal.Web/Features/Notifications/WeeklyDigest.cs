using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Changes;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// The weekly digest (R-DIARY-3): for a parent who chose it, one message a week at the school's day and hour with each
/// child's marks, absences and lesson changes of the seven days up to that day and the control works of the seven days
/// after. It is read from the journal when its hour comes (not gathered from events), then sent by the sender like any
/// notification, the consent checked again. A week's digest is made once per parent and channel: its due time is never
/// before the week's hour, and a digest due at or after that hour means the week is done.
/// </summary>
public sealed class WeeklyDigest(JournalDbContext db, TimeProvider time)
{
    public sealed record Week(DateOnly From, DateOnly To, DateOnly NextFrom, DateOnly NextTo);

    /// <summary>The seven days the digest at <paramref name="day"/> covers, and the seven after it.</summary>
    public static Week WeekEnding(DateOnly day) => new(day.AddDays(-6), day, day.AddDays(1), day.AddDays(7));

    /// <summary>Makes the digests whose hour has come; returns how many it made.</summary>
    public async Task<int> PlanDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var schools = await db.Schools.AsNoTracking()
            .Where(s => db.NotificationPreferences.IgnoreQueryFilters().Any(p => p.SchoolId == s.Id && p.Mode == DeliveryMode.WeeklyDigest))
            .Select(s => new { s.Id, s.TimeZone, s.WeeklyDigestDay, s.WeeklyDigestAt }).ToListAsync(ct);
        var made = 0;
        foreach (var school in schools)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(school.TimeZone);
            var moment = NotificationSchedule.LastWeekly(now, zone, school.WeeklyDigestDay ?? School.DefaultWeeklyDigestDay,
                school.WeeklyDigestAt ?? School.DefaultWeeklyDigestAt);
            var week = WeekEnding(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime));
            made += await PlanSchoolAsync(school.Id, zone, moment, week, ct);
        }
        return made;
    }

    private sealed record Recipient(int ParentId, NotificationChannel Channel, NotificationPreference Preference);

    private async Task<int> PlanSchoolAsync(int schoolId, TimeZoneInfo zone, DateTimeOffset moment, Week week, CancellationToken ct)
    {
        var momentMs = moment.ToUnixTimeMilliseconds();
        var preferences = await db.NotificationPreferences.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.SchoolId == schoolId && p.Mode == DeliveryMode.WeeklyDigest).ToListAsync(ct);
        var parentIds = preferences.Select(p => p.ParentId).ToList();
        var done = (await db.Notifications.IgnoreQueryFilters()
                .Where(n => n.Kind == NotificationKind.WeeklyDigest && n.DueAtMs >= momentMs && parentIds.Contains(n.ParentId))
                .Select(n => new { n.ParentId, n.Channel }).ToListAsync(ct))
            .Select(n => (n.ParentId, n.Channel)).ToHashSet();
        var parents = await db.Parents.IgnoreQueryFilters().Where(p => parentIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Email, p.Phone }).ToDictionaryAsync(p => p.Id, ct);
        var consents = await NotificationPlanner.LatestConsentsAsync(db, parentIds, ct);
        var recipients = (
            from p in preferences
            // Chosen after the week's hour: the first digest is the next week's.
            where parents.ContainsKey(p.ParentId) && p.UpdatedAt <= moment
            from channel in new[] { NotificationChannel.Email, NotificationChannel.Sms }
            where p.Channels.HasFlag(channel == NotificationChannel.Email ? DeliveryChannels.Email : DeliveryChannels.Sms)
                && !done.Contains((p.ParentId, channel))
                && NotificationPlanner.MayDeliver(consents.GetValueOrDefault(p.ParentId), channel,
                    parents[p.ParentId].Email, parents[p.ParentId].Phone)
            select new Recipient(p.ParentId, channel, p)).ToList();
        if (recipients.Count == 0) return 0;

        var wanted = recipients.Select(r => r.ParentId).Distinct().ToList();
        var children = await db.StudentParents.IgnoreQueryFilters().Where(sp => wanted.Contains(sp.ParentId))
            .Select(sp => new { sp.ParentId, sp.StudentId, sp.Student!.LastName, sp.Student.FirstName }).ToListAsync(ct);
        var lines = await LinesAsync([.. children.Select(c => c.StudentId).Distinct()], week, ct);

        var now = time.GetUtcNow();
        foreach (var r in recipients)
        {
            var items = children.Where(c => c.ParentId == r.ParentId).OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
                .SelectMany(c => lines[c.StudentId]
                    .Where(l => l.Kind is not NotificationKind.Mark and not NotificationKind.Absence and not NotificationKind.LessonChanged
                        || r.Preference.Kinds.HasFlag(NotificationPlanner.FlagOf(l.Kind)))
                    .Select(l => (NotificationTexts.StudentShortName(c.LastName, c.FirstName), l.Kind, l.Text)))
                .ToList();
            var due = r.Channel == NotificationChannel.Sms
                ? NotificationSchedule.SmsDue(now, zone, r.Preference.QuietFrom, r.Preference.QuietTo) : now;
            db.Notifications.Add(new Notification
            {
                SchoolId = schoolId, ParentId = r.ParentId, Kind = NotificationKind.WeeklyDigest, Channel = r.Channel,
                Status = NotificationStatus.Pending, Subject = NotificationTexts.WeeklySubject(week.From, week.To),
                Body = r.Channel == NotificationChannel.Sms
                    ? NotificationTexts.WeeklySms(week.From, week.To, items)
                    : NotificationTexts.WeeklyBody(week.From, week.To, items),
                CreatedAt = now, DueAtMs = Math.Max(due.ToUnixTimeMilliseconds(), momentMs),
            });
        }
        await db.SaveChangesAsync(ct);
        return recipients.Count;
    }

    /// <summary>One line per fact, by student, in date order: five queries for all the school's weekly parents.</summary>
    private async Task<ILookup<int, (NotificationKind Kind, DateOnly Date, int Number, string Text)>> LinesAsync(
        List<int> students, Week week, CancellationToken ct)
    {
        var (from, to) = (week.From, week.To);
        var lessons = db.Lessons.IgnoreQueryFilters().Where(l => l.Date >= from && l.Date <= to);
        var marks = await (
                from m in db.Marks.IgnoreQueryFilters()
                join l in lessons on m.LessonId equals l.Id
                where students.Contains(m.StudentId) && l.Status != LessonStatus.Cancelled
                select new { m.StudentId, l.Date, l.Number, Subject = l.TeachingGroup!.Subject!.Name, m.Value, WorkType = m.WorkType!.Name })
            .ToListAsync(ct);
        var absences = await (
                from a in db.Attendance.IgnoreQueryFilters()
                join l in lessons on a.LessonId equals l.Id
                where students.Contains(a.StudentId)
                select new { a.StudentId, l.Date, l.Number, Subject = l.TeachingGroup!.Subject!.Name, a.Code, a.LateMinutes })
            .ToListAsync(ct);
        var daily = await db.DailyAbsences.IgnoreQueryFilters()
            .Where(d => students.Contains(d.StudentId) && d.Date >= from && d.Date <= to)
            .Select(d => new { d.StudentId, d.Date, d.Code }).ToListAsync(ct);
        var changed = await (
                from l in lessons
                where l.SubstituteTeacherId != null || l.Status == LessonStatus.Cancelled || l.OriginalDate != null
                join m in db.GroupMemberships.IgnoreQueryFilters() on l.TeachingGroupId equals m.TeachingGroupId
                where students.Contains(m.StudentId) && m.From <= l.Date && (m.To == null || m.To >= l.Date)
                select new
                {
                    m.StudentId, l.Date, l.Number, Subject = l.TeachingGroup!.Subject!.Name, l.Status, l.OriginalDate,
                    Substitute = db.StaffMembers.IgnoreQueryFilters().Where(s => s.Id == l.SubstituteTeacherId)
                        .Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstOrDefault(),
                })
            .ToListAsync(ct);
        var (nextFrom, nextTo) = (week.NextFrom, week.NextTo);
        var control = await (
                from w in db.ControlWorks.IgnoreQueryFilters()
                where w.Date >= nextFrom && w.Date <= nextTo
                join e in db.Enrolments.IgnoreQueryFilters() on w.SchoolClassId equals e.SchoolClassId
                where students.Contains(e.StudentId) && e.From <= w.Date && (e.To == null || e.To >= w.Date)
                    && (w.TeachingGroupId == null || db.GroupMemberships.IgnoreQueryFilters().Any(m => m.TeachingGroupId == w.TeachingGroupId
                        && m.StudentId == e.StudentId && m.From <= w.Date && (m.To == null || m.To >= w.Date)))
                select new { e.StudentId, w.Date, w.LessonNumber, Subject = w.Subject!.Name, w.Form, w.Title })
            .ToListAsync(ct);

        var ru = System.Globalization.CultureInfo.GetCultureInfo("ru-RU");
        string Day(DateOnly d) => d.ToString("ddd dd.MM", ru);
        var all = new List<(int Student, NotificationKind Kind, DateOnly Date, int Number, string Text)>();
        all.AddRange(marks.Select(m => (m.StudentId, NotificationKind.Mark, m.Date, m.Number,
            $"{Day(m.Date)}, {m.Subject}: {m.Value} ({m.WorkType.ToLower(ru)})")));
        var lessonDays = absences.Select(a => (a.StudentId, a.Date)).ToHashSet();
        all.AddRange(absences.Select(a => (a.StudentId, NotificationKind.Absence, a.Date, a.Number,
            $"{Day(a.Date)}, {a.Number}-й урок, {a.Subject}: {a.Code.ToRussian()}{(a.LateMinutes is int late ? $" ({late} мин)" : "")}")));
        // The class teacher's mark for the day says it once; lessons the subject teachers marked are listed already.
        all.AddRange(daily.Where(d => !lessonDays.Contains((d.StudentId, d.Date))).Select(d => (d.StudentId, NotificationKind.Absence, d.Date, 0,
            $"{Day(d.Date)}: весь день — {d.Code.ToRussian()}")));
        all.AddRange(changed.Select(c => (c.StudentId, NotificationKind.LessonChanged, c.Date, c.Number,
            $"{Day(c.Date)}, {c.Number}-й урок, {c.Subject}: " + (c.Status == LessonStatus.Cancelled ? "урок отменён"
                : c.Substitute is { } t ? $"замена, ведёт {PersonName.Short(t.LastName, t.FirstName, t.MiddleName)}"
                : $"перенесён с {c.OriginalDate:dd.MM}"))));
        all.AddRange(control.Select(w => (w.StudentId, NotificationKind.WeeklyDigest, w.Date, w.LessonNumber ?? 0,
            $"{Day(w.Date)}{(w.LessonNumber is int n ? $", {n}-й урок" : "")}, {w.Subject}: {ChangeRules.Forms.NameOf(w.Form)}"
            + (string.IsNullOrWhiteSpace(w.Title) ? "" : $" «{w.Title}»"))));
        return all.OrderBy(x => x.Date).ThenBy(x => x.Number).ThenBy(x => x.Text, StringComparer.Ordinal)
            .ToLookup(x => x.Student, x => (x.Kind, x.Date, x.Number, x.Text));
    }
}
