using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Students' personal files and the duties the director appoints, in the access matrix.
public sealed partial class AccessMatrixTests
{
    /// <summary>A student's file: the director, the deputy and the class teacher of his class (AccessService.CanKeepStudentFileAsync).</summary>
    private static string[] FileKeepers => [Roles.Director, Roles.Deputy, Roles.ClassTeacher];

    private static Row[] StudentsRows =>
    [
        new("PAGE /Students/{studentId:int}", w => $"/Students/{w.StudentId}", Only(FileKeepers)),
        new("GET /api/v1/students/{studentId:int}/card", w => $"/api/v1/students/{w.StudentId}/card", Only(FileKeepers)),
        // Every field, all empty: those who keep the file get past the check and a Russian 400 (no surname); nothing changes.
        new("PUT /api/v1/students/{studentId:int}/card", w => $"/api/v1/students/{w.StudentId}/card", Writers(FileKeepers),
            _ => JsonContent.Create(new Dictionary<string, object?>
            {
                ["lastName"] = null, ["firstName"] = null, ["middleName"] = null, ["birthDate"] = null, ["gender"] = null, ["snils"] = null,
                ["address"] = null, ["identityDocument"] = null, ["healthGroup"] = null, ["physicalEducationGroup"] = null,
            })),
        new("PAGE /Admin/Duties", _ => "/Admin/Duties", Only(Roles.Director, Roles.Deputy, Roles.SysAdmin)),
        new("GET /api/v1/staff-duties", _ => "/api/v1/staff-duties", Only(Roles.Director, Roles.Deputy, Roles.SysAdmin)),
        new("POST /api/v1/staff-duties", _ => "/api/v1/staff-duties", Writers(Roles.Director), _ => JsonContent.Create(new { })),
        new("POST /api/v1/staff-duties/{id:int}/end", _ => "/api/v1/staff-duties/999999/end", Writers(Roles.Director),
            _ => JsonContent.Create(new { to = "2027-05-31" })),
    ];
}
