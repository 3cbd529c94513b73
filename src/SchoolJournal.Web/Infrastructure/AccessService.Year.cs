using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The year set-up (R-YEAR): who manages it, who edits a class's groups or a group's КТП.</summary>
public sealed partial class AccessService
{
    /// <summary>
    /// Setting up the school year (R-YEAR): periods, holidays, subjects, rooms, staff, classes, groups, curricula,
    /// load, bells, timetable, ВШК, substitutions, movement, grading, rollover. The director, the deputy and the
    /// system administrator write; everyone else reads what his role shows.
    /// </summary>
    public bool CanManageYear => Has(Permission.ManageYear);

    /// <summary>
    /// Imports from spreadsheets (R-X-1) create students, parents, staff and classes at once: those who enrol students and
    /// set up the year (the movement of students is theirs too), never a class teacher or a teacher.
    /// </summary>
    public bool CanImport => Has(Permission.ImportData | Permission.ManageYear);

    /// <summary>
    /// Exports of the school's lists and its OneRoster package carry every student's and parent's personal data: the same people as
    /// import them (<see cref="CanImport"/>).
    /// </summary>
    public bool CanExport => CanImport;

    /// <summary>Those who may write some group (all of them, or a sub-group of their class): refused before any lookup.</summary>
    public bool WritesSomeGroups => CanManageYear || Has(Permission.LeadClass);

    /// <summary>The timetables of teachers and rooms, besides those of classes: staff who manage the year, teach or lead a class.</summary>
    public bool ReadsStaffTimetables => CanManageYear || HasAny(Permission.TeachGroups | Permission.LeadClass);

    /// <summary>The groups of a class and their members: those who manage the year, or the class teacher of that class.</summary>
    public async Task<bool> CanEditClassGroupsAsync(int classId, CancellationToken ct = default)
    {
        if (CanManageYear) return true;
        var links = await LinksAsync(ct);
        return Has(Permission.LeadClass) && links.StaffMemberId is int staffId &&
            await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId && c.StaffMemberId == staffId && c.To == null, ct);
    }

    /// <summary>
    /// A group's КТП (R-YEAR-10): its teacher writes his own plan; those who manage the year write any. Staff who
    /// read the group's journal read its plan.
    /// </summary>
    public async Task<bool> CanEditThematicPlanAsync(int groupId, CancellationToken ct = default) =>
        CanManageYear || await CanWriteJournalAsync(groupId, ct);
}
