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
    ];
}
