namespace SchoolJournal.Web.Infrastructure;

/// <summary>OneRoster 1.2 REST (issue 15): who registers the external systems, and whose demographics may leave the school.</summary>
public sealed partial class AccessService
{
    /// <summary>
    /// A OneRoster client reads every student, parent and member of staff of the school: those who both load the school's data
    /// (<see cref="CanImport"/>) and change its settings register one — the director and the system administrator, not the deputy.
    /// </summary>
    public bool ManagesOneRosterClients => Has(Permission.ImportData | Permission.ManageSettings);

    /// <summary>
    /// The students whose birth date and sex a OneRoster client with the demographics scope may read (R-SEC-4): as for the regional
    /// package (<c>TransferConsent</c>, decision 0018) — a parent's statement in force (his latest in the consent register) consents to
    /// «передача сведений», and no parent's statement in force refuses it. Without that, the student has no demographics record.
    /// </summary>
    public IQueryable<int> StudentsWithConsentInForce()
    {
        var inForce = db.PersonalDataConsents.Where(c => !db.PersonalDataConsents.Any(later => later.ParentId == c.ParentId && later.Id > c.Id)
            && (c.Scope & ConsentScope.Transfer) == ConsentScope.Transfer);
        return db.Students.Where(s =>
                db.StudentParents.Any(l => l.StudentId == s.Id && inForce.Any(c => c.ParentId == l.ParentId && c.Given))
                && !db.StudentParents.Any(l => l.StudentId == s.Id && inForce.Any(c => c.ParentId == l.ParentId && !c.Given)))
            .Select(s => s.Id);
    }
}
