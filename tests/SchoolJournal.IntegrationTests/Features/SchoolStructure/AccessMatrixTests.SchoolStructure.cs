using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The school structure API (classes, rosters, periods, groups) in the access matrix.
public sealed partial class AccessMatrixTests
{
    private static Row[] SchoolStructureRows =>
    [
        new("GET /api/v1/classes", _ => "/api/v1/classes", SignedIn()),
        new("GET /api/v1/classes/{id:int}/students", w => $"/api/v1/classes/{w.ClassId}/students", Only(Staff)),
        new("GET /api/v1/periods", _ => "/api/v1/periods", SignedIn()),
        new("GET /api/v1/groups", _ => "/api/v1/groups", SignedIn()),
    ];
}
