using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Account routes (pages and the API's sign-in) in the access matrix.
public sealed partial class AccessMatrixTests
{
    private static Row[] AccountRows =>
    [
        new("POST /api/v1/auth/login", _ => "/api/v1/auth/login", Public(),
            _ => JsonContent.Create(new { login = "matrix." + Roles.Director, password = JournalApp.Password })),
        new("GET /api/v1/me", _ => "/api/v1/me", SignedIn()),
        new("PAGE /Account/Login", _ => "/Account/Login", Public()),
        new("PAGE /Account/AccessDenied", _ => "/Account/AccessDenied", Public()),
        new("PAGE /Account/Logout", _ => "/Account/Logout", SignedIn()),
        new("PAGE /Account/ChangePassword", _ => "/Account/ChangePassword", SignedIn()),
        // The second step of the sign-in: without a right password just before, everybody is sent back to the login page.
        new("PAGE /Account/LoginCode", _ => "/Account/LoginCode", Callers.ToDictionary(c => c, _ => Access.Login)),
        new("PAGE /Account/TwoFactor", _ => "/Account/TwoFactor", Only(Staff)),
    ];
}
