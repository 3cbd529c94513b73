using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

public sealed partial class AccessService
{
    /// <summary>
    /// Backups and the integrity check (R-ARCH-3, R-ARCH-4) hold the whole deployment's data: the system administrator or the one
    /// the director appointed responsible for backups, and only of a deployment that holds his school alone. A region's backups
    /// are made by its operators with the <c>backup</c> command.
    /// </summary>
    public async Task<bool> ManagesBackupsAsync(CancellationToken ct = default) =>
        Has(Permission.ManageBackups) && user.SchoolId is int school
            && !await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id != school, ct);

    /// <summary>
    /// The annual print of the journals (R-ARCH-1): the school's own archive, so its administration — the director, the deputy and
    /// the system administrator (<see cref="Permission.OverseeSchool"/>) — of a school; a regional operator prints with the command.
    /// </summary>
    public bool PrintsYearJournals => Has(Permission.OverseeSchool) && user.SchoolId is not null;

    /// <summary>«Работа без системы» (R-ARCH-5): the outages are registered by those who change the school's settings — the director
    /// and the system administrator.</summary>
    public bool RegistersOutages => Has(Permission.ManageSettings) && user.SchoolId is not null;

    /// <summary>The blank forms of a class for the days without the system: its class teacher, the deputy and the director
    /// (each form then is checked by <see cref="CanReadClassJournalAsync"/> for its class).</summary>
    public bool PrintsBlankForms => LeadsOrAdministersClasses && user.SchoolId is not null;

    /// <summary>
    /// The whole school in one archive (issue 15, decision record 0017) holds every person's data, the password hashes and the audit log:
    /// those who change the school's settings — the director and the system administrator — and who may export
    /// (<see cref="CanExport"/>).
    /// </summary>
    public bool ExportsWholeSchool => Has(Permission.ManageSettings) && CanExport && user.SchoolId is not null;

    /// <summary>
    /// A school package is read into the deployment by its system administrator: the system administrator of the school the
    /// installation was set up for (its first school). A fresh installation has nobody to sign in and a region's operators have no
    /// school: both use the <c>import-school</c> command.
    /// </summary>
    public async Task<bool> ImportsSchoolsAsync(CancellationToken ct = default) =>
        user.IsInRole(Roles.SysAdmin) && Has(Permission.ManageBackups) && user.SchoolId is int school
            && await db.Schools.IgnoreQueryFilters().MinAsync(s => (int?)s.Id, ct) == school;
}
