using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The Extracts routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] ExtractsRows =>
    [
        // Paper extracts: the director, the deputy and the student's class teacher today (AccessService.CanIssueExtractAsync).
        new("POST /api/v1/students/{studentId:int}/extracts", w => $"/api/v1/students/{w.StudentId}/extracts",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher),
            _ => JsonContent.Create(new { from = "2026-11-16", to = "2026-11-22", issuedTo = "лично ученику" })),
        new("GET /api/v1/students/{studentId:int}/extracts", w => $"/api/v1/students/{w.StudentId}/extracts",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Extracts", _ => "/Extracts", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Extracts/Class/{classId:int}", w => $"/Extracts/Class/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
    ];

    public sealed partial class World
    {
        private Task SeedExtractsAsync() => Task.CompletedTask;
    }
}
