namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's groups routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] GroupsRows =>
    [
    ];

    public sealed partial class World
    {
        private Task SeedGroupsAsync() => Task.CompletedTask;
    }
}
