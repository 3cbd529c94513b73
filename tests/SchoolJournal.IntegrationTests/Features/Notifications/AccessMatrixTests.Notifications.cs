using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The Notifications routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] NotificationsRows =>
    [
        // A parent's own preferences: only a parent reads and changes them.
        new("GET /api/v1/me/notification-preferences", _ => "/api/v1/me/notification-preferences", Only(Roles.Parent)),
        new("PUT /api/v1/me/notification-preferences", _ => "/api/v1/me/notification-preferences", Only(Roles.Parent),
            _ => JsonContent.Create(new { channels = "both", mode = "immediate" })),
        new("PAGE /Diary/Notifications", _ => "/Diary/Notifications", Only(Roles.Parent)),
    ];

    public sealed partial class World
    {
        private Task SeedNotificationsAsync() => Task.CompletedTask;
    }
}
