using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// What every per-period view of a group starts from, in one round trip: whether the caller may read its grid,
/// the school's time zone and grade thresholds, and the study periods that apply to the group's classes with their locks.
/// </summary>
public static class GroupPeriods
{
    public sealed record Period(int Id, string Name, DateOnly Start, DateOnly End, bool Locked);

    public sealed record WorkTypeRef(string Name, decimal Weight);

    public sealed record Header(int AcademicYearId, DateOnly YearEnd, string TimeZone, GradeThresholds Thresholds, GradingKind Kind,
        bool CanRead, IReadOnlyList<Period> Periods, IReadOnlyDictionary<int, WorkTypeRef> WorkTypes, bool HasOutages = false)
    {
        /// <summary>The asked period, else the one today falls in, else the last one ended, else the first.</summary>
        public Period? Pick(int? periodId, DateOnly today) => periodId is int id
            ? Periods.FirstOrDefault(p => p.Id == id)
            : Periods.FirstOrDefault(p => p.Start <= today && today <= p.End)
                ?? Periods.LastOrDefault(p => p.End < today) ?? Periods.FirstOrDefault();
    }

    public static async Task<Header?> HeaderAsync(JournalDbContext db, AccessService access, int groupId, CancellationToken ct)
    {
        var readable = access.GridReadableGroups();
        var g = await db.TeachingGroups.AsNoTracking().Where(g => g.Id == groupId)
            .Select(g => new
            {
                g.AcademicYearId,
                YearEnd = db.AcademicYears.Where(y => y.Id == g.AcademicYearId).Select(y => y.End).FirstOrDefault(),
                TimeZone = db.Schools.Where(s => s.Id == g.SchoolId).Select(s => s.TimeZone).FirstOrDefault(),
                Five = db.Schools.Where(s => s.Id == g.SchoolId).Select(s => s.GradeThreshold5).FirstOrDefault(),
                Four = db.Schools.Where(s => s.Id == g.SchoolId).Select(s => s.GradeThreshold4).FirstOrDefault(),
                Three = db.Schools.Where(s => s.Id == g.SchoolId).Select(s => s.GradeThreshold3).FirstOrDefault(),
                Kind = g.GradingSystem!.Kind,
                CanRead = readable.Any(r => r.Id == g.Id),
                // Whether the school ever registered an outage (R-ARCH-5): only then does the grid look for entries made from paper.
                HasOutages = db.SystemOutages.Any(o => o.SchoolId == g.SchoolId),
                Classes = g.Classes.Select(c => new { c.SchoolClassId, c.SchoolClass!.Grade }).ToList(),
                // The school's few work types travel here so the marks query joins nothing: SQLite then reads marks by lesson.
                WorkTypes = db.WorkTypes.Where(w => w.SchoolId == g.SchoolId).Select(w => new { w.Id, w.Name, w.Weight }).ToList(),
                Periods = db.StudyPeriods.Where(p => p.AcademicYearId == g.AcademicYearId && p.Kind != PeriodKind.Year)
                    .Select(p => new
                    {
                        p.Id, p.Name, p.Start, p.End, p.Level, p.SchoolClassId,
                        Locked = db.PeriodLocks.Any(l => l.TeachingGroupId == groupId && l.StudyPeriodId == p.Id && l.ReopenedAt == null),
                    })
                    .ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (g is null) return null;

        var levels = g.Classes.Select(c => LevelOf(c.Grade)).ToHashSet();
        var classIds = g.Classes.Select(c => c.SchoolClassId).ToHashSet();
        var periods = g.Periods
            .Where(p => Applies(p.SchoolClassId, p.Level, classIds, levels))
            .OrderBy(p => p.Start)
            .Select(p => new Period(p.Id, p.Name, p.Start, p.End, p.Locked))
            .ToList();
        return new Header(g.AcademicYearId, g.YearEnd, g.TimeZone ?? "Europe/Moscow", new GradeThresholds(g.Five, g.Four, g.Three), g.Kind,
            g.CanRead, periods, g.WorkTypes.ToDictionary(w => w.Id, w => new WorkTypeRef(w.Name, w.Weight)), g.HasOutages);
    }

    public static EducationLevel LevelOf(int grade) => new SchoolClass { Grade = grade, Letter = "" }.Level;

    /// <summary>
    /// Whether a study period is one a group's journal runs in: a period of one class applies to that class's groups, a period of a
    /// level (half-years of the senior school) to groups with a class of that level, a school-wide period to every group.
    /// </summary>
    public static bool Applies(int? periodClassId, EducationLevel? periodLevel, IReadOnlySet<int> classIds,
        IReadOnlySet<EducationLevel> levels) =>
        periodClassId is int classId ? classIds.Contains(classId) : periodLevel is null || levels.Contains(periodLevel.Value);
}
