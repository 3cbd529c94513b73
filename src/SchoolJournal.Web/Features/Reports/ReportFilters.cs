using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>The choices of the reports' filters: the current year's periods, the classes the user reads, subjects, teachers.</summary>
public sealed class ReportFilters([FromKeyedServices(ReadRouting.Reads)] AccessService access,
    [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    public sealed record Choice(int Id, string Name);

    public sealed record Lists(IReadOnlyList<Choice> Periods, IReadOnlyList<Choice> Classes, IReadOnlyList<Choice> Subjects,
        IReadOnlyList<Choice> Teachers, int? CurrentPeriodId);

    public async Task<Lists> LoadAsync(DateOnly today, CancellationToken ct)
    {
        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYear!.IsCurrent && p.SchoolClassId == null)
            .OrderBy(p => p.Kind == PeriodKind.Year).ThenBy(p => p.Level).ThenBy(p => p.Number)
            .Select(p => new { p.Id, p.Name, p.Start, p.End, p.Level, p.Kind }).ToListAsync(ct);
        var classes = await access.ReportClasses().AsNoTracking().Where(c => db.AcademicYears.Any(y => y.Id == c.AcademicYearId && y.IsCurrent))
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var subjects = await db.Subjects.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        List<Choice> teachers = [];
        if (access.ReadsSchoolReports)
            teachers = [.. (await db.StaffMembers.AsNoTracking().Where(s => db.TeachingAssignments.Any(a => a.StaffMemberId == s.Id))
                    .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct))
                .Select(s => new Choice(s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))
                .OrderBy(s => s.Name, StringComparer.Ordinal)];
        var terms = periods.Where(p => p.Kind != PeriodKind.Year).ToList();
        var current = terms.Where(p => p.Start <= today && p.End >= today).OrderBy(p => p.Level is not null).FirstOrDefault()
            ?? terms.LastOrDefault(p => p.End < today) ?? periods.FirstOrDefault();
        return new Lists([.. periods.Select(p => new Choice(p.Id, p.Level is null ? p.Name : $"{p.Name} ({LevelName(p.Level.Value)})"))],
            [.. classes.Select(c => new Choice(c.Id, $"{c.Grade}{c.Letter}"))], subjects, teachers, current?.Id);
    }

    private static string LevelName(EducationLevel level) => level switch
    {
        EducationLevel.Primary => "1–4 кл.",
        EducationLevel.Basic => "5–9 кл.",
        _ => "10–11 кл.",
    };
}
