using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's plans routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    /// <summary>Those who write a group's КТП: the year's managers and the group's teacher; the class teacher reads it.</summary>
    private static string[] PlanWriters => [Roles.Director, Roles.Deputy, Roles.SysAdmin, Roles.Teacher];

    private static Row[] PlansRows =>
    [
        new("GET /api/v1/thematic-plans", _ => "/api/v1/thematic-plans", Only(Staff)),
        new("GET /api/v1/thematic-plans/template", _ => "/api/v1/thematic-plans/template?format=csv", Only(Staff)),
        new("GET /api/v1/groups/{groupId:int}/thematic-plan", w => $"/api/v1/groups/{w.GroupId}/thematic-plan", Only(Staff)),
        // Replacing a plan is repeatable; deleting one answers 404 the second time, hence a group of its own and Writers.
        new("PUT /api/v1/groups/{groupId:int}/thematic-plan", w => $"/api/v1/groups/{w.GroupId}/thematic-plan", Only(PlanWriters),
            _ => JsonContent.Create(new { topics = new[] { new { title = "Дроби", hours = 2 } } })),
        new("POST /api/v1/groups/{groupId:int}/thematic-plan/import", w => $"/api/v1/groups/{w.GroupId}/thematic-plan/import", Only(PlanWriters),
            _ => Year.Plans.PlanForms.File("ктп.csv", "Тема;Часы\nДроби;2\n"u8.ToArray())),
        new("DELETE /api/v1/groups/{groupId:int}/thematic-plan", w => $"/api/v1/groups/{w.PlanDeletableGroupId}/thematic-plan", Writers(PlanWriters)),
        new("PAGE /Year/Plans", _ => "/Year/Plans", Only(Staff)),
        new("PAGE /Year/Plans/{groupId:int}", w => $"/Year/Plans/{w.GroupId}", Only(Staff)),
    ];

    public sealed partial class World
    {
        /// <summary>A second group of the teacher in 5А with a plan, for the DELETE row.</summary>
        public int PlanDeletableGroupId { get; private set; }

        private async Task SeedPlansAsync()
        {
            PlanDeletableGroupId = await _app.SeedAsync(async b =>
            {
                var maths = b.Db.TeachingGroups.Include(g => g.Assignments).Single(g => g.Id == GroupId);
                var group = new TeachingGroup
                {
                    SchoolId = maths.SchoolId, AcademicYearId = maths.AcademicYearId, SubjectId = maths.SubjectId,
                    GradingSystemId = maths.GradingSystemId,
                    Kind = GroupKind.SubGroup, Name = "Математика, 5А, 2 группа", Classes = [new GroupClass { SchoolClassId = ClassId }],
                    Assignments = [
                        .. maths.Assignments.Select(a =>
                            new TeachingAssignment { SchoolId = a.SchoolId, StaffMemberId = a.StaffMemberId, HoursPerWeek = 1, From = a.From })],
                };
                b.Db.TeachingGroups.Add(group);
                await b.Db.SaveChangesAsync();
                return group.Id;
            });
            var deputy = await ClientAsync(Roles.Deputy, cookie: false);
            foreach (var group in new[] { GroupId, PlanDeletableGroupId })
                (await deputy.PutAsJsonAsync($"/api/v1/groups/{group}/thematic-plan", new { topics = new[] { new { title = "Дроби", hours = 1 } } }))
                    .EnsureSuccessStatusCode();
        }
    }
}
