using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Accounts routes in the access matrix: the administrator's accounts and a class's logins (R-SEC-3).
public sealed partial class AccessMatrixTests
{
    private static string[] CredentialIssuers => [Roles.ClassTeacher, Roles.SysAdmin];

    private static string[] RoleKeepers => [Roles.Director, Roles.SysAdmin];

    private static Row[] AccountsRows =>
    [
        // The class teacher of the world's class and the administrator; the class's student and parent have logins already,
        // so the call issues nothing and changes nothing.
        new("POST /api/v1/classes/{classId:int}/credentials", w => $"/api/v1/classes/{w.ClassId}/credentials", Only(CredentialIssuers),
            _ => JsonContent.Create(new { who = "both" })),
        new("GET /api/v1/classes/{classId:int}/credentials", w => $"/api/v1/classes/{w.ClassId}/credentials", Only(CredentialIssuers)),
        // The link itself is the credential (it names its issuer): without one every signed-in caller gets 404.
        new("GET /api/v1/credentials/slips", _ => "/api/v1/credentials/slips", Writers([.. Callers.Where(c => c != Anonymous)])),
        new("GET /api/v1/accounts", _ => "/api/v1/accounts?q=matrix", Only(Roles.SysAdmin)),
        new("POST /api/v1/accounts", _ => "/api/v1/accounts", Writers(Roles.SysAdmin), _ => JsonContent.Create(new { lastName = "Запасов" })),
        new("GET /api/v1/accounts/{id}", w => $"/api/v1/accounts/{w.SpareId}", Only(Roles.SysAdmin)),
        new("PUT /api/v1/accounts/{id}", w => $"/api/v1/accounts/{w.SpareId}", Writers(Roles.SysAdmin), _ => JsonContent.Create(new { })),
        new("POST /api/v1/accounts/{id}/lock", w => $"/api/v1/accounts/{w.SpareId}/lock", Writers(Roles.SysAdmin)),
        new("POST /api/v1/accounts/{id}/unlock", w => $"/api/v1/accounts/{w.SpareId}/unlock", Writers(Roles.SysAdmin)),
        new("POST /api/v1/accounts/{id}/reset-password", w => $"/api/v1/accounts/{w.SpareId}/reset-password", Writers(Roles.SysAdmin)),
        new("POST /api/v1/accounts/{id}/reset-two-factor", w => $"/api/v1/accounts/{w.SpareId}/reset-two-factor", Writers(Roles.SysAdmin)),
        new("POST /api/v1/accounts/{id}/close", w => $"/api/v1/accounts/{w.SpareId}/close", Writers(Roles.SysAdmin),
            _ => JsonContent.Create(new { })),
        new("POST /api/v1/accounts/{id}/reopen", w => $"/api/v1/accounts/{w.SpareId}/reopen", Writers(Roles.SysAdmin)),
        // A parent's children: the spare account is nobody's parent, so the administrator gets a Russian 400 and nothing changes.
        new("GET /api/v1/accounts/{id}/children", w => $"/api/v1/accounts/{w.SpareId}/children", Writers(Roles.SysAdmin)),
        new("POST /api/v1/accounts/{id}/children", w => $"/api/v1/accounts/{w.SpareId}/children", Writers(Roles.SysAdmin),
            w => JsonContent.Create(new { studentId = w.StudentId, kind = "mother" })),
        new("DELETE /api/v1/accounts/{id}/children/{studentId:int}", w => $"/api/v1/accounts/{w.SpareId}/children/{w.StudentId}",
            Writers(Roles.SysAdmin)),
        // The school's roles (R-ROLE-8): the administrator and the director. Writes get bodies that fail validation (or a role that
        // is not there), so those let in answer 400/404 and nothing changes.
        new("PAGE /Admin/Roles", _ => "/Admin/Roles", Only(RoleKeepers)),
        new("GET /api/v1/school-roles", _ => "/api/v1/school-roles", Only(RoleKeepers)),
        new("POST /api/v1/school-roles", _ => "/api/v1/school-roles", Writers(RoleKeepers), _ => JsonContent.Create(new { name = "" })),
        new("GET /api/v1/school-roles/{id:int}", w => $"/api/v1/school-roles/{w.SchoolRoleId}", Only(RoleKeepers)),
        new("PUT /api/v1/school-roles/{id:int}", w => $"/api/v1/school-roles/{w.SchoolRoleId}", Writers(RoleKeepers),
            _ => JsonContent.Create(new { name = "" })),
        new("DELETE /api/v1/school-roles/{id:int}", _ => "/api/v1/school-roles/999999", Writers(RoleKeepers)),
        // The world's role holds overseeJournals, which neither of them holds: a role not there (404) keeps the call past the check.
        new("POST /api/v1/school-roles/{id:int}/members", _ => "/api/v1/school-roles/999999/members", Writers(RoleKeepers),
            _ => JsonContent.Create(new { userId = "" })),
        new("DELETE /api/v1/school-roles/{id:int}/members/{userId}", w => $"/api/v1/school-roles/{w.SchoolRoleId}/members/nobody",
            Writers(RoleKeepers)),
        new("PAGE /Admin/Accounts", _ => "/Admin/Accounts?q=matrix", Only(Roles.SysAdmin)),
        new("PAGE /Admin/Accounts/{id}", w => $"/Admin/Accounts/{w.SpareId}", Only(Roles.SysAdmin)),
        new("PAGE /Credentials", _ => "/Credentials", Only(CredentialIssuers)),
        new("PAGE /Credentials/Class/{classId:int}", w => $"/Credentials/Class/{w.ClassId}", Only(CredentialIssuers)),
    ];

    public sealed partial class World
    {
        /// <summary>A throwaway account of the school for the administrator's writes.</summary>
        public string SpareId { get; private set; } = "";
        public int SchoolRoleId { get; private set; }

        private async Task SeedAccountsAsync()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            var school = await db.Schools.Select(s => s.Id).FirstAsync();
            var spare = new AppUser { UserName = "matrix.spare", DisplayName = "Запасная учётная запись", SchoolId = school };
            await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(spare, JournalApp.Password);
            SpareId = spare.Id;
            SchoolRoleId = await db.SchoolRoles.Select(r => r.Id).FirstAsync();
        }
    }
}
