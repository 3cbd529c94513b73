using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// What a report over one study period covers: the period, and the classes the reader may see in its year — one class when asked
/// (404 unknown, 403 not his), the period's own class or level when it has one — ordered by grade and letter. The absences,
/// ВШК and unsatisfactory-marks reports start from it.
/// </summary>
public sealed record ReportScope(string Name, DateOnly Start, DateOnly End, int AcademicYearId, IReadOnlyList<ReportScope.ClassRow> Classes)
{
    public sealed record ClassRow(int Id, int Grade, string Letter);

    public List<int> ClassIds => [.. Classes.Select(c => c.Id)];

    public static async Task<Outcome<ReportScope>> LoadAsync(JournalDbContext db, AccessService access, int periodId, int? classId,
        CancellationToken ct)
    {
        if (!access.ReadsReports) return ProgressReport.NotAllowed;
        var period = await db.StudyPeriods.AsNoTracking().Where(p => p.Id == periodId)
            .Select(p => new { p.Name, p.Start, p.End, p.AcademicYearId, p.Level, p.SchoolClassId }).FirstOrDefaultAsync(ct);
        if (period is null) return ProgressReport.PeriodNotFound;
        var classes = access.ReportClasses().Where(c => c.AcademicYearId == period.AcademicYearId);
        if (classId is int id)
        {
            if (!await db.SchoolClasses.AnyAsync(c => c.Id == id, ct)) return Problem.NotFound("Класс не найден");
            if (!await classes.AnyAsync(c => c.Id == id, ct)) return ProgressReport.ClassNotAllowed;
            classes = classes.Where(c => c.Id == id);
        }
        if (period.SchoolClassId is int only) classes = classes.Where(c => c.Id == only);
        var list = (await classes.Select(c => new ClassRow(c.Id, c.Grade, c.Letter)).ToListAsync(ct))
            .Where(c => period.Level is null || new SchoolClass { Grade = c.Grade, Letter = "" }.Level == period.Level)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter, StringComparer.Ordinal).ToList();
        return Outcome<ReportScope>.Ok(new ReportScope(period.Name, period.Start, period.End, period.AcademicYearId, list));
    }
}
