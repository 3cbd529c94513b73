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
    /// The students whose birth date and sex a OneRoster client with the demographics scope may read (R-SEC-4): those with a parent
    /// whose statement in force (his latest in the consent register) is a consent. Without one, the student has no demographics record.
    /// </summary>
    public IQueryable<int> StudentsWithConsentInForce() =>
        db.StudentParents.Where(l => db.PersonalDataConsents.Any(c => c.ParentId == l.ParentId && c.Given
                && !db.PersonalDataConsents.Any(later => later.ParentId == c.ParentId && later.Id > c.Id)))
            .Select(l => l.StudentId).Distinct();
}
