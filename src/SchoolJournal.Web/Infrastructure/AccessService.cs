using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The one place that decides who may read and write what (ARCHITECTURE decision 6).
/// Built from teaching assignments, substitutions, class-teacher links and parent links;
/// the school boundary itself is the DbContext's query filter.
/// </summary>
public sealed partial class AccessService(JournalDbContext db, CurrentUser user, TimeProvider time)
{
    private PersonLinks? _links;

    public sealed record PersonLinks(int? StaffMemberId, int? StudentId, int? ParentId);

    public async Task<PersonLinks> LinksAsync(CancellationToken ct = default)
    {
        if (_links is not null) return _links;
        var id = user.Id;
        if (id is null) return _links = new PersonLinks(null, null, null);
        var staff = await db.StaffMembers.Where(s => s.UserId == id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var student = await db.Students.Where(s => s.UserId == id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var parent = await db.Parents.Where(p => p.UserId == id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return _links = new PersonLinks(staff, student, parent);
    }

    /// <summary>Director and deputy read the whole school.</summary>
    public bool SeesWholeSchool => user.IsInAnyRole(Roles.Director, Roles.Deputy);

    public DateOnly Today(string timeZone = "Europe/Moscow") => SchoolClock.Today(time, timeZone);

    /// <summary>Accounts and settings: the system administrator only (he does not get marks).</summary>
    public bool CanManageAccounts => user.IsInRole(Roles.SysAdmin);

    /// <summary>
    /// The school's staff: the administration, teachers, class teachers and the system administrator. They read the
    /// year's set-up (periods, catalogues, curricula, КТП, timetable, ВШК, substitutions); students and parents do not.
    /// </summary>
    public bool IsStaff => user.IsInAnyRole(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin);
}
