using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// «Внешние системы» (OneRoster clients) are the director's and the system administrator's. The OneRoster REST binding answers a client's
// token only: a user's session or bearer token is not one, so every caller gets 401 there (the token flow is in OneRosterRestTests).
public sealed partial class AccessMatrixTests
{
    private static string[] OneRosterManagers => [Roles.Director, Roles.SysAdmin];

    private static string[] RosteringRoutes =>
    [
        "/orgs",
        "/orgs/{sourcedId}",
        "/schools",
        "/schools/{sourcedId}",
        "/academicSessions",
        "/academicSessions/{sourcedId}",
        "/terms",
        "/terms/{sourcedId}",
        "/gradingPeriods",
        "/gradingPeriods/{sourcedId}",
        "/courses",
        "/courses/{sourcedId}",
        "/classes",
        "/classes/{sourcedId}",
        "/users",
        "/users/{sourcedId}",
        "/students",
        "/students/{sourcedId}",
        "/teachers",
        "/teachers/{sourcedId}",
        "/enrollments",
        "/enrollments/{sourcedId}",
        "/demographics",
        "/demographics/{sourcedId}",
        "/classes/{classSourcedId}/students",
        "/classes/{classSourcedId}/teachers",
        "/courses/{courseSourcedId}/classes",
        "/schools/{schoolSourcedId}/classes",
        "/schools/{schoolSourcedId}/courses",
        "/schools/{schoolSourcedId}/enrollments",
        "/schools/{schoolSourcedId}/students",
        "/schools/{schoolSourcedId}/teachers",
        "/schools/{schoolSourcedId}/terms",
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments",
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/students",
        "/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers",
        "/students/{studentSourcedId}/classes",
        "/teachers/{teacherSourcedId}/classes",
        "/users/{userSourcedId}/classes",
        "/terms/{termSourcedId}/classes",
        "/terms/{termSourcedId}/gradingPeriods",
    ];

    private static string[] GradebookRoutes =>
    [
        "/categories",
        "/categories/{sourcedId}",
        "/lineItems",
        "/lineItems/{sourcedId}",
        "/results",
        "/results/{sourcedId}",
        "/classes/{classSourcedId}/categories",
        "/classes/{classSourcedId}/lineItems",
        "/classes/{classSourcedId}/results",
        "/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results",
        "/classes/{classSourcedId}/students/{studentSourcedId}/results",
    ];

    private static Row[] OneRosterRows =>
    [
        new("GET /api/v1/oneroster-clients", _ => "/api/v1/oneroster-clients", Only(OneRosterManagers)),
        new("POST /api/v1/oneroster-clients", _ => "/api/v1/oneroster-clients", Only(OneRosterManagers),
            _ => System.Net.Http.Json.JsonContent.Create(
                new { name = "Moodle", scopes = new[] { "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly" } })),
        new("DELETE /api/v1/oneroster-clients/{id:int}", _ => "/api/v1/oneroster-clients/999999", Writers(OneRosterManagers)),
        new("PAGE /Admin/OneRoster/Clients", _ => "/Admin/OneRoster/Clients", Only(OneRosterManagers)),
        // The token endpoint is public by nature: without a form it answers 400 invalid_request to everyone.
        new("POST /ims/oneroster/v1p2/token", _ => "/ims/oneroster/v1p2/token", Callers.ToDictionary(c => c, _ => Access.Allowed)),
        .. RosteringRoutes.Select(p => ImsRow("/ims/oneroster/rostering/v1p2" + p)),
        .. GradebookRoutes.Select(p => ImsRow("/ims/oneroster/gradebook/v1p2" + p)),
    ];

    private static Row ImsRow(string pattern) =>
        new("GET " + pattern, _ => System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "x"),
            Callers.ToDictionary(c => c, _ => Access.Login));
}
