using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// «Родители» /Parents: the classes whose parents the user keeps — the class teacher's own class(es) today, every class of
/// the year for the administration.
/// </summary>
public sealed class IndexModel(JournalDbContext db, AccessService access, ParentRegister register) : PageModel
{
    public sealed record ClassRow(int Id, string Name, int Students, int Parents, int WithConsent);

    public IReadOnlyList<ClassRow> Classes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.KeepsParentRegisters) return Forbid();
        var wholeSchool = access.KeepsEveryParentRegister;
        var today = await register.TodayAsync(ct);
        var staffId = (await access.LinksAsync(ct)).StaffMemberId;
        var classes = db.SchoolClasses.AsNoTracking()
            .Where(c => c.AcademicYearId == db.AcademicYears.Where(y => y.IsCurrent).Select(y => y.Id).FirstOrDefault());
        if (!wholeSchool)
            classes = db.SchoolClasses.AsNoTracking().Where(c => c.ClassTeachers.Any(t => staffId != null && t.StaffMemberId == staffId
                && t.From <= today && (t.To == null || t.To >= today)));
        var rows = await classes.Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var ids = rows.Select(c => c.Id).ToList();
        var enrolled = await db.Enrolments.AsNoTracking()
            .Where(e => ids.Contains(e.SchoolClassId) && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new { e.SchoolClassId, e.StudentId }).ToListAsync(ct);
        var studentIds = enrolled.Select(e => e.StudentId).Distinct().ToList();
        var links = await db.StudentParents.AsNoTracking()
            .Where(p => studentIds.Contains(p.StudentId)).Select(p => new { p.StudentId, p.ParentId }).ToListAsync(ct);
        var parentIds = links.Select(l => l.ParentId).Distinct().ToList();
        var consenting = (await db.PersonalDataConsents.AsNoTracking().Where(c => parentIds.Contains(c.ParentId))
                .Select(c => new { c.ParentId, c.Id, c.Given }).ToListAsync(ct))
            .GroupBy(c => c.ParentId).Where(g => g.MaxBy(c => c.Id)!.Given).Select(g => g.Key).ToHashSet();
        Classes = [.. rows.OrderBy(c => c.Grade).ThenBy(c => c.Letter, Year.Groups.GroupRules.Russian).Select(c =>
        {
            var students = enrolled.Where(e => e.SchoolClassId == c.Id).Select(e => e.StudentId).ToHashSet();
            var parents = links.Where(l => students.Contains(l.StudentId)).Select(l => l.ParentId).Distinct().ToList();
            return new ClassRow(c.Id, $"{c.Grade}{c.Letter}", students.Count, parents.Count, parents.Count(consenting.Contains));
        })];
        return Page();
    }
}
