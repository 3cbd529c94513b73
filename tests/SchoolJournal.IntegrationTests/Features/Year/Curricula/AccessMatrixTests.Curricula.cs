using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's curricula routes in the access matrix: rows, and the records they need in the shared world.
// Staff read curricula and the load (the load is not secret inside a school); those who manage the year write.
public sealed partial class AccessMatrixTests
{
    private static Row[] CurriculaRows =>
    [
        new("GET /api/v1/curricula", _ => "/api/v1/curricula", Only(Staff)),
        new("POST /api/v1/curricula", _ => "/api/v1/curricula", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "План матрицы", grade = 5, lines = Array.Empty<object>() })),
        new("GET /api/v1/curricula/{id:int}", w => $"/api/v1/curricula/{w.CurriculumId}", Only(Staff)),
        new("PUT /api/v1/curricula/{id:int}", w => $"/api/v1/curricula/{w.CurriculumId}", Only(YearManagers),
            w => JsonContent.Create(
                new { name = "Учебный план 5-х классов", grade = 5,
                    lines = new[] { new { subjectId = w.CurriculumSubjectId, hours = 5m, part = "federal", divided = false } } })),
        new("DELETE /api/v1/curricula/{id:int}", w => $"/api/v1/curricula/{w.DeletableCurriculumId}", Writers(YearManagers)),
        new("PUT /api/v1/curricula/{id:int}/classes", w => $"/api/v1/curricula/{w.CurriculumId}/classes", Only(YearManagers),
            w => JsonContent.Create(new { classIds = new[] { w.ClassId } })),
        new("GET /api/v1/teaching-load", _ => "/api/v1/teaching-load", Only(Staff)),
        new("POST /api/v1/teaching-load", _ => "/api/v1/teaching-load", Writers(YearManagers),
            w => JsonContent.Create(new { teachingGroupId = w.GroupId, staffMemberId = w.LoadFreeStaffId, hoursPerWeek = 1m, from = "2026-12-01" })),
        new("PUT /api/v1/teaching-load/{id:int}", w => $"/api/v1/teaching-load/{w.AssignmentId}", Only(YearManagers),
            _ => JsonContent.Create(new { hoursPerWeek = 1m, from = "2026-09-01", to = "2026-09-30" })),
        new("DELETE /api/v1/teaching-load/{id:int}", w => $"/api/v1/teaching-load/{w.DeletableAssignmentId}", Writers(YearManagers)),
        new("PAGE /Year/Curricula", _ => "/Year/Curricula", Only(Staff)),
        new("PAGE /Year/Curricula/{id:int}", w => $"/Year/Curricula/{w.CurriculumId}", Only(Staff)),
        new("PAGE /Year/Load", _ => "/Year/Load", Only(Staff)),
    ];

    public sealed partial class World
    {
        public int CurriculumId { get; private set; }
        public int CurriculumSubjectId { get; private set; }
        public int DeletableCurriculumId { get; private set; }
        public int AssignmentId { get; private set; }
        public int DeletableAssignmentId { get; private set; }
        public int LoadFreeStaffId { get; private set; }

        /// <summary>
        /// The 5А plan, a plan to delete, and two assignments of the director in the maths group (September, October):
        /// one to change, one to delete; the deputy is the one the POST row assigns. Both see the whole school anyway.
        /// </summary>
        private async Task SeedCurriculaAsync()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            var cls = await db.SchoolClasses.SingleAsync(c => c.Id == ClassId);
            var subjectId = await db.TeachingGroups.Where(g => g.Id == GroupId).Select(g => g.SubjectId).SingleAsync();
            var plan = new Curriculum
            {
                SchoolId = cls.SchoolId, AcademicYearId = cls.AcademicYearId, Name = "Учебный план 5-х классов", Grade = 5,
                Lines = [new CurriculumLine { SubjectId = subjectId, HoursPerWeek = 5, Part = SubjectComponent.Federal }],
            };
            var deletable = new Curriculum { SchoolId = cls.SchoolId, AcademicYearId = cls.AcademicYearId, Name = "Черновик", Grade = 6 };
            db.Curricula.AddRange(plan, deletable);
            await db.SaveChangesAsync();
            cls.CurriculumId = plan.Id;
            var director = await db.StaffMembers.SingleAsync(s => s.LastName == "Петров");
            var deputy = await db.StaffMembers.SingleAsync(s => s.LastName == "Фёдорова");
            var change = new TeachingAssignment { SchoolId = cls.SchoolId, TeachingGroupId = GroupId, StaffMemberId = director.Id, HoursPerWeek = 1,
                From = new(2026, 9, 1), To = new(2026, 9, 30) };
            var delete = new TeachingAssignment { SchoolId = cls.SchoolId, TeachingGroupId = GroupId, StaffMemberId = director.Id, HoursPerWeek = 1,
                From = new(2026, 10, 1), To = new(2026, 10, 31) };
            db.TeachingAssignments.AddRange(change, delete);
            await db.SaveChangesAsync();
            (CurriculumId, CurriculumSubjectId, DeletableCurriculumId) = (plan.Id, subjectId, deletable.Id);
            (AssignmentId, DeletableAssignmentId, LoadFreeStaffId) = (change.Id, delete.Id, deputy.Id);
        }
    }
}
