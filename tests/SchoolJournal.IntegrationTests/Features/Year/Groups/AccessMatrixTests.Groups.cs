using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's groups routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    private static string[] GroupKeepers => [Roles.Director, Roles.Deputy, Roles.SysAdmin, Roles.ClassTeacher];

    private static Row[] GroupsRows =>
    [
        // Groups: the year's managers write any; the class teacher the sub-groups of his class (the world's 5А).
        new("POST /api/v1/groups", _ => "/api/v1/groups", Only(GroupKeepers),
            w => JsonContent.Create(new { subjectId = w.GroupsSubjectId, kind = "subGroup", classIds = new[] { w.ClassId }, name = "Матрица" })),
        new("GET /api/v1/groups/{id:int}", w => $"/api/v1/groups/{w.GroupId}", Only(Staff)),
        new("PUT /api/v1/groups/{id:int}", w => $"/api/v1/groups/{w.GroupsSubGroupId}", Only(GroupKeepers),
            w => JsonContent.Create(
                new { subjectId = w.GroupsSubjectId, kind = "subGroup", classIds = new[] { w.ClassId }, name = "Английский язык 5А (м)" })),
        new("DELETE /api/v1/groups/{id:int}", w => $"/api/v1/groups/{w.GroupsDeletableId}", Writers(GroupKeepers)),
        new("GET /api/v1/groups/{id:int}/members", w => $"/api/v1/groups/{w.GroupId}/members", Only(Staff)),
        new("POST /api/v1/groups/{id:int}/members", w => $"/api/v1/groups/{w.GroupsSubGroupId}/members", Writers(GroupKeepers),
            w => JsonContent.Create(new { studentId = w.GroupsStudentId, from = "2026-11-02" })),
        new("POST /api/v1/groups/{id:int}/members/{studentId:int}/end",
            w => $"/api/v1/groups/{w.GroupsSubGroupId}/members/{w.GroupsEndingStudentId}/end",
            Writers(GroupKeepers), _ => JsonContent.Create(new { date = "2026-11-20" })),
        new("POST /api/v1/classes/{classId:int}/split", w => $"/api/v1/classes/{w.ClassId}/split", Writers(GroupKeepers),
            w => JsonContent.Create(new { subjectId = w.GroupsSplitSubjectId, by = "alphabet", from = "2026-11-23" })),
        // Movement: only those who manage the year (the director's order); staff who teach the student read his history.
        new("POST /api/v1/students", _ => "/api/v1/students", Only(YearManagers),
            w => JsonContent.Create(
                new { lastName = "Новиков", firstName = "Пётр", birthDate = "2015-04-01", gender = "male", classId = w.GroupsOtherClassId,
                    date = "2026-11-23" })),
        new("POST /api/v1/students/{id:int}/transfer", w => $"/api/v1/students/{w.GroupsMovingStudentId}/transfer", Writers(YearManagers),
            w => JsonContent.Create(new { classId = w.GroupsOtherClassId, date = "2026-11-23" })),
        new("POST /api/v1/students/{id:int}/withdrawal", w => $"/api/v1/students/{w.GroupsLeavingStudentId}/withdrawal", Writers(YearManagers),
            _ => JsonContent.Create(new { date = "2026-11-20", reason = "переезд" })),
        new("GET /api/v1/students/{id:int}/movements", w => $"/api/v1/students/{w.StudentId}/movements", Only(Staff)),
        new("PAGE /Year/Groups", _ => "/Year/Groups", Only(GroupKeepers)),
        new("PAGE /Year/Groups/{id:int}", w => $"/Year/Groups/{w.GroupId}", Only(Staff)),
        new("PAGE /Year/Movement", _ => "/Year/Movement", Only(YearManagers)),
    ];

    public sealed partial class World
    {
        public int GroupsSubjectId { get; private set; }
        public int GroupsSplitSubjectId { get; private set; }
        public int GroupsSubGroupId { get; private set; }
        public int GroupsDeletableId { get; private set; }
        public int GroupsStudentId { get; private set; }
        public int GroupsEndingStudentId { get; private set; }
        public int GroupsOtherClassId { get; private set; }
        public int GroupsMovingStudentId { get; private set; }
        public int GroupsLeavingStudentId { get; private set; }

        /// <summary>
        /// A sub-group of the world's 5А (one member to end, one student to add), a group to delete, a subject to split
        /// by, and a class 5Д of its own with two students to transfer and withdraw, so the world's student never moves.
        /// </summary>
        private Task SeedGroupsAsync() => _app.SeedAsync(async b =>
        {
            var db = b.Db;
            var cls = await db.SchoolClasses.SingleAsync(c => c.Id == ClassId);
            var (school, year) = (cls.SchoolId, cls.AcademicYearId);
            var grading = await db.GradingSystems.Where(g => g.SchoolId == school).Select(g => g.Id).FirstAsync();
            var english = new Subject { SchoolId = school, Name = "Английский язык", ShortName = "Англ", Component = SubjectComponent.Federal };
            var german = new Subject { SchoolId = school, Name = "Немецкий язык", ShortName = "Нем", Component = SubjectComponent.Federal };
            var other = new SchoolClass { SchoolId = school, AcademicYearId = year, Grade = 5, Letter = "Д" };
            db.AddRange(english, german, other);
            await db.SaveChangesAsync();
            Student Pupil(string last, int classId) => new()
            {
                SchoolId = school, LastName = last, FirstName = "Иван", BirthDate = new DateOnly(2015, 5, 5), Gender = Gender.Male,
                Enrolments = [
                    new Enrolment { SchoolId = school, SchoolClassId = classId, From = new DateOnly(2026, 9, 1), Reason = EnrolmentReason.Arrival }],
            };
            var joining = Pupil("Матвеев", ClassId);
            var ending = Pupil("Маслов", ClassId);
            var moving = Pupil("Мухин", other.Id);
            var leaving = Pupil("Миронов", other.Id);
            db.Students.AddRange(joining, ending, moving, leaving);
            await db.SaveChangesAsync();
            TeachingGroup Group(string name) => new()
            {
                SchoolId = school, AcademicYearId = year, SubjectId = english.Id, Kind = GroupKind.SubGroup, GradingSystemId = grading, Name = name,
                Classes = [new GroupClass { SchoolClassId = ClassId }],
            };
            var sub = Group("Английский язык 5А (м)");
            sub.Members.Add(new GroupMembership { SchoolId = school, StudentId = ending.Id, From = new DateOnly(2026, 9, 1) });
            var deletable = Group("Английский язык 5А (удалить)");
            db.TeachingGroups.AddRange(sub, deletable);
            await db.SaveChangesAsync();
            (GroupsSubjectId, GroupsSplitSubjectId, GroupsSubGroupId, GroupsDeletableId) = (english.Id, german.Id, sub.Id, deletable.Id);
            (GroupsStudentId, GroupsEndingStudentId, GroupsOtherClassId, GroupsMovingStudentId, GroupsLeavingStudentId) = (joining.Id, ending.Id,
                other.Id, moving.Id, leaving.Id);
            return 0;
        });
    }
}
