using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Extracts;

/// <summary>«Выписки»: the classes the user may issue paper extracts for (R-DIARY-5).</summary>
public sealed class IndexModel(JournalDbContext db, AccessService access) : PageModel
{
    public sealed record ClassRow(int Id, string Name, int Students);

    public IReadOnlyList<ClassRow> Classes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var classes = db.SchoolClasses.AsNoTracking().Where(c => db.AcademicYears.Any(y => y.Id == c.AcademicYearId && y.IsCurrent));
        if (!access.IssuesExtracts) return Forbid();
        if (!access.SeesWholeSchool)
        {
            var staffId = (await access.LinksAsync(ct)).StaffMemberId ?? 0;
            var today = access.Today();
            classes = classes.Where(c => c.ClassTeachers.Any(t => t.StaffMemberId == staffId && t.From <= today && (t.To == null || t.To >= today)));
        }
        var today2 = access.Today();
        Classes = (await classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter)
                .Select(c => new { c.Id, c.Grade, c.Letter,
                    Students = db.Enrolments.Count(e => e.SchoolClassId == c.Id && e.From <= today2 && (e.To == null || e.To >= today2)) })
                .ToListAsync(ct))
            .Select(c => new ClassRow(c.Id, $"{c.Grade}{c.Letter}", c.Students)).ToList();
        return Page();
    }
}
