using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The diary's Parents routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] ParentsRows =>
    [
    ];

    public sealed partial class World
    {
        private Task SeedParentsAsync() => Task.CompletedTask;
    }
}
