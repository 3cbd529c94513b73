using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The audit API in the access matrix.
public sealed partial class AccessMatrixTests
{
    private static Row[] AuditRows =>
    [
        new("GET /api/v1/audit", w => $"/api/v1/audit?entity=mark&id={w.MarkId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
    ];
}
