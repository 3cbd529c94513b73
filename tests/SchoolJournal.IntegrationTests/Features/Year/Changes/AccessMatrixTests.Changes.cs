using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's changes routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static Row[] ChangesRows =>
    [
        // ВШК: everyone signed in reads (students and parents their own class); those who manage the year write.
        new("GET /api/v1/control-works", w => $"/api/v1/control-works?classId={w.ClassId}", SignedIn()),
        new("POST /api/v1/control-works", _ => "/api/v1/control-works", Only(YearManagers),
            w => JsonContent.Create(new { classId = w.ClassId, subjectId = w.ControlSubjectId, date = "2026-11-25", form = "test" })),
        new("PUT /api/v1/control-works/{id:int}", w => $"/api/v1/control-works/{w.ControlWorkId}", Only(YearManagers),
            w => JsonContent.Create(new { classId = w.ClassId, subjectId = w.ControlSubjectId, date = "2026-11-26", form = "dictation" })),
        new("DELETE /api/v1/control-works/{id:int}", w => $"/api/v1/control-works/{w.DeletableControlWorkId}", Writers(YearManagers)),
        new("PAGE /Year/ControlWorks", _ => "/Year/ControlWorks", SignedIn()),
        // Substitutions: staff read the register; those who manage the year register and undo (a room change without a room is refused as bad input).
        new("GET /api/v1/substitutions", _ => "/api/v1/substitutions?from=2026-11-01&to=2026-11-30", Only(Staff)),
        new("POST /api/v1/substitutions", _ => "/api/v1/substitutions", Writers(YearManagers),
            w => JsonContent.Create(new { lessonId = w.LessonId, kind = "room" })),
        new("DELETE /api/v1/substitutions/{id:int}", _ => "/api/v1/substitutions/999999", Writers(YearManagers)),
        new("PAGE /Year/Substitutions", _ => "/Year/Substitutions", Only(Staff)),
    ];

    public sealed partial class World
    {
        public int ControlSubjectId { get; private set; }
        public int ControlWorkId { get; private set; }
        public int DeletableControlWorkId { get; private set; }

        private async Task SeedChangesAsync() =>
            (ControlSubjectId, ControlWorkId, DeletableControlWorkId) = await _app.SeedAsync(async b =>
            {
                var cls = await b.Db.SchoolClasses.SingleAsync(c => c.Id == ClassId);
                var subject = await b.Db.Subjects.FirstAsync(s => s.SchoolId == cls.SchoolId && s.Name == "Математика");
                ControlWork Work(int day) => new()
                {
                    SchoolId = cls.SchoolId, AcademicYearId = cls.AcademicYearId, SchoolClassId = cls.Id, SubjectId = subject.Id,
                    Date = new DateOnly(2026, 11, day), Form = ControlForm.ControlWork, CreatedAt = b.Now,
                };
                var (work, deletable) = (Work(24), Work(27));
                b.Db.ControlWorks.AddRange(work, deletable);
                await b.Db.SaveChangesAsync();
                return (subject.Id, work.Id, deletable.Id);
            });
    }
}
