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
}
