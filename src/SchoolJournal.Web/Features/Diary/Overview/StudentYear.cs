using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// Where a student stands today, in two round trips: the school's date, his class (the one he is in today, else his
/// latest) and the study periods of that class's year that apply to it.
/// </summary>
public sealed record StudentYear(string StudentName, DateOnly Today, int? ClassId, string? ClassName, int? Grade, int? YearId,
    IReadOnlyList<StudentYear.Period> Periods)
{
    public sealed record Period(int Id, string Name, DateOnly Start, DateOnly End);

    /// <summary>The asked period, else the one today falls in, else the last one ended, else the first (as the journal picks).</summary>
    public Period? Pick(int? periodId) => periodId is int id
        ? Periods.FirstOrDefault(p => p.Id == id)
        : Periods.FirstOrDefault(p => p.Start <= Today && Today <= p.End) ?? Periods.LastOrDefault(p => p.End < Today) ?? Periods.FirstOrDefault();

    public static async Task<StudentYear?> LoadAsync(JournalDbContext db, TimeProvider time, int studentId, CancellationToken ct)
    {
        var row = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new
            {
                s.LastName, s.FirstName, s.MiddleName,
                TimeZone = db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.TimeZone).FirstOrDefault(),
                Enrolments = s.Enrolments.Select(e =>
                    new { e.From, e.To, e.SchoolClassId, e.SchoolClass!.Grade, e.SchoolClass.Letter, e.SchoolClass.AcademicYearId }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var today = SchoolClock.Today(time, row.TimeZone ?? "Europe/Moscow");
        var cls = row.Enrolments.Where(e => e.From <= today && (e.To == null || e.To >= today)).OrderByDescending(e => e.From).FirstOrDefault()
            ?? row.Enrolments.OrderByDescending(e => e.From).FirstOrDefault();
        var name = PersonName.Full(row.LastName, row.FirstName, row.MiddleName);
        if (cls is null) return new StudentYear(name, today, null, null, null, null, []);
        var level = new SchoolClass { Grade = cls.Grade, Letter = cls.Letter }.Level;
        var ofYear = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == cls.AcademicYearId && p.Kind != PeriodKind.Year)
            .Select(p => new { p.Id, p.Name, p.Start, p.End, p.Level, p.SchoolClassId })
            .ToListAsync(ct);
        // The most specific periods win: the class's own, else its level's, else the whole school's.
        var applying = ofYear.Where(p => p.SchoolClassId == cls.SchoolClassId).ToList() is { Count: > 0 } own ? own
            : ofYear.Where(p => p.SchoolClassId == null && p.Level == level).ToList() is { Count: > 0 } leveled ? leveled
            : ofYear.Where(p => p.SchoolClassId == null && p.Level == null).ToList();
        return new StudentYear(name, today, cls.SchoolClassId, $"{cls.Grade}{cls.Letter}", cls.Grade, cls.AcademicYearId,
            [.. applying.OrderBy(p => p.Start).Select(p => new Period(p.Id, p.Name, p.Start, p.End))]);
    }
}
