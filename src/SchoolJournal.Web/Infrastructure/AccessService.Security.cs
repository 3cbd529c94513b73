using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

public sealed partial class AccessService
{
    /// <summary>Incidents of compromised accounts (R-SEC-5): the director and the system administrator list and roll back.</summary>
    /// <summary>Appointing responsible staff (R-ROLE-1): the director.</summary>
    public bool AppointsStaff => Has(Permission.AppointStaff);

    /// <summary>
    /// The roles the school configures (R-ROLE-8): the system administrator, who keeps the accounts, and the director, who appoints
    /// staff. Each grants a role only the permissions he holds himself (<see cref="Grants"/>).
    /// </summary>
    public bool ConfiguresRoles => CanManageAccounts || AppointsStaff;

    /// <summary>
    /// Whether the user may put these permissions into a role: only those he holds himself. The administration's
    /// <see cref="Permission.Administer"/> holds reading every journal (<see cref="Permission.OverseeJournals"/>) within it.
    /// </summary>
    public bool Grants(Permission permissions)
    {
        var held = Permissions | (Has(Permission.Administer) ? Permission.OverseeJournals : Permission.None);
        return (held & permissions) == permissions;
    }

    public bool HandlesIncidents => user.IsInAnyRole(Roles.Director, Roles.SysAdmin);

    /// <summary>
    /// Who may report an account compromised: the person himself; the administration, for an account of its school; the
    /// class teacher, for his class's students and their parents.
    /// </summary>
    public async Task<bool> CanReportCompromiseAsync(string userId, CancellationToken ct = default)
    {
        if (user.Id is null) return false;
        if (userId == user.Id) return true;
        if (HandlesIncidents) return await db.Users.AnyAsync(u => u.Id == userId && u.SchoolId == user.SchoolId, ct);
        if (!user.IsInRole(Roles.ClassTeacher)) return false;
        var parent = await db.Parents.Where(p => p.UserId == userId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (parent is int parentId) return await CanManageParentAsync(parentId, ct);
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        return await db.Students.AnyAsync(s => s.UserId == userId && db.Enrolments.Any(e => e.StudentId == s.Id
            && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today))), ct);
    }
}
