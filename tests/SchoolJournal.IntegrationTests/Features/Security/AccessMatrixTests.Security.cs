using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Security routes in the access matrix: a compromised account's incident (R-SEC-5).
public sealed partial class AccessMatrixTests
{
    private static readonly string[] IncidentHandlers = [Roles.Director, Roles.SysAdmin];

    private static Row[] SecurityRows =>
    [
        // A throwaway account of the school: the administration may report it; nobody else is its owner or class teacher.
        new("POST /api/v1/accounts/{id}/compromise", w => $"/api/v1/accounts/{w.VictimId}/compromise", Only(IncidentHandlers),
            _ => JsonContent.Create(new { since = "2026-11-20T08:00:00+03:00", reason = "проверка матрицы" })),
        new("GET /api/v1/incidents", _ => "/api/v1/incidents", Only(IncidentHandlers)),
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

        private async Task SeedSecurityAsync()
        {
            VictimId = await _app.SeedAsync(async b => (await b.UserAsync("matrix.victim", "Учётная запись для проверки", [])).Id);
            var director = await ClientAsync(Roles.Director, cookie: false);
            var reported = await director.PostAsJsonAsync($"/api/v1/accounts/{VictimId}/compromise", new { since = "2026-11-20T08:00:00+03:00" });
            IncidentId = (await reported.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("incidentId").GetInt64();
        }
    }
}
