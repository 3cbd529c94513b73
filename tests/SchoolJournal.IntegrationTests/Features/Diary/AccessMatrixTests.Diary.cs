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
        // Without ?studentId the page opens the caller's own diary: staff have none (with it, staff who work with the student get in).
        new("PAGE /Diary", _ => "/Diary", Only(Roles.Student, Roles.Parent)),
        new("GET /api/v1/students/{studentId:int}/diary", w => $"/api/v1/students/{w.StudentId}/diary?from=2026-11-16&to=2026-11-22",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
    ];

    public sealed partial class World
    {
        private Task SeedDiaryAsync() => Task.CompletedTask;
    }
}
