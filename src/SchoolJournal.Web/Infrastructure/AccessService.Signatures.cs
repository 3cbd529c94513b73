using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

public sealed partial class AccessService
{
    /// <summary>Staff signing certificates (R-JRN-11): imported and withdrawn by those who change the school's settings — the system
    /// administrator and the director.</summary>
    public bool ManagesCertificates => Has(Permission.ManageSettings) && user.SchoolId is not null;

    /// <summary>A group's journal for a period is signed by its own teacher, the one who wrote it (R-JRN-11).</summary>
    public async Task<bool> CanSignJournalAsync(int groupId, CancellationToken ct = default) =>
        WritesJournals && await CanWriteJournalAsync(groupId, ct);

    /// <summary>The year's archive is signed by the director (R-ROLE-1); the administration that prints it checks it.</summary>
    public bool SignsYearArchive => user.IsInRole(Roles.Director) && user.SchoolId is not null;
}
