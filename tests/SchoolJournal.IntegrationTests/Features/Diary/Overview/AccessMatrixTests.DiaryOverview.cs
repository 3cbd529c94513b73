using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The diary's DiaryOverview routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    /// <summary>The student himself, his parents and the staff who teach him (AccessService.CanSeeStudentAsync); not the system
    /// administrator.</summary>
    private static string[] DiaryReaders => [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent];

    private static Row[] DiaryOverviewRows =>
    [
        new("GET /api/v1/students/{studentId:int}/marks", w => $"/api/v1/students/{w.StudentId}/marks", Only(DiaryReaders)),
        new("GET /api/v1/students/{studentId:int}/homework", w => $"/api/v1/students/{w.StudentId}/homework", Only(DiaryReaders)),
        new("GET /api/v1/students/{studentId:int}/teachers", w => $"/api/v1/students/{w.StudentId}/teachers", Only(DiaryReaders)),
        new("PAGE /Diary/Marks", w => $"/Diary/Marks?studentId={w.StudentId}", Only(DiaryReaders)),
        new("PAGE /Diary/Homework", w => $"/Diary/Homework?studentId={w.StudentId}", Only(DiaryReaders)),
        new("PAGE /Diary/Class", w => $"/Diary/Class?studentId={w.StudentId}", Only(DiaryReaders)),
        new("PAGE /Diary/Messages", w => $"/Diary/Messages?studentId={w.StudentId}", Only(DiaryReaders)),
    ];

    public sealed partial class World
    {
        private Task SeedDiaryOverviewAsync() => Task.CompletedTask;
    }
}
