using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Security routes in the access matrix: a compromised account's incident (R-SEC-5).
public sealed partial class AccessMatrixTests
{
    private static string[] IncidentHandlers => [Roles.Director, Roles.SysAdmin];

    private static Row[] SecurityRows =>
    [
        // A throwaway account of the school: the administration may report it; nobody else is its owner or class teacher.
        new("POST /api/v1/accounts/{id}/compromise", w => $"/api/v1/accounts/{w.VictimId}/compromise", Only(IncidentHandlers),
            _ => JsonContent.Create(new { since = "2026-11-20T08:00:00+03:00", reason = "проверка матрицы" })),
        new("GET /api/v1/incidents", _ => "/api/v1/incidents", Only(IncidentHandlers)),
        // The refresh token is the credential: whoever holds a valid one gets a new access token.
        new("POST /api/v1/auth/refresh", _ => "/api/v1/auth/refresh", Public(), w => JsonContent.Create(new { refreshToken = w.RefreshToken })),
        new("GET /api/v1/incidents/{id:long}/operations", w => $"/api/v1/incidents/{w.IncidentId}/operations", Only(IncidentHandlers)),
        new("POST /api/v1/incidents/{id:long}/rollback", w => $"/api/v1/incidents/{w.IncidentId}/rollback", Only(IncidentHandlers)),
        new("POST /api/v1/incidents/{id:long}/restore", w => $"/api/v1/incidents/{w.IncidentId}/restore", Only(IncidentHandlers)),
        new("PAGE /Admin/Incidents/{id:long?}", w => $"/Admin/Incidents/{w.IncidentId}", Only(IncidentHandlers)),
        // Everyone signed in may report his own account (the form; GET only here, the POST would lock the caller).
        new("PAGE /Account/Compromised", _ => "/Account/Compromised", SignedIn()),
    ];

    public sealed partial class World
    {
        public string VictimId { get; private set; } = "";
        public long IncidentId { get; private set; }
        public string RefreshToken { get; private set; } = "";

        private async Task SeedSecurityAsync()
        {
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
                var school = await db.Schools.Select(s => s.Id).FirstAsync();
                var victim = new AppUser { UserName = "matrix.victim", DisplayName = "Учётная запись для проверки", SchoolId = school };
                await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(victim, JournalApp.Password);
                VictimId = victim.Id;
            }
            var director = await ClientAsync(Roles.Director, cookie: false);
            var reported = await director.PostAsJsonAsync($"/api/v1/accounts/{VictimId}/compromise", new { since = "2026-11-20T08:00:00+03:00" });
            IncidentId = (await reported.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("incidentId").GetInt64();
            var login = await _app.CreateClient()
                .PostAsJsonAsync("/api/v1/auth/login", new { login = LoginOf(Roles.Teacher), password = JournalApp.Password });
            RefreshToken = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("refreshToken").GetString()!;
        }
    }
}
