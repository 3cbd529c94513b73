using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The diary (R-DIARY, R-SEC-4): whose diary the user reads, parents' consents and contacts, paper extracts.</summary>
public sealed partial class AccessService
{
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

    /// <summary><see cref="OwnStudentsAsync"/> as a composable query: the student himself, the parent's children.</summary>
    public IQueryable<Student> OwnStudents()
    {
        var id = user.Id;
        var student = user.IsInRole(Roles.Student);
        var parent = user.IsInRole(Roles.Parent);
        return db.Students.Where(s => id != null && (
            (student && s.UserId == id) || (parent && db.StudentParents.Any(p => p.StudentId == s.Id && p.Parent!.UserId == id))));
    }

    /// <summary>
    /// The class teacher of the class today, or the administration (director, deputy, system administrator): they keep
    /// a class's consent register, read its diary-activity report and issue paper extracts.
    /// </summary>
    public async Task<bool> CanManageClassParentsAsync(int classId, CancellationToken ct = default)
    {
        if (Has(Permission.OverseeSchool)) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        if (!Has(Permission.LeadClass)) return false;
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
        if (Has(Permission.OverseeSchool)) return await db.Parents.AnyAsync(p => p.Id == parentId, ct);
        if (!Has(Permission.LeadClass) || await StudentsLedTodayAsync(ct) is not { } led) return false;
        return await db.StudentParents.AnyAsync(sp => sp.ParentId == parentId && led.Contains(sp.StudentId), ct);
    }

    /// <summary>
    /// The students of the classes the user leads as class teacher today, enrolled there today, as a query to compose; null for one
    /// who is not a member of staff.
    /// </summary>
    private async Task<IQueryable<int>?> StudentsLedTodayAsync(CancellationToken ct)
    {
        if ((await LinksAsync(ct)).StaffMemberId is not int staffId) return null;
        var today = Today();
        return db.Enrolments.Where(e => e.From <= today && (e.To == null || e.To >= today)
                && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                    && c.From <= today && (c.To == null || c.To >= today)))
            .Select(e => e.StudentId);
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
        if (!HasAny(Permission.TeachGroups | Permission.LeadClass)) return false;
        var latest = await db.PersonalDataConsents.Where(c => c.ParentId == parentId).OrderByDescending(c => c.Id)
            .Select(c => new { c.Given, c.Scope }).FirstOrDefaultAsync(ct);
        return latest is { Given: true } && latest.Scope.HasFlag(contact);
    }

    /// <summary>«Родители»: the class teachers keep their classes' consent registers, the administration every class's.</summary>
    public bool KeepsParentRegisters => HasAny(Permission.OverseeSchool | Permission.LeadClass);

    /// <summary>Every class's parents' register, not only the classes he leads today.</summary>
    public bool KeepsEveryParentRegister => Has(Permission.OverseeSchool);

    /// <summary>«Календарь»: a private feed of one's own lessons or timetable (R-X-3).</summary>
    public bool MayHaveCalendarFeeds => Has(Permission.OwnCalendarFeed);

    /// <summary>A feed of the lessons he teaches or the class he leads: staff with a timetable of their own.</summary>
    public bool HasOwnLessonsFeed => Has(Permission.OwnCalendarFeed) && HasAny(Permission.TeachGroups | Permission.LeadClass);

    /// <summary>Revoking anyone's calendar link, not only one's own: the administration and the system administrator.</summary>
    public bool RevokesAnyCalendarFeed => Has(Permission.OverseeSchool);

    /// <summary>«Выписки»: the director, the deputy and class teachers issue paper extracts (R-DIARY-5).</summary>
    public bool IssuesExtracts => SeesWholeSchool || Has(Permission.LeadClass);

    /// <summary>A parent chooses how he is notified of his children's marks and absences.</summary>
    public bool ChoosesNotifications => user.IsInRole(Roles.Parent);

    /// <summary>The signed-in parent's own record (his notification preferences, his acknowledgments).</summary>
    public async Task<int?> OwnParentIdAsync(CancellationToken ct = default) =>
        user.IsInRole(Roles.Parent) ? (await LinksAsync(ct)).ParentId : null;

    /// <summary>A paper extract of a student's diary (R-DIARY-5): the director, the deputy, or his class teacher today.</summary>
    public async Task<bool> CanIssueExtractAsync(int studentId, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return await db.Students.AnyAsync(s => s.Id == studentId, ct);
        if (!Has(Permission.LeadClass)) return false;
        var links = await LinksAsync(ct);
        if (links.StaffMemberId is not int staffId) return false;
        var today = Today();
        return await db.Enrolments.AnyAsync(e => e.StudentId == studentId && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId
                && c.From <= today && (c.To == null || c.To >= today)), ct);
    }
}
