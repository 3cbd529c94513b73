using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>Journals (R-JRN): whose grid the user reads, which lessons he writes, who closes and reopens a period.</summary>
public sealed partial class AccessService
{
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
        if (SeesWholeSchool || Has(Permission.OverseeJournals)) return db.TeachingGroups;
        var id = user.Id;
        var staff = db.StaffMembers.Where(s => id != null && s.UserId == id).Select(s => s.Id);
        var teacher = Has(Permission.TeachGroups);
        var classTeacher = Has(Permission.LeadClass);
        return db.TeachingGroups.Where(g =>
            (teacher && (db.TeachingAssignments.Any(a => a.TeachingGroupId == g.Id && staff.Contains(a.StaffMemberId))
                || db.Lessons.Any(l => l.TeachingGroupId == g.Id && l.SubstituteTeacherId != null && staff.Contains(l.SubstituteTeacherId.Value))))
            || (classTeacher && db.GroupClasses.Any(c => c.TeachingGroupId == g.Id
                && db.ClassTeachers.Any(t => t.SchoolClassId == c.SchoolClassId && staff.Contains(t.StaffMemberId)))));
    }

    private async Task<IQueryable<TeachingGroup>> GroupsReadAsync(bool family, CancellationToken ct)
    {
        if (SeesWholeSchool || Has(Permission.OverseeJournals)) return db.TeachingGroups;
        var links = await LinksAsync(ct);
        var ids = new List<IQueryable<int>>();
        if (links.StaffMemberId is int staffId)
        {
            if (Has(Permission.TeachGroups))
            {
                ids.Add(db.TeachingAssignments.Where(a => a.StaffMemberId == staffId).Select(a => a.TeachingGroupId));
                ids.Add(db.Lessons.Where(l => l.SubstituteTeacherId == staffId).Select(l => l.TeachingGroupId));
            }
            if (Has(Permission.LeadClass))
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
        if (links.StaffMemberId is not int staffId || !Has(Permission.TeachGroups))
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
        (await TaughtGroupSetAsync(ct)).Contains(groupId);

    /// <summary>A lesson's journal entry: the group's teacher, or the substitute of that one lesson (R-YEAR-13).</summary>
    public async Task<bool> CanWriteLessonAsync(int lessonId, CancellationToken ct = default)
    {
        var lesson = await db.Lessons.Where(l => l.Id == lessonId)
            .Select(l => new { l.TeachingGroupId, l.SubstituteTeacherId }).FirstOrDefaultAsync(ct);
        return lesson is not null && await CanWriteLessonAsync(lesson.TeachingGroupId, lesson.SubstituteTeacherId, ct);
    }

    /// <summary>The same rule for a lesson the caller has read already: its group and its substitute teacher.</summary>
    public async Task<bool> CanWriteLessonAsync(int groupId, int? substituteTeacherId, CancellationToken ct = default)
    {
        if (!Has(Permission.TeachGroups)) return false;
        var links = await LinksAsync(ct);
        if (substituteTeacherId is int sub && sub == links.StaffMemberId) return true;
        return await CanWriteJournalAsync(groupId, ct);
    }

    /// <summary>Only teachers write journals: anyone else is refused before any record is looked up.</summary>
    public bool WritesJournals => Has(Permission.TeachGroups);

    /// <summary>«Журналы»: the administration, teachers and class teachers; students and parents read the diary instead.</summary>
    public bool ReadsJournals => HasAny(Permission.Administer | Permission.OverseeJournals | Permission.TeachGroups | Permission.LeadClass);

    /// <summary>
    /// Which of a group's lessons the user writes: every one for the group's teacher, for a substitute only those he
    /// substitutes in (R-YEAR-13), none for anyone else.
    /// </summary>
    public async Task<IReadOnlySet<int>> WritableLessonsAsync(int groupId, IReadOnlyCollection<int> lessonIds, CancellationToken ct = default)
    {
        if (!WritesJournals) return new HashSet<int>();
        if (await CanWriteJournalAsync(groupId, ct)) return lessonIds.ToHashSet();
        if ((await LinksAsync(ct)).StaffMemberId is not int staffId) return new HashSet<int>();
        return (await db.Lessons.Where(l => lessonIds.Contains(l.Id) && l.SubstituteTeacherId == staffId).Select(l => l.Id).ToListAsync(ct))
            .ToHashSet();
    }

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

    /// <summary>Daily absences and class journals: class teachers (of their classes) and the administration (of every class).</summary>
    public bool LeadsOrAdministersClasses => HasAny(Permission.LeadClass | Permission.Administer);

    /// <summary>
    /// Who changed a journal record (its audit history): the administration, and the staff who read that group's
    /// journal through their teaching or their class. Students and parents read their journals, not who changed them.
    /// </summary>
    public async Task<bool> CanReadJournalHistoryAsync(int? groupId, CancellationToken ct = default) =>
        SeesWholeSchool || (groupId is int g && HasAny(Permission.TeachGroups | Permission.LeadClass) && await CanReadJournalAsync(g, ct));

    /// <summary>An account's audit history: the administration and those who manage accounts.</summary>
    public bool ReadsAccountHistory => SeesWholeSchool || CanManageAccounts;

    /// <summary>
    /// The class teacher's daily absence mark for his class (seed 004): the class teacher of that class on
    /// <paramref name="date"/>, the deputy or the director. Subject teachers read it in their journals.
    /// </summary>
    public async Task<bool> CanMarkDailyAbsenceAsync(int classId, DateOnly date, CancellationToken ct = default)
    {
        if (SeesWholeSchool) return true;
        var links = await LinksAsync(ct);
        return Has(Permission.LeadClass) && links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId
                && c.From <= date && (c.To == null || c.To >= date), ct);
    }

    /// <summary>
    /// A class's journals in every subject and its summary sheet of final grades, read-only: the director, the deputy
    /// and the class teacher of that class (also one who led it earlier in the year).
    /// </summary>
    public async Task<bool> CanReadClassJournalAsync(int classId, CancellationToken ct = default)
    {
        if (SeesWholeSchool || Has(Permission.OverseeJournals)) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        if (!Has(Permission.LeadClass)) return false;
        var links = await LinksAsync(ct);
        return links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId, ct);
    }
}
