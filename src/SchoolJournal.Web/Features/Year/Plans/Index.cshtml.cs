using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>«КТП»: the groups whose plans the user keeps or reads, with topics, hours against lessons, lessons with a topic.</summary>
public sealed class IndexModel(PlanQueries plans, AccessService access, JournalDbContext db) : PageModel
{
    public sealed record Option(int Id, string Name);

    [BindProperty(SupportsGet = true)]
    public int? ClassId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? TeacherId { get; set; }

    public IReadOnlyList<PlanQueries.ListRow> Rows { get; private set; } = [];
    public IReadOnlyList<Option> Classes { get; private set; } = [];
    public IReadOnlyList<Option> Teachers { get; private set; } = [];
    public bool ManagesYear => access.CanManageYear || access.SeesWholeSchool;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return Forbid();
        Rows = await plans.ListAsync(null, TeacherId, ClassId, ct);
        if (ManagesYear)
        {
            var classes = await db.SchoolClasses.AsNoTracking().Where(c => db.AcademicYears.Any(y => y.IsCurrent && y.Id == c.AcademicYearId))
                .OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
            Classes = [.. classes.Select(c => new Option(c.Id, $"{c.Grade}{c.Letter}"))];
            var teachers = await db.StaffMembers.AsNoTracking().Where(s => db.TeachingAssignments.Any(a => a.StaffMemberId == s.Id && a.To == null))
                .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct);
            Teachers = [.. teachers.Select(t => new Option(t.Id, PersonName.Short(t.LastName, t.FirstName, t.MiddleName)))];
        }
        return Page();
    }

    /// <summary>«Экспорт в Excel»: the list as shown.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await OnGetAsync(ct) is not PageResult) return Forbid();
        var bytes = Xlsx.Write("КТП", ["Предмет", "Группа", "Классы", "Учитель", "Тем", "Часов по КТП", "Уроков в году", "Уроков с темой"],
            Rows.Select(r =>
                (IReadOnlyList<object?>)[r.Subject, r.Group, r.Classes, string.Join(", ", r.Teachers), r.Topics, r.Hours, r.Lessons,
                    r.LessonsWithTopic]));
        return File(bytes, Xlsx.ContentType, "КТП.xlsx");
    }
}
