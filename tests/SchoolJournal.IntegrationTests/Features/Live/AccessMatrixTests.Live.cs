using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Live routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static string[] EveryoneSignedIn =>
        [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin, Roles.Student, Roles.Parent];

    private static Row[] LiveRows =>
    [
        // The SignalR hub: every signed-in caller gets past the login (a bare GET is not a SignalR request and earns
        // its 400/405); who may watch which student is the hub's Watch (Diary/Live/DiaryHubTests). Anonymous: 401.
        new("ANY /hubs/diary", _ => "/hubs/diary", Writers(EveryoneSignedIn)),
        new("ANY /hubs/diary/negotiate", _ => "/hubs/diary/negotiate?negotiateVersion=1", Writers(EveryoneSignedIn)),
    ];

    public sealed partial class World
    {
        private Task SeedLiveAsync() => Task.CompletedTask;
    }
}
