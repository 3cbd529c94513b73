using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Backups and the integrity check in the access matrix: the system administrator of a one-school deployment.
public sealed partial class AccessMatrixTests
{
    private static Row[] ArchiveRows =>
    [
        new("PAGE /Admin/Backups", _ => "/Admin/Backups", Only(Roles.SysAdmin)),
    ];
}
