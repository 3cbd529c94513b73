using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>«Памятка для родителей» /Parents/Leaflet/{classId} (R-DIARY-7): one printable page the class teacher hands out at a meeting.</summary>
public sealed class LeafletModel(JournalDbContext db, AccessService access, ParentRegister register) : PageModel
{
    public string SchoolName { get; private set; } = "";
    public string ClassName { get; private set; } = "";
    public string? ClassTeacher { get; private set; }
    public string SiteAddress { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct)
    {
        var today = await register.TodayAsync(ct);
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new
        {
            c.Grade, c.Letter,
            School = db.Schools.Where(s => s.Id == c.SchoolId).Select(s => s.Name).FirstOrDefault(),
            Teacher = c.ClassTeachers.Where(t => t.From <= today && (t.To == null || t.To >= today))
                .Select(t => new { t.StaffMember!.LastName, t.StaffMember.FirstName, t.StaffMember.MiddleName }).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (cls is null) return NotFound();
        if (!await access.CanManageClassParentsAsync(classId, ct)) return Forbid();
        (SchoolName, ClassName) = (cls.School ?? "", $"{cls.Grade}{cls.Letter}");
        ClassTeacher = cls.Teacher is null ? null : PersonName.Full(cls.Teacher.LastName, cls.Teacher.FirstName, cls.Teacher.MiddleName);
        SiteAddress = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        return Page();
    }
}
