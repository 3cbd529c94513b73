using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Timetable;

namespace SchoolJournal.Web.Demo;

/// <summary>
/// The demo's lessons after "today", up to the end of the year, made by the timetable's own generator (R-YEAR-11),
/// so next week's diary and journal are not empty. The generator leaves the lessons up to today as the demo wrote them.
/// </summary>
public static class DemoRestOfYear
{
    public static async Task<int> GenerateAsync(JournalDbContext db, int schoolId, DateOnly today, CancellationToken ct)
    {
        var year = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking().SingleAsync(y => y.SchoolId == schoolId && y.IsCurrent, ct);
        if (today >= year.End) return 0;
        var result = await new LessonGenerator(db).RunAsync(schoolId, year.Id, today.AddDays(1), year.End, null, ct);
        return result.Created;
    }
}
