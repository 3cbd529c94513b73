using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Electronic signatures in the access matrix: certificates for those who change the school's settings (AccessService.ManagesCertificates),
// a journal's signature read by its readers and made by its teacher (CanSignJournalAsync), the archive page for the administration.
public sealed partial class AccessMatrixTests
{
    private static Row[] SignaturesRows =>
    [
        new("PAGE /Admin/Certificates", _ => "/Admin/Certificates", Only(Roles.Director, Roles.SysAdmin)),
        new("PAGE /Admin/Archive/Signatures", _ => "/Admin/Archive/Signatures", Only(Roles.Director, Roles.Deputy, Roles.SysAdmin)),
        new("GET /api/v1/certificates", _ => "/api/v1/certificates", Only(Roles.Director, Roles.SysAdmin)),
        // No file: those allowed get 400 «Нет файла», the rest 403 before the body is read.
        new("POST /api/v1/certificates", _ => "/api/v1/certificates", Writers(Roles.Director, Roles.SysAdmin),
            _ => JsonContent.Create(new { login = World.LoginOf(Roles.Teacher) })),
        new("POST /api/v1/certificates/{id:int}/revoke", _ => "/api/v1/certificates/999999/revoke", Writers(Roles.Director, Roles.SysAdmin)),
        new("GET /api/v1/groups/{groupId:int}/periods/{periodId:int}/signature",
            w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/signature",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        // The teacher gets past the check and is refused later (the period open: 409, or no certificate: 400).
        new("POST /api/v1/groups/{groupId:int}/periods/{periodId:int}/signature",
            w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/signature",
            Writers(Roles.Teacher)),
    ];
}
