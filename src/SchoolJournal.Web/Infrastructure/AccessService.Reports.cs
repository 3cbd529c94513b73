using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>Reports (R-REP): the administration reads the whole school's, a class teacher only his own class's.</summary>
public sealed partial class AccessService
{
    /// <summary>«Отчёты»: the director, the deputy and class teachers (for their classes).</summary>
    public bool ReadsReports => SeesWholeSchool || Has(Permission.OverseeJournals) || user.IsInRole(Roles.ClassTeacher);

    /// <summary>Reports about every teacher's work (ведение журналов, просроченное): the administration and the one appointed
    /// responsible for the electronic journal.</summary>
    public bool ReadsSchoolReports => SeesWholeSchool || Has(Permission.OverseeJournals);

    /// <summary>
    /// The classes whose reports the user reads, as one composable query: every class for the administration, the
    /// classes he leads for a class teacher, none for anyone else.
    /// </summary>
    public IQueryable<SchoolClass> ReportClasses()
    {
        if (SeesWholeSchool || Has(Permission.OverseeJournals)) return db.SchoolClasses;
        if (!user.IsInRole(Roles.ClassTeacher)) return db.SchoolClasses.Where(_ => false);
        var id = user.Id;
        var staff = db.StaffMembers.Where(s => id != null && s.UserId == id).Select(s => s.Id);
        return db.SchoolClasses.Where(c => db.ClassTeachers.Any(t => t.SchoolClassId == c.Id && staff.Contains(t.StaffMemberId)));
    }
}
