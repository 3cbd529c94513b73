namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's curricula routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] CurriculaRows =>
    [
    ];

    public sealed partial class World
    {
        private Task SeedCurriculaAsync() => Task.CompletedTask;
    }
}
