using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The Parents routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    /// <summary>The class teacher of the class today and the administration keep its parents (AccessService.CanManageClassParentsAsync).</summary>
    private static string[] ParentKeepers => [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.SysAdmin];

    private static Row[] ParentsRows =>
    [
        new("PAGE /Parents", _ => "/Parents", Only(ParentKeepers)),
        new("PAGE /Parents/Class/{classId:int}", w => $"/Parents/Class/{w.ClassId}", Only(ParentKeepers)),
        new("PAGE /Parents/Activity/{classId:int}", w => $"/Parents/Activity/{w.ClassId}", Only(ParentKeepers)),
        new("PAGE /Parents/Leaflet/{classId:int}", w => $"/Parents/Leaflet/{w.ClassId}", Only(ParentKeepers)),
        new("PAGE /Parents/Acknowledge", w => $"/Parents/Acknowledge?studentId={w.StudentId}&from=2026-11-16&to=2026-11-22", Only(Roles.Parent)),
        new("PAGE /Diary/About", _ => "/Diary/About", SignedIn()),
        new("GET /api/v1/classes/{classId:int}/parents", w => $"/api/v1/classes/{w.ClassId}/parents", Only(ParentKeepers)),
        new("GET /api/v1/classes/{classId:int}/diary-activity", w => $"/api/v1/classes/{w.ClassId}/diary-activity", Only(ParentKeepers)),
        // The parent reads his own register; consents append, and the contacts are the same each time, so the writes answer in any order.
        new("GET /api/v1/parents/{parentId:int}/consents", w => $"/api/v1/parents/{w.RegisterParentId}/consents",
            Only([.. ParentKeepers, Roles.Parent])),
        new("POST /api/v1/parents/{parentId:int}/consents", w => $"/api/v1/parents/{w.RegisterParentId}/consents", Only(ParentKeepers),
            _ => JsonContent.Create(new { given = true, date = "2026-11-20", scope = new[] { "email" }, document = "заявление № 1" })),
        new("PUT /api/v1/parents/{parentId:int}/contacts", w => $"/api/v1/parents/{w.RegisterParentId}/contacts", Only(ParentKeepers),
            _ => JsonContent.Create(new { email = "orlova@example.ru", phone = "+7 900 123-45-67", snils = "112-233-445 95" })),
        // Staff involved with the student (the system administrator is not).
        new("GET /api/v1/students/{studentId:int}/parents", w => $"/api/v1/students/{w.StudentId}/parents",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("POST /api/v1/students/{studentId:int}/acknowledgments", w => $"/api/v1/students/{w.StudentId}/acknowledgments", Only(Roles.Parent),
            _ => JsonContent.Create(new { from = "2026-11-16", to = "2026-11-22" })),
    ];

    public sealed partial class World
    {
        /// <summary>The world's parent (of <see cref="StudentId"/>), whose register the matrix reads and writes.</summary>
        public int RegisterParentId { get; private set; }

        private async Task SeedParentsAsync() =>
            RegisterParentId = await _app.SeedAsync(async b =>
                await b.Db.StudentParents.Where(p => p.StudentId == StudentId).Select(p => p.ParentId).FirstAsync());
    }
}
