using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Messages routes in the access matrix.
public sealed partial class AccessMatrixTests
{
    private static Row[] MessagesRows =>
    [
        new("POST /api/v1/students/{studentId:int}/messages", w => $"/api/v1/students/{w.StudentId}/messages",
            Only(Roles.ClassTeacher, Roles.Teacher),
            _ => JsonContent.Create(new { kind = "message", text = "Проверьте дневник" })),
        new("GET /api/v1/students/{studentId:int}/messages", w => $"/api/v1/students/{w.StudentId}/messages",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
        new("PAGE /Messages/Student/{studentId:int}", w => $"/Messages/Student/{w.StudentId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
    ];
}
