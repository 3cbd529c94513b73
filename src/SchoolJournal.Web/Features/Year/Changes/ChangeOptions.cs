using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>What the forms of «График контрольных работ» and «Замены и переносы» offer to choose from.</summary>
public static class ChangeOptions
{
    public sealed record Option(int Id, string Name, int Grade = 0);

    /// <summary>The current year's classes among <paramref name="classes"/>, as a school lists them (5А before 10А).</summary>
    public static async Task<List<Option>> CurrentClassesAsync(IQueryable<SchoolClass> classes, JournalDbContext db, CancellationToken ct)
    {
        var rows = await classes.AsNoTracking().Where(c => db.AcademicYears.Any(y => y.Id == c.AcademicYearId && y.IsCurrent))
            .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        return [.. rows.OrderBy(c => c.Grade)
            .ThenBy(c => c.Letter, StringComparer.Ordinal).Select(c => new Option(c.Id, $"{c.Grade}{c.Letter}", c.Grade))];
    }
}
