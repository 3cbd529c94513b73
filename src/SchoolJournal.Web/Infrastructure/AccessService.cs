using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The one place that decides who may read and write what (ARCHITECTURE decision 6).
/// Built from teaching assignments, substitutions, class-teacher links and parent links;
/// the school boundary itself is the DbContext's query filter.
/// </summary>
public sealed class AccessService(JournalDbContext db, CurrentUser user, TimeProvider time)
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

    /// <summary>Groups whose journal the user may read.</summary>
    public Task<IQueryable<TeachingGroup>> ReadableGroupsAsync(CancellationToken ct = default) => GroupsReadAsync(family: true, ct);

    /// <summary>
    /// Groups whose whole journal grid (every student's marks) the user may read: staff only. Students and parents
    /// read their own marks through the diary, never their classmates'.
    /// </summary>
    public Task<IQueryable<TeachingGroup>> GridReadableGroupsAsync(CancellationToken ct = default) => Task.FromResult(GridReadableGroups());

    public async Task<bool> CanReadJournalGridAsync(int groupId, CancellationToken ct = default) =>
        await GridReadableGroups().AnyAsync(g => g.Id == groupId, ct);

    /// <summary>
    /// The grid rule as one composable query that looks nothing up first, so a page can check it inside its own
    /// first round trip: the administration, the groups the user teaches or substitutes in, his classes' groups.
    /// </summary>
    public IQueryable<TeachingGroup> GridReadableGroups()
    {
        if (SeesWholeSchool) return db.TeachingGroups;
        var id = user.Id;
        var staff = db.StaffMembers.Where(s => id != null && s.UserId == id).Select(s => s.Id);
        var teacher = user.IsInRole(Roles.Teacher);
        var classTeacher = user.IsInRole(Roles.ClassTeacher);
        return db.TeachingGroups.Where(g =>
            (teacher && (db.TeachingAssignments.Any(a => a.TeachingGroupId == g.Id && staff.Contains(a.StaffMemberId))
                || db.Lessons.Any(l => l.TeachingGroupId == g.Id && l.SubstituteTeacherId != null && staff.Contains(l.SubstituteTeacherId.Value))))
            || (classTeacher && db.GroupClasses.Any(c => c.TeachingGroupId == g.Id
                && db.ClassTeachers.Any(t => t.SchoolClassId == c.SchoolClassId && staff.Contains(t.StaffMemberId)))));
    }

    private async Task<IQueryable<TeachingGroup>> GroupsReadAsync(bool family, CancellationToken ct)
    {
        if (SeesWholeSchool) return db.TeachingGroups;
        var links = await LinksAsync(ct);
        var ids = new List<IQueryable<int>>();
        if (links.StaffMemberId is int staffId)
        {
            if (user.IsInRole(Roles.Teacher))
            {
                ids.Add(db.TeachingAssignments.Where(a => a.StaffMemberId == staffId).Select(a => a.TeachingGroupId));
                ids.Add(db.Lessons.Where(l => l.SubstituteTeacherId == staffId).Select(l => l.TeachingGroupId));
            }
            if (user.IsInRole(Roles.ClassTeacher))
            {
                var classIds = db.ClassTeachers.Where(c => c.StaffMemberId == staffId).Select(c => c.SchoolClassId);
                ids.Add(db.GroupClasses.Where(g => classIds.Contains(g.SchoolClassId)).Select(g => g.TeachingGroupId));
            }
        }
        if (family && links.StudentId is int studentId && user.IsInRole(Roles.Student))
            ids.Add(db.GroupMemberships.Where(m => m.StudentId == studentId).Select(m => m.TeachingGroupId));
        if (family && links.ParentId is int parentId && user.IsInRole(Roles.Parent))
        {
            var children = db.StudentParents.Where(p => p.ParentId == parentId).Select(p => p.StudentId);
            ids.Add(db.GroupMemberships.Where(m => children.Contains(m.StudentId)).Select(m => m.TeachingGroupId));
        }
        if (ids.Count == 0) return db.TeachingGroups.Where(_ => false);
        var union = ids.Aggregate((a, b) => a.Union(b));
        return db.TeachingGroups.Where(g => union.Contains(g.Id));
    }

    /// <summary>Groups the user teaches: the only journals he may write (class teachers and the administration read).</summary>
    public async Task<IQueryable<TeachingGroup>> TaughtGroupsAsync(CancellationToken ct = default)
    {
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId || !user.IsInRole(Roles.Teacher))
            return db.TeachingGroups.Where(_ => false);
        // Only a current assignment writes: a teacher who handed the group over keeps reading it, not writing (R-YEAR-9).
        var today = Today();
        var assigned = db.TeachingAssignments.Where(a => a.StaffMemberId == staffId && a.From <= today && (a.To == null || a.To >= today))
            .Select(a => a.TeachingGroupId);
        return db.TeachingGroups.Where(g => assigned.Contains(g.Id));
    }

    public async Task<bool> CanReadJournalAsync(int groupId, CancellationToken ct = default) =>
        await (await ReadableGroupsAsync(ct)).AnyAsync(g => g.Id == groupId, ct);

    public async Task<bool> CanWriteJournalAsync(int groupId, CancellationToken ct = default) =>
        await (await TaughtGroupsAsync(ct)).AnyAsync(g => g.Id == groupId, ct);

    /// <summary>A lesson's journal entry: the group's teacher, or the substitute of that one lesson (R-YEAR-13).</summary>
    public async Task<bool> CanWriteLessonAsync(int lessonId, CancellationToken ct = default)
    {
        var lesson = await db.Lessons.Where(l => l.Id == lessonId)
            .Select(l => new { l.TeachingGroupId, l.SubstituteTeacherId }).FirstOrDefaultAsync(ct);
        if (lesson is null || !user.IsInRole(Roles.Teacher)) return false;
        var links = await LinksAsync(ct);
        if (lesson.SubstituteTeacherId is int sub && sub == links.StaffMemberId) return true;
        return await CanWriteJournalAsync(lesson.TeachingGroupId, ct);
    }

    /// <summary>Only teachers write journals: anyone else is refused before any record is looked up.</summary>
    public bool WritesJournals => user.IsInRole(Roles.Teacher);

    /// <summary>A period of a group is closed (R-JRN-6): its marks, attendance, topics and homework are read-only.</summary>
    public Task<bool> IsPeriodLockedAsync(int groupId, int? periodId, CancellationToken ct = default) =>
        periodId is null
            ? Task.FromResult(false)
            : db.PeriodLocks.AnyAsync(l => l.TeachingGroupId == groupId && l.StudyPeriodId == periodId && l.ReopenedAt == null, ct);

    /// <summary>Closing a group's period: its teacher (once his period grades are set), the deputy or the director.</summary>
    public async Task<bool> CanLockPeriodAsync(int groupId, CancellationToken ct = default) =>
        SeesWholeSchool || await CanWriteJournalAsync(groupId, ct);

    /// <summary>Reopening a closed period: only the administration, with a written reason (R-JRN-6).</summary>
    public bool CanReopenPeriod => SeesWholeSchool;

    /// <summary>Classes the user may see in lists.</summary>
    public async Task<IQueryable<SchoolClass>> VisibleClassesAsync(CancellationToken ct = default)
    {
        if (SeesWholeSchool || user.IsInRole(Roles.SysAdmin)) return db.SchoolClasses;
        var links = await LinksAsync(ct);
        var ids = new List<IQueryable<int>>();
        if (links.StaffMemberId is int staffId)
        {
            if (user.IsInRole(Roles.ClassTeacher))
                ids.Add(db.ClassTeachers.Where(c => c.StaffMemberId == staffId).Select(c => c.SchoolClassId));
            if (user.IsInRole(Roles.Teacher))
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
        if (!user.IsInAnyRole(Roles.Director, Roles.Deputy, Roles.SysAdmin, Roles.ClassTeacher, Roles.Teacher)) return false;
        if (SeesWholeSchool || user.IsInRole(Roles.SysAdmin)) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        if (user.IsInRole(Roles.ClassTeacher) &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId, ct))
            return true;
        return user.IsInRole(Roles.Teacher) && await db.GroupClasses.AnyAsync(g => g.SchoolClassId == classId &&
            db.TeachingAssignments.Any(a => a.TeachingGroupId == g.TeachingGroupId && a.StaffMemberId == staffId), ct);
    }

    /// <summary>Students whose diary the user may read: himself, his children, or staff involved in the student's education.</summary>
    public async Task<bool> CanSeeStudentAsync(int studentId, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return await db.Students.AnyAsync(s => s.Id == studentId, ct);
        var links = await LinksAsync(ct);
        if (user.IsInRole(Roles.Student) && links.StudentId == studentId) return true;
        if (user.IsInRole(Roles.Parent) && links.ParentId is int parentId &&
            await db.StudentParents.AnyAsync(p => p.ParentId == parentId && p.StudentId == studentId, ct))
            return true;
        if (links.StaffMemberId is null) return false;
        var groups = await ReadableGroupsAsync(ct);
        return await db.GroupMemberships.AnyAsync(m => m.StudentId == studentId && groups.Any(g => g.Id == m.TeachingGroupId), ct);
    }

    /// <summary>Children of the signed-in parent, or the student himself.</summary>
    public async Task<List<(int StudentId, string DisplayName)>> OwnStudentsAsync(CancellationToken ct = default)
    {
        var links = await LinksAsync(ct);
        var result = new List<(int, string)>();
        if (links.StudentId is int sid && user.IsInRole(Roles.Student))
        {
            var s = await db.Students.Where(x => x.Id == sid).Select(x => new { x.Id, x.LastName, x.FirstName }).FirstAsync(ct);
            result.Add((s.Id, $"{s.LastName} {s.FirstName}"));
        }
        if (links.ParentId is int pid && user.IsInRole(Roles.Parent))
        {
            var children = await db.StudentParents.Where(p => p.ParentId == pid)
                .OrderBy(p => p.Student!.BirthDate)
                .Select(p => new { p.Student!.Id, p.Student.LastName, p.Student.FirstName }).ToListAsync(ct);
            result.AddRange(children.Select(c => (c.Id, $"{c.LastName} {c.FirstName}")));
        }
        return result;
    }

    /// <summary>
    /// Setting up the school year (R-YEAR): periods, holidays, subjects, rooms, staff, classes, groups, curricula,
    /// load, bells, timetable, ВШК, substitutions, movement, grading, rollover. The director, the deputy and the
    /// system administrator write; everyone else reads what his role shows.
    /// </summary>
    public bool CanManageYear => user.IsInAnyRole(Roles.Director, Roles.Deputy, Roles.SysAdmin);

    /// <summary>The groups of a class and their members: those who manage the year, or the class teacher of that class.</summary>
    public async Task<bool> CanEditClassGroupsAsync(int classId, CancellationToken ct = default)
    {
        if (CanManageYear) return true;
        var links = await LinksAsync(ct);
        return user.IsInRole(Roles.ClassTeacher) && links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId && c.To == null, ct);
    }

    /// <summary>
    /// A group's КТП (R-YEAR-10): its teacher writes his own plan; those who manage the year write any. Staff who
    /// read the group's journal read its plan.
    /// </summary>
    public async Task<bool> CanEditThematicPlanAsync(int groupId, CancellationToken ct = default) =>
        CanManageYear || await CanWriteJournalAsync(groupId, ct);

    /// <summary>Accounts and settings: the system administrator only (he does not get marks).</summary>
    public bool CanManageAccounts => user.IsInRole(Roles.SysAdmin);

    /// <summary>
    /// The class teacher's daily absence mark for his class (seed 004): the class teacher of that class on
    /// <paramref name="date"/>, the deputy or the director. Subject teachers read it in their journals.
    /// </summary>
    public async Task<bool> CanMarkDailyAbsenceAsync(int classId, DateOnly date, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return true;
        var links = await LinksAsync(ct);
        return user.IsInRole(Roles.ClassTeacher) && links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId
                && c.From <= date && (c.To == null || c.To >= date), ct);
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
        if (user.IsInRole(Roles.ClassTeacher) && await db.Enrolments.AnyAsync(e => e.StudentId == studentId &&
                db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId), ct))
            return true;
        var groups = await GridReadableGroupsAsync(ct);
        return await db.GroupMemberships.AnyAsync(m => m.StudentId == studentId && groups.Any(g => g.Id == m.TeachingGroupId), ct);
    }

    /// <summary>
    /// A message or recommendation about a student (R-JRN-10): a teacher of a group the student belongs to (in
    /// <paramref name="groupId"/> when given) or the class teacher of the student's current class.
    /// </summary>
    public async Task<bool> CanWriteToStudentAsync(int studentId, int? groupId, CancellationToken ct = default)
    {
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        if (user.IsInRole(Roles.Teacher) && await db.GroupMemberships.AnyAsync(m => m.StudentId == studentId
                && (groupId == null || m.TeachingGroupId == groupId)
                && db.TeachingAssignments.Any(a => a.TeachingGroupId == m.TeachingGroupId && a.StaffMemberId == staffId), ct))
            return true;
        return groupId is null && user.IsInRole(Roles.ClassTeacher) && await db.Enrolments.AnyAsync(e => e.StudentId == studentId
            && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today)), ct);
    }

    /// <summary>
    /// A class's journals in every subject and its summary sheet of final grades, read-only: the director, the deputy
    /// and the class teacher of that class (also one who led it earlier in the year).
    /// </summary>
    public async Task<bool> CanReadClassJournalAsync(int classId, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        if (!user.IsInRole(Roles.ClassTeacher)) return false;
        var links = await LinksAsync(ct);
        return links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId, ct);
    }

    // ---- The diary (R-DIARY, R-SEC-4) ----

    /// <summary>
    /// The class teacher of the class today, or the administration (director, deputy, system administrator): they keep
    /// a class's consent register, read its diary-activity report and issue paper extracts.
    /// </summary>
    public async Task<bool> CanManageClassParentsAsync(int classId, CancellationToken ct = default)
    {
        if (SeesWholeSchool || user.IsInRole(Roles.SysAdmin)) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        if (!user.IsInRole(Roles.ClassTeacher)) return false;
        var links = await LinksAsync(ct);
        var today = Today();
        return links.StaffMemberId is int staffId && await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId
            && c.StaffMemberId == staffId && c.From <= today && (c.To == null || c.To >= today), ct);
    }

    /// <summary>
    /// A parent's consent register and contacts (R-SEC-4): the administration, or the class teacher of a class one of
    /// his children learns in today.
    /// </summary>
    public async Task<bool> CanManageParentAsync(int parentId, CancellationToken ct = default)
    {
        if (SeesWholeSchool || user.IsInRole(Roles.SysAdmin)) return await db.Parents.AnyAsync(p => p.Id == parentId, ct);
        if (!user.IsInRole(Roles.ClassTeacher)) return false;
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        return await db.StudentParents.AnyAsync(sp => sp.ParentId == parentId && db.Enrolments.Any(e => e.StudentId == sp.StudentId
            && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today))), ct);
    }

    /// <summary>
    /// A parent's e-mail, phone and СНИЛС: the parent himself, those who manage his consents
    /// (<see cref="CanManageParentAsync"/>), and anyone else only while his consent covers that contact.
    /// </summary>
    public async Task<bool> CanSeeParentContactAsync(int parentId, ConsentScope contact, CancellationToken ct = default)
    {
        var links = await LinksAsync(ct);
        if (links.ParentId == parentId) return true;
        if (await CanManageParentAsync(parentId, ct)) return true;
        if (!user.IsInAnyRole(Roles.Teacher, Roles.ClassTeacher)) return false;
        var latest = await db.PersonalDataConsents.Where(c => c.ParentId == parentId).OrderByDescending(c => c.Id)
            .Select(c => new { c.Given, c.Scope }).FirstOrDefaultAsync(ct);
        return latest is { Given: true } && latest.Scope.HasFlag(contact);
    }

    /// <summary>The signed-in parent's own record (his notification preferences, his acknowledgments).</summary>
    public async Task<int?> OwnParentIdAsync(CancellationToken ct = default) =>
        user.IsInRole(Roles.Parent) ? (await LinksAsync(ct)).ParentId : null;

    /// <summary>A paper extract of a student's diary (R-DIARY-5): the director, the deputy, or his class teacher today.</summary>
    public async Task<bool> CanIssueExtractAsync(int studentId, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return await db.Students.AnyAsync(s => s.Id == studentId, ct);
        if (!user.IsInRole(Roles.ClassTeacher)) return false;
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        return await db.Enrolments.AnyAsync(e => e.StudentId == studentId && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today)), ct);
    }

    /// <summary>
    /// <see cref="CanSeeStudentAsync"/> as one composable query that looks nothing up first, so the diary checks it
    /// inside its own first round trip: himself, his parents, the administration, staff of his groups or classes.
    /// </summary>
    public IQueryable<Student> DiaryReadableStudents()
    {
        if (SeesWholeSchool) return db.Students;
        var id = user.Id;
        var student = user.IsInRole(Roles.Student);
        var parent = user.IsInRole(Roles.Parent);
        var groups = GridReadableGroups();
        return db.Students.Where(s => id != null && (
            (student && s.UserId == id)
            || (parent && db.StudentParents.Any(p => p.StudentId == s.Id && p.Parent!.UserId == id))
            || db.GroupMemberships.Any(m => m.StudentId == s.Id && groups.Any(g => g.Id == m.TeachingGroupId))));
    }

    /// <summary><see cref="OwnStudentsAsync"/> as a composable query: the student himself, the parent's children.</summary>
    public IQueryable<Student> OwnStudents()
    {
        var id = user.Id;
        var student = user.IsInRole(Roles.Student);
        var parent = user.IsInRole(Roles.Parent);
        return db.Students.Where(s => id != null && (
            (student && s.UserId == id) || (parent && db.StudentParents.Any(p => p.StudentId == s.Id && p.Parent!.UserId == id))));
    }
}
