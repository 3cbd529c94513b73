using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Feeds;

/// <summary>
/// The lessons of one feed as iCalendar (R-X-3): a student's lessons by his group memberships, or a teacher's lessons
/// (his own unless substituted away, plus those he substitutes); the school's holidays (a student's also those of his
/// grade only) and, for a student, his class's control works, as all-day events. The caller has no session: every query
/// names the feed's school itself.
/// </summary>
public static class IcalFeed
{
    public const int DaysBack = 30;
    public const int DaysAhead = 120;

    public sealed record LessonRow(int Id, DateOnly Date, int Number, TimeOnly Start, TimeOnly End, LessonStatus Status,
        DateOnly? OriginalDate, int? OriginalNumber, string Subject, string Group, string? Room, string Teacher, bool Substituted,
        string? Topic, string? Homework, int Changes);

    public sealed record HolidayRow(int Id, string Name, DateOnly Start, DateOnly End);

    public sealed record ControlWorkRow(int Id, DateOnly Date, int? LessonNumber, ControlForm Form, string Subject, string? Title);

    public static async Task<string?> BuildAsync(JournalDbContext db, string tokenHash, TimeProvider time, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.TokenHash == tokenHash && f.RevokedAt == null)
            .Select(f =>
                new { f.SchoolId, f.StudentId, f.StaffMemberId,
                    Zone = db.Schools.Where(s => s.Id == f.SchoolId).Select(s => s.TimeZone).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (feed is null) return null;
        var zone = feed.Zone ?? "Europe/Moscow";
        var today = Infrastructure.SchoolClock.Today(time, zone);
        var (from, to) = (today.AddDays(-DaysBack), today.AddDays(DaysAhead));
        var schoolId = feed.SchoolId;

        var lessons = db.Lessons.IgnoreQueryFilters().AsNoTracking().Where(l => l.SchoolId == schoolId && l.Date >= from && l.Date <= to);
        string name;
        if (feed.StudentId is int studentId)
        {
            lessons = lessons.Where(l => db.GroupMemberships.Any(m => m.StudentId == studentId && m.TeachingGroupId == l.TeachingGroupId
                && m.From <= l.Date && (m.To == null || m.To >= l.Date)));
            name = await db.Students.IgnoreQueryFilters().Where(s => s.Id == studentId && s.SchoolId == schoolId)
                .Select(s => s.LastName + " " + s.FirstName).FirstOrDefaultAsync(ct) ?? "";
        }
        else if (feed.StaffMemberId is int staffId)
        {
            lessons = lessons.Where(l => l.SubstituteTeacherId == staffId || (l.TeacherId == staffId && l.SubstituteTeacherId == null));
            name = await db.StaffMembers.IgnoreQueryFilters().Where(s => s.Id == staffId && s.SchoolId == schoolId)
                .Select(s => s.LastName + " " + s.FirstName).FirstOrDefaultAsync(ct) ?? "";
        }
        else return null;

        var forStudent = feed.StudentId;
        var rows0 = (await lessons.OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
                .Select(l => new
                {
                    l.Id, l.Date, l.Number, l.Start, l.End, l.Status, l.OriginalDate, l.OriginalNumber,
                    Subject = l.TeachingGroup!.Subject!.Name, Group = l.TeachingGroup.Name,
                    Room = db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                    TeacherId = l.SubstituteTeacherId ?? l.TeacherId,
                    Substituted = l.SubstituteTeacherId != null, l.Topic,
                    // Homework for a part of the group is shown only to those it is for.
                    Homework = l.Homework != null
                        && (forStudent == null || !l.Homework.Students.Any() || l.Homework.Students.Any(s => s.StudentId == forStudent))
                        ? l.Homework.Text : null,
                    Changes = db.LessonChanges.Count(c => c.LessonId == l.Id),
                })
                .ToListAsync(ct));
        var teacherIds = rows0.Select(l => l.TeacherId).Distinct().ToList();
        var teachers = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking().Where(s => s.SchoolId == schoolId && teacherIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName), ct);
        var rows = rows0
            .Select(l => new LessonRow(l.Id, l.Date, l.Number, l.Start, l.End, l.Status, l.OriginalDate, l.OriginalNumber,
                l.Subject, l.Group, l.Room,
                teachers.GetValueOrDefault(l.TeacherId, ""),
                l.Substituted, l.Topic, l.Homework, l.Changes))
            .ToList();

        // Holidays of the window: the whole school's, and for a student those of a grade he is in during them.
        var holidays = await db.Holidays.IgnoreQueryFilters().AsNoTracking()
            .Where(h => h.SchoolId == schoolId && h.Start <= to && h.End >= from
                && (h.Grade == null || (forStudent != null && db.Enrolments.Any(e => e.StudentId == forStudent && e.SchoolClass!.Grade == h.Grade
                    && e.From <= h.End && (e.To == null || e.To >= h.Start)))))
            .OrderBy(h => h.Start)
            .Select(h => new HolidayRow(h.Id, h.Name, h.Start, h.End))
            .ToListAsync(ct);
        // A student's control works: his class's on the dates he is in it, a group's only when he is in the group.
        var works = forStudent is not int sid ? [] : await db.ControlWorks.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SchoolId == schoolId && c.Date >= from && c.Date <= to
                && db.Enrolments.Any(e => e.StudentId == sid
                    && e.SchoolClassId == c.SchoolClassId && e.From <= c.Date && (e.To == null || e.To >= c.Date))
                && (c.TeachingGroupId == null || db.GroupMemberships.Any(m => m.StudentId == sid && m.TeachingGroupId == c.TeachingGroupId
                    && m.From <= c.Date && (m.To == null || m.To >= c.Date))))
            .OrderBy(c => c.Date).ThenBy(c => c.LessonNumber)
            .Select(c => new ControlWorkRow(c.Id, c.Date, c.LessonNumber, c.Form, c.Subject!.Name, c.Title))
            .ToListAsync(ct);
        return Serialize(rows, $"Уроки: {name}", zone, time.GetUtcNow(), teacherFeed: feed.StudentId is null, holidays, works);
    }

    /// <summary>
    /// One VEVENT per lesson, in UTC (converted from the school's time zone), with a stable UID; holidays and control
    /// works as all-day events (DTEND the day after, as iCalendar counts).
    /// </summary>
    public static string Serialize(IEnumerable<LessonRow> lessons, string calendarName, string timeZone, DateTimeOffset now, bool teacherFeed,
        IEnumerable<HolidayRow>? holidays = null, IEnumerable<ControlWorkRow>? works = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var calendar = new Ical.Net.Calendar { ProductId = "-//SchoolJournal//Расписание уроков//RU", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        var stamp = new CalDateTime(now.UtcDateTime);
        foreach (var l in lessons)
        {
            var description = new List<string>();
            if (l.Teacher.Length > 0) description.Add($"Учитель: {l.Teacher}");
            if (l.OriginalDate is DateOnly od)
                description.Add($"перенесён с {od.ToString("dd.MM", CultureInfo.InvariantCulture)}, {l.OriginalNumber} урок");
            if (!string.IsNullOrWhiteSpace(l.Topic)) description.Add($"Тема: {l.Topic}");
            if (!string.IsNullOrWhiteSpace(l.Homework)) description.Add($"Домашнее задание: {l.Homework}");
            if (l.Status == LessonStatus.Cancelled) description.Add("Урок отменён");
            var evt = new CalendarEvent
            {
                Uid = $"lesson-{l.Id}@schooljournal",
                Summary = (teacherFeed ? l.Group : l.Subject) + (l.Substituted ? " — замена" : ""),
                Location = l.Room,
                Description = string.Join("\n", description),
                DtStart = new CalDateTime(Utc(l.Date, l.Start, zone)),
                DtEnd = new CalDateTime(Utc(l.Date, l.End, zone)),
                DtStamp = stamp,
                Sequence = l.Changes,
                Status = l.Status == LessonStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            };
            calendar.Events.Add(evt);
        }
        foreach (var h in holidays ?? [])
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"holiday-{h.Id}@schooljournal", Summary = h.Name, DtStamp = stamp,
                DtStart = new CalDateTime(h.Start), DtEnd = new CalDateTime(h.End.AddDays(1)), Transparency = TransparencyType.Transparent,
            });
        foreach (var w in works ?? [])
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"control-work-{w.Id}@schooljournal",
                Summary = $"{Capitalized(Year.Changes.ChangeRules.Forms.NameOf(w.Form))}: {w.Subject}" + (
                    string.IsNullOrWhiteSpace(w.Title) ? "" : $" — {w.Title}"),
                Description = w.LessonNumber is int n ? $"{n} урок" : null,
                DtStamp = stamp, DtStart = new CalDateTime(w.Date), DtEnd = new CalDateTime(w.Date.AddDays(1)),
                Transparency = TransparencyType.Transparent,
            });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string Capitalized(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("ru-RU")) + text[1..];

    private static DateTime Utc(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date.ToDateTime(time), DateTimeKind.Unspecified), zone);
}
