using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>Classes, rosters and what staff read and write about a student.</summary>
public sealed partial class AccessService
{
    /// <summary>Classes the user may see in lists.</summary>
    public async Task<IQueryable<SchoolClass>> VisibleClassesAsync(CancellationToken ct = default)
    {
        if (Has(Permission.OverseeSchool)) return db.SchoolClasses;
        var links = await LinksAsync(ct);
        var ids = new List<IQueryable<int>>();
        if (links.StaffMemberId is int staffId)
        {
            if (Has(Permission.LeadClass))
                ids.Add(db.ClassTeachers.Where(c => c.StaffMemberId == staffId).Select(c => c.SchoolClassId));
            if (Has(Permission.TeachGroups))
            {
                var groups = db.TeachingAssignments.Where(a => a.StaffMemberId == staffId).Select(a => a.TeachingGroupId);
                ids.Add(db.GroupClasses.Where(g => groups.Contains(g.TeachingGroupId)).Select(g => g.SchoolClassId));
            }
        }
        if (links.StudentId is int studentId && user.IsInRole(Roles.Student))
            ids.Add(db.Enrolments.Where(e => e.StudentId == studentId && e.To == null).Select(e => e.SchoolClassId));
        if (links.ParentId is int parentId && user.IsInRole(Roles.Parent))
        {
            var children = db.StudentParents.Where(p => p.ParentId == parentId).Select(p => p.StudentId);
            ids.Add(db.Enrolments.Where(e => children.Contains(e.StudentId) && e.To == null).Select(e => e.SchoolClassId));
        }
        if (ids.Count == 0) return db.SchoolClasses.Where(_ => false);
        var union = ids.Aggregate((a, b) => a.Union(b));
        return db.SchoolClasses.Where(c => union.Contains(c.Id));
    }

    /// <summary>
    /// The roster of a class: staff involved in its education (R-SEC-2): the administration, the system
    /// administrator (accounts), its class teacher and the teachers of its groups. Never parents or students.
    /// </summary>
    public async Task<bool> CanSeeRosterAsync(int classId, CancellationToken ct = default)
    {
        if (!HasAny(Permission.OverseeSchool | Permission.LeadClass | Permission.TeachGroups)) return false;
        if (Has(Permission.OverseeSchool)) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        if (Has(Permission.LeadClass) &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId, ct))
            return true;
        return Has(Permission.TeachGroups) && await db.GroupClasses.AnyAsync(g => g.SchoolClassId == classId &&
            db.TeachingAssignments.Any(a => a.TeachingGroupId == g.TeachingGroupId && a.StaffMemberId == staffId), ct);
    }

    /// <summary>
    /// Staff involved in the student's education, without family links: the administration, the teachers and class
    /// teachers of his groups, the class teacher of his class. They read everything written about him.
    /// </summary>
    public async Task<bool> CanSeeStudentAsStaffAsync(int studentId, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return await db.Students.AnyAsync(s => s.Id == studentId, ct);
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        if (Has(Permission.LeadClass) && await db.Enrolments.AnyAsync(e => e.StudentId == studentId &&
                db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId), ct))
            return true;
        var groups = await GridReadableGroupsAsync(ct);
        return await db.GroupMemberships.AnyAsync(m => m.StudentId == studentId && groups.Any(g => g.Id == m.TeachingGroupId), ct);
    }

    /// <summary>
    /// A student's personal file (R-ROLE-3): the director and the deputy for any student, the class teacher for a student of the
    /// class he leads today. Not the subject teachers nor the system administrator: the file holds health data.
    /// </summary>
    public async Task<bool> CanKeepStudentFileAsync(int studentId, CancellationToken ct = default)
    {
        if (Has(Permission.Administer)) return await db.Students.AnyAsync(s => s.Id == studentId, ct);
        if (!Has(Permission.LeadClass) || await StudentsLedTodayAsync(ct) is not { } led) return false;
        return await led.AnyAsync(id => id == studentId, ct);
    }

    /// <summary>Staff who write messages about students: refused before any record is looked up.</summary>
    public bool WritesMessages => Has(Permission.WriteMessages);

    /// <summary>
    /// A message or recommendation about a student (R-JRN-10): a teacher of a group the student belongs to (in
    /// <paramref name="groupId"/> when given) or the class teacher of the student's current class.
    /// </summary>
    public async Task<bool> CanWriteToStudentAsync(int studentId, int? groupId, CancellationToken ct = default)
    {
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        if (Has(Permission.TeachGroups) && await db.GroupMemberships.AnyAsync(m => m.StudentId == studentId
                && (groupId == null || m.TeachingGroupId == groupId)
                && db.TeachingAssignments.Any(a => a.TeachingGroupId == m.TeachingGroupId && a.StaffMemberId == staffId), ct))
            return true;
        return groupId is null && Has(Permission.LeadClass) && await db.Enrolments.AnyAsync(e => e.StudentId == studentId
            && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today)), ct);
    }
}
