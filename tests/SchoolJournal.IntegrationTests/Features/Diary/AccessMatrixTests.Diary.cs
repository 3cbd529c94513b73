using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The diary's Diary routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] DiaryRows =>
    [
        new("PAGE /Diary", _ => "/Diary", Only(Roles.Student, Roles.Parent)),
    ];

    public sealed partial class World
    {
        private Task SeedDiaryAsync() => Task.CompletedTask;
    }
}
