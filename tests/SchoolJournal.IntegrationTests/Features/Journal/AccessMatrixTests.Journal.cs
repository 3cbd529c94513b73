using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Journal routes in the access matrix (the journal API and pages, daily absence, homework files, period grades,
// overdue lessons, history, summary sheet), and the homework files they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] JournalRows =>
    [
        // The journal API
        new("GET /api/v1/groups/{groupId:int}/journal", w => $"/api/v1/groups/{w.GroupId}/journal",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("POST /api/v1/lessons/{lessonId:int}/marks", w => $"/api/v1/lessons/{w.LessonId}/marks", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, value = "5" })),
        new("PUT /api/v1/marks/{id:int}", w => $"/api/v1/marks/{w.MarkId}", Only(Roles.Teacher), _ => JsonContent.Create(new { value = "4" })),
        new("DELETE /api/v1/marks/{id:int}", w => $"/api/v1/marks/{w.DeletableMarkId}", Only(Roles.Teacher)),
        new("PUT /api/v1/lessons/{lessonId:int}/attendance", w => $"/api/v1/lessons/{w.LessonId}/attendance", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, code = "Н" })),
        new("PUT /api/v1/lessons/{lessonId:int}", w => $"/api/v1/lessons/{w.LessonId}", Only(Roles.Teacher),
            _ => JsonContent.Create(new { topic = "Дроби" })),
        // Lock and reopen are idempotent and use another quarter than the lesson's, so the write rows answer in any order.
        new("POST /api/v1/groups/{groupId:int}/periods/{periodId:int}/lock", w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/lock",
            Only(Roles.Director, Roles.Deputy, Roles.Teacher)),
        new("POST /api/v1/groups/{groupId:int}/periods/{periodId:int}/reopen", w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/reopen",
            Only(Roles.Director, Roles.Deputy), _ => JsonContent.Create(new { reason = "Исправление ошибки" })),
        // Journal pages
        new("PAGE /Journal", _ => "/Journal", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Index", _ => "/Journal/Index", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Group/{groupId:int}", w => $"/Journal/Group/{w.GroupId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Lesson/{lessonId:int}", w => $"/Journal/Lesson/{w.LessonId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        // Daily absence, homework files and homework for part of a group
        new("PUT /api/v1/classes/{classId:int}/daily-absences", w => $"/api/v1/classes/{w.ClassId}/daily-absences",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher),
            w => JsonContent.Create(new { studentId = w.StudentId, date = "2026-11-20", code = "Б" })),
        new("GET /api/v1/classes/{classId:int}/daily-absences", w => $"/api/v1/classes/{w.ClassId}/daily-absences?from=2026-11-16&to=2026-11-22",
            Only(Staff)),
        new("POST /api/v1/lessons/{lessonId:int}/homework/attachments", w => $"/api/v1/lessons/{w.LessonId}/homework/attachments",
            Only(Roles.Teacher),
            _ => AttachmentForms.Form("Задание.pdf", AttachmentForms.PdfBytes())),
        new("GET /api/v1/homework/attachments/{id:int}", w => $"/api/v1/homework/attachments/{w.AttachmentId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
        new("DELETE /api/v1/homework/attachments/{id:int}", w => $"/api/v1/homework/attachments/{w.DeletableAttachmentId}", Only(Roles.Teacher)),
        new("PUT /api/v1/lessons/{lessonId:int}/homework/students", w => $"/api/v1/lessons/{w.LessonId}/homework/students", Only(Roles.Teacher),
            _ => JsonContent.Create(new { studentIds = Array.Empty<int>() })),
        // Period grades and the overdue list. The writes are year/final grades, which lock nothing, so the rows answer in any order.
        new("GET /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PUT /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, kind = "year", value = "4" })),
        new("DELETE /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades?studentId={w.StudentId}&kind=final",
            Only(Roles.Teacher)),
        new("GET /api/v1/me/overdue", _ => "/api/v1/me/overdue", Only(Roles.Teacher)),

        // Journal pages of the class teacher and the teacher
        new("PAGE /Journal/Class/{classId:int}", w => $"/Journal/Class/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Journal/Daily/{classId:int}", w => $"/Journal/Daily/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Journal/Overdue", _ => "/Journal/Overdue", Only(Roles.Director, Roles.Deputy, Roles.Teacher)),
        // A journal record's history page
        new("PAGE /Journal/History", w => $"/Journal/History?entity=mark&id={w.MarkId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        // The summary sheet of final grades: the class teacher and the administration
        new("GET /api/v1/classes/{classId:int}/summary-sheet", w => $"/api/v1/classes/{w.ClassId}/summary-sheet",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Journal/Summary/{classId:int}", w => $"/Journal/Summary/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
    ];

    public sealed partial class World
    {
        public int AttachmentId { get; private set; }
        public int DeletableAttachmentId { get; private set; }

        /// <summary>Two files of the lesson's homework, uploaded by its teacher: one to read, one to delete.</summary>
        private async Task SeedAttachmentsAsync()
        {
            var teacher = await ClientAsync(Roles.Teacher, cookie: false);
            async Task<int> UploadAsync() => (await (await teacher.PostAsync($"/api/v1/lessons/{LessonId}/homework/attachments",
                AttachmentForms.Form("Задание.pdf", AttachmentForms.PdfBytes())))
                    .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            AttachmentId = await UploadAsync();
            DeletableAttachmentId = await UploadAsync();
        }
    }
}
