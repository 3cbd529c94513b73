using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Support requests in the access matrix: everyone signed in sends and reads his own; the director and the system administrator answer.
public sealed partial class AccessMatrixTests
{
    private static Row[] SupportRows =>
    [
        new("GET /api/v1/support-requests", _ => "/api/v1/support-requests", SignedIn()),
        new("POST /api/v1/support-requests", _ => "/api/v1/support-requests", SignedIn(),
            _ => JsonContent.Create(new { subject = "Не вижу оценки", text = "Открываю дневник — пусто." })),
        // The parent's request: he and those who answer read it; for anyone else it does not exist (404, SupportTests).
        new("GET /api/v1/support-requests/{id:int}", w => $"/api/v1/support-requests/{w.SupportRequestId}",
            Callers.ToDictionary(c => c, c => c == Anonymous ? Access.Login
                : c is Roles.Director or Roles.SysAdmin or Roles.Parent ? Access.Ok : Access.Allowed)),
        new("PUT /api/v1/support-requests/{id:int}", w => $"/api/v1/support-requests/{w.SupportRequestId}", Only(Roles.Director, Roles.SysAdmin),
            _ => JsonContent.Create(new { status = "in-progress", answer = (string?)null })),
        new("PAGE /Support", _ => "/Support", SignedIn()),
        new("PAGE /Support/Requests", _ => "/Support/Requests", Only(Roles.Director, Roles.SysAdmin)),
    ];

    public sealed partial class World
    {
        public int SupportRequestId { get; private set; }

        private async Task SeedSupportAsync()
        {
            var parent = await ClientAsync(Roles.Parent, cookie: false);
            var created = await parent.PostAsJsonAsync("/api/v1/support-requests", new { subject = "Пароль", text = "Не приходит письмо." });
            SupportRequestId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }
    }
}
