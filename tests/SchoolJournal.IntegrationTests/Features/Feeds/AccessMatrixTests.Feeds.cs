using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The Feeds routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] FeedsRows =>
    [
        new("GET /api/v1/calendar-feeds", _ => "/api/v1/calendar-feeds", SignedIn()),
        // For a child: the student himself and his parent; staff make feeds of their own lessons only (no studentId).
        new("POST /api/v1/calendar-feeds", _ => "/api/v1/calendar-feeds", Only(Roles.Student, Roles.Parent),
            w => JsonContent.Create(new { studentId = w.StudentId })),
        // The parent's feed: its creator and the administration revoke it (again: 204, nothing changes).
        new("DELETE /api/v1/calendar-feeds/{id:int}", w => $"/api/v1/calendar-feeds/{w.FeedId}",
            Only(Roles.Director, Roles.Deputy, Roles.SysAdmin, Roles.Parent)),
        new("PAGE /Diary/Calendar", _ => "/Diary/Calendar", Only(Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
        // The public feed: no session needed; a bogus token is 404 for everyone (checked in FeedTests).
        new("GET /ical/{token}.ics", _ => "/ical/bogus-token.ics", Callers.ToDictionary(c => c, _ => Access.Allowed)),
    ];

    public sealed partial class World
    {
        public int FeedId { get; private set; }

        private async Task SeedFeedsAsync()
        {
            var parent = await ClientAsync(Roles.Parent, cookie: false);
            var created = await parent.PostAsJsonAsync("/api/v1/calendar-feeds", new { studentId = StudentId });
            FeedId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        }
    }
}
