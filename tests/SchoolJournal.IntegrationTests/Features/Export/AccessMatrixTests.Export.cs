using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Exports (R-X-1, R-X-3) carry every student's and parent's personal data: the same people as import them, nobody else.
public sealed partial class AccessMatrixTests
{
    private static Row[] ExportRows =>
    [
        new("GET /api/v1/exports/{list}", _ => "/api/v1/exports/classes?format=csv", Only(YearManagers)),
        new("GET /api/v1/exports/oneroster", _ => "/api/v1/exports/oneroster", Only(YearManagers)),
        // The regional package: the same people; a request without a period is refused as bad input past the access check.
        new("POST /api/v1/exports/regional", _ => "/api/v1/exports/regional?recipient=region", Writers(YearManagers)),
        new("GET /api/v1/exports/regional", _ => "/api/v1/exports/regional", Only(YearManagers)),
        new("PAGE /Admin/Export", _ => "/Admin/Export", Only(YearManagers)),
        // The whole school with the password hashes and the audit log: the director and the system administrator.
        new("GET /api/v1/exports/school", _ => "/api/v1/exports/school", Only(Roles.Director, Roles.SysAdmin)),
        // Read into the deployment by the system administrator of its first school; the body is not a zip, so nothing is written.
        new("POST /api/v1/schools/import", _ => "/api/v1/schools/import", Writers(Roles.SysAdmin), _ => NotAZip()),
    ];
}
