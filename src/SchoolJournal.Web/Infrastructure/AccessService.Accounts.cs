using Microsoft.EntityFrameworkCore;

namespace SchoolJournal.Web.Infrastructure;

public sealed partial class AccessService
{
    /// <summary>«Логины и пароли» (R-SEC-3): the system administrator and the one appointed to issue logins for any class, a class
    /// teacher for the classes he leads.</summary>
    public bool IssuesCredentials => HasAny(Permission.ManageAccounts | Permission.IssueAllCredentials | Permission.LeadClass);

    private bool IssuesEveryClassCredentials => HasAny(Permission.ManageAccounts | Permission.IssueAllCredentials);

    /// <summary>
    /// Logins and initial passwords for a class's students and their parents: the system administrator, or the class
    /// teacher of that class today.
    /// </summary>
    public async Task<bool> CanIssueCredentialsAsync(int classId, CancellationToken ct = default)
    {
        if (IssuesEveryClassCredentials) return await db.SchoolClasses.AnyAsync(c => c.Id == classId, ct);
        if (!Has(Permission.LeadClass)) return false;
        var links = await LinksAsync(ct);
        var today = Today();
        return links.StaffMemberId is int staffId && await db.ClassTeachers.AnyAsync(c => c.SchoolClassId == classId
            && c.StaffMemberId == staffId && c.From <= today && (c.To == null || c.To >= today), ct);
    }

    /// <summary>The classes whose credentials the user issues, current year only.</summary>
    public async Task<IQueryable<Domain.SchoolClass>> CredentialClassesAsync(CancellationToken ct = default)
    {
        var current = db.SchoolClasses.Where(c => db.AcademicYears.Any(y => y.Id == c.AcademicYearId && y.IsCurrent));
        if (IssuesEveryClassCredentials) return current;
        var staffId = (await LinksAsync(ct)).StaffMemberId ?? 0;
        var today = Today();
        return Has(Permission.LeadClass)
            ? current.Where(c => c.ClassTeachers.Any(t => t.StaffMemberId == staffId && t.From <= today && (t.To == null || t.To >= today)))
            : current.Where(_ => false);
    }
}
