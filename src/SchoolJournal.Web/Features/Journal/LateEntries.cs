using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Whether a journal write made now misses its <see cref="Deadlines"/>: takes the lesson's date, the group's grades and the
/// school's time zone and rules from the write's checks (homework reads the day's lessons too), and asks the pure rule. Late
/// writes are accepted; the flag records them.
/// </summary>
public static class LateEntries
{
    /// <summary>Whether a mark entered now is late, for a lesson the write's checks have read (no query).</summary>
    public static bool Mark(JournalWrite.WritableLesson l, WorkType type, TimeProvider time) =>
        Deadlines.IsLate(Deadlines.ForMark(l.Date, type.IsControl, type.Name, l.TopGrade, l.Rules), SchoolClock.Now(time, l.TimeZone));

    /// <summary>Whether attendance entered now is late, for a lesson the write's checks have read (no query).</summary>
    public static bool Attendance(JournalWrite.WritableLesson l, TimeProvider time) =>
        Deadlines.IsLate(Deadlines.ForAttendance(l.Date), SchoolClock.Now(time, l.TimeZone));

    public static async Task<bool> HomeworkAsync(JournalDbContext db, TimeProvider time, int lessonId, CancellationToken ct)
    {
        var l = await FactsAsync(db, lessonId, ct);
        var ends = await LessonEndsAsync(db, l.GroupId, l.Date, ct);
        return Deadlines.IsLate(Deadlines.ForHomework(l.Date, ends.Count == 0 ? l.End : ends.Max(), l.Rules), SchoolClock.Now(time, l.TimeZone));
    }

    /// <summary>The ends of the day's lessons of every class the group takes its students from (and its own).</summary>
    public static Task<List<TimeOnly>> LessonEndsAsync(JournalDbContext db, int groupId, DateOnly date, CancellationToken ct)
    {
        var classIds = db.GroupClasses.Where(c => c.TeachingGroupId == groupId).Select(c => c.SchoolClassId);
        return db.Lessons.Where(x => x.Date == date && x.Status != LessonStatus.Cancelled
                && (x.TeachingGroupId == groupId
                    || db.GroupClasses.Any(c => c.TeachingGroupId == x.TeachingGroupId && classIds.Contains(c.SchoolClassId))))
            .Select(x => x.End).ToListAsync(ct);
    }

    private sealed record LessonFacts(DateOnly Date, TimeOnly End, int GroupId, string TimeZone, int TopGrade, DeadlineRules Rules);

    private static async Task<LessonFacts> FactsAsync(JournalDbContext db, int lessonId, CancellationToken ct)
    {
        var l = await db.Lessons.AsNoTracking().Where(x => x.Id == lessonId)
            .Select(x => new
            {
                x.Date, x.End, x.TeachingGroupId,
                School = db.Schools.Where(s => s.Id == x.SchoolId)
                    .Select(s => new { s.TimeZone, s.ControlWorkMarkDays, s.EssayMarkDays, s.HomeworkGraceMinutes }).FirstOrDefault(),
                TopGrade = x.TeachingGroup!.Classes.Max(c => (int?)c.SchoolClass!.Grade),
            })
            .FirstAsync(ct);
        var rules = l.School is { } s ? new DeadlineRules(s.ControlWorkMarkDays, s.EssayMarkDays, s.HomeworkGraceMinutes) : DeadlineRules.Default;
        return new LessonFacts(l.Date, l.End, l.TeachingGroupId, l.School?.TimeZone ?? "Europe/Moscow", l.TopGrade ?? 0, rules);
    }
}
