using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's catalogue routes in the access matrix: rows, and the records they need in the shared world.
// Reference lists (subjects, rooms, bells, grading systems, work types) are read by every signed-in user; the staff list by
// the staff; the pages by the staff; every write by those who manage the year. PUTs repeat the stored values, so they
// answer 2xx every time; POSTs and DELETEs cannot succeed twice, so they only have to pass the access check.
public sealed partial class AccessMatrixTests
{
    private static Row[] CatalogueRows =>
    [
        new("PAGE /Year/Subjects", _ => "/Year/Subjects", Only(Staff)),
        new("PAGE /Year/Rooms", _ => "/Year/Rooms", Only(Staff)),
        new("PAGE /Year/Staff", _ => "/Year/Staff", Only(Staff)),
        new("PAGE /Year/Classes", _ => "/Year/Classes", Only(Staff)),
        new("PAGE /Year/Bells", _ => "/Year/Bells", Only(Staff)),
        new("PAGE /Year/Grading", _ => "/Year/Grading", Only(Staff)),

        new("GET /api/v1/subjects", _ => "/api/v1/subjects", SignedIn()),
        new("POST /api/v1/subjects", _ => "/api/v1/subjects", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "Матричный предмет", shortName = "Матр" })),
        new("PUT /api/v1/subjects/{id:int}", w => $"/api/v1/subjects/{w.CatalogueSubjectId}", Only(YearManagers),
            w => JsonContent.Create(new { name = "Черчение", shortName = "Черч", component = "school", gradingSystemId = w.CatalogueGradingId })),
        new("DELETE /api/v1/subjects/{id:int}", w => $"/api/v1/subjects/{w.DeletableSubjectId}", Writers(YearManagers)),
        new("POST /api/v1/subjects/{id:int}/apply-grading", w => $"/api/v1/subjects/{w.CatalogueSubjectId}/apply-grading", Only(YearManagers)),

        new("GET /api/v1/rooms", _ => "/api/v1/rooms", SignedIn()),
        new("POST /api/v1/rooms", _ => "/api/v1/rooms", Writers(YearManagers), _ => JsonContent.Create(new { number = "999", capacity = 30 })),
        new("PUT /api/v1/rooms/{id:int}", w => $"/api/v1/rooms/{w.CatalogueRoomId}", Only(YearManagers),
            _ => JsonContent.Create(new { number = "101", name = "Физика", capacity = 28 })),
        new("DELETE /api/v1/rooms/{id:int}", w => $"/api/v1/rooms/{w.DeletableRoomId}", Writers(YearManagers)),

        new("GET /api/v1/staff", _ => "/api/v1/staff", Only(Staff)),
        new("POST /api/v1/staff", _ => "/api/v1/staff", Writers(YearManagers),
            _ => JsonContent.Create(
                new { lastName = "Новикова", firstName = "Вера",
                    positions = new[] { new { kind = "teacher", title = "учитель химии", rate = 1 } } })),
        new("PUT /api/v1/staff/{id:int}", w => $"/api/v1/staff/{w.CatalogueStaffId}", Only(YearManagers),
            _ => JsonContent.Create(
                new { lastName = "Егорова", firstName = "Мария",
                    positions = new[] { new { kind = "teacher", title = "учитель музыки", rate = 0.5 } } })),
        new("DELETE /api/v1/staff/{id:int}", w => $"/api/v1/staff/{w.DeletableStaffId}", Writers(YearManagers)),

        new("POST /api/v1/classes", _ => "/api/v1/classes", Writers(YearManagers), _ => JsonContent.Create(new { grade = 11, letter = "Я" })),
        new("PUT /api/v1/classes/{id:int}", w => $"/api/v1/classes/{w.CatalogueClassId}", Only(YearManagers),
            w => JsonContent.Create(new { grade = 9, letter = "Б", gradingSystemId = w.CatalogueGradingId })),
        new("DELETE /api/v1/classes/{id:int}", w => $"/api/v1/classes/{w.DeletableClassId}", Writers(YearManagers)),
        new("PUT /api/v1/classes/{id:int}/class-teacher", w => $"/api/v1/classes/{w.CatalogueClassId}/class-teacher", Only(YearManagers),
            w => JsonContent.Create(new { staffMemberId = w.CatalogueStaffId, from = "2026-09-01" })),
        new("POST /api/v1/classes/{id:int}/apply-grading", w => $"/api/v1/classes/{w.CatalogueClassId}/apply-grading", Only(YearManagers)),

        new("GET /api/v1/bell-schedules", _ => "/api/v1/bell-schedules", SignedIn()),
        new("POST /api/v1/bell-schedules", _ => "/api/v1/bell-schedules", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "Матричное", shift = 2, slots = new[] { new { number = 1, start = "14:00", end = "14:40" } } })),
        new("PUT /api/v1/bell-schedules/{id:int}", w => $"/api/v1/bell-schedules/{w.CatalogueBellsId}", Only(YearManagers),
            _ => JsonContent.Create(new { name = "Сокращённое", shift = 1, slots = new[] { new { number = 1, start = "08:00", end = "08:30" } } })),
        new("DELETE /api/v1/bell-schedules/{id:int}", w => $"/api/v1/bell-schedules/{w.DeletableBellsId}", Writers(YearManagers)),

        new("GET /api/v1/grading-systems", _ => "/api/v1/grading-systems", SignedIn()),
        new("POST /api/v1/grading-systems", _ => "/api/v1/grading-systems", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "Матричная", kind = "tenPoint" })),
        new("PUT /api/v1/grading-systems/{id:int}", w => $"/api/v1/grading-systems/{w.CatalogueGradingId}", Only(YearManagers),
            _ => JsonContent.Create(new { name = "Зачётная", kind = "passFail" })),
        new("DELETE /api/v1/grading-systems/{id:int}", w => $"/api/v1/grading-systems/{w.DeletableGradingId}", Writers(YearManagers)),

        new("GET /api/v1/work-types", _ => "/api/v1/work-types", SignedIn()),
        new("POST /api/v1/work-types", _ => "/api/v1/work-types", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "Матричная работа", shortName = "МР", weight = 2 })),
        new("PUT /api/v1/work-types/{id:int}", w => $"/api/v1/work-types/{w.CatalogueWorkTypeId}", Only(YearManagers),
            _ => JsonContent.Create(new { name = "Диктант", shortName = "Дикт", weight = 1.5, isControl = true })),
        new("DELETE /api/v1/work-types/{id:int}", w => $"/api/v1/work-types/{w.DeletableWorkTypeId}", Writers(YearManagers)),
    ];

    public sealed partial class World
    {
        public int CatalogueSubjectId { get; private set; }
        public int DeletableSubjectId { get; private set; }
        public int CatalogueRoomId { get; private set; }
        public int DeletableRoomId { get; private set; }
        public int CatalogueStaffId { get; private set; }
        public int DeletableStaffId { get; private set; }
        public int CatalogueClassId { get; private set; }
        public int DeletableClassId { get; private set; }
        public int CatalogueBellsId { get; private set; }
        public int DeletableBellsId { get; private set; }
        public int CatalogueGradingId { get; private set; }
        public int DeletableGradingId { get; private set; }
        public int CatalogueWorkTypeId { get; private set; }
        public int DeletableWorkTypeId { get; private set; }

        /// <summary>Two of each: one to change (with the values the PUT rows send), one to delete.</summary>
        private Task SeedCatalogueAsync() => _app.SeedAsync(async b =>
        {
            var db = b.Db;
            var school = await db.Schools.Select(s => s.Id).FirstAsync();
            var year = await db.AcademicYears.Where(y => y.SchoolId == school && y.IsCurrent).Select(y => y.Id).FirstAsync();
            var grading = new GradingSystem { SchoolId = school, Name = "Зачётная", Kind = GradingKind.PassFail };
            var gradingGone = new GradingSystem { SchoolId = school, Name = "Удаляемая", Kind = GradingKind.TenPoint };
            db.AddRange(grading, gradingGone);
            await db.SaveChangesAsync();
            var subject = new Subject { SchoolId = school, Name = "Черчение", ShortName = "Черч", Component = SubjectComponent.School,
                GradingSystemId = grading.Id };
            var subjectGone = new Subject { SchoolId = school, Name = "Астрономия", ShortName = "Астр" };
            var room = new Room { SchoolId = school, Number = "101", Name = "Физика", Capacity = 28 };
            var roomGone = new Room { SchoolId = school, Number = "102", Capacity = 20 };
            var staff = new StaffMember { SchoolId = school, LastName = "Егорова", FirstName = "Мария",
                Positions = [new StaffPosition { Kind = PositionKind.Teacher, Title = "учитель музыки", Rate = 0.5m }] };
            var staffGone = new StaffMember { SchoolId = school, LastName = "Уходов", FirstName = "Пётр",
                Positions = [new StaffPosition { Kind = PositionKind.Other, Title = "лаборант" }] };
            var cls = new SchoolClass { SchoolId = school, AcademicYearId = year, Grade = 9, Letter = "Б", GradingSystemId = grading.Id };
            var clsGone = new SchoolClass { SchoolId = school, AcademicYearId = year, Grade = 9, Letter = "В" };
            var bells = new BellSchedule { SchoolId = school, Name = "Сокращённое",
                Slots = [new BellSlot { Number = 1, Start = new(8, 0), End = new(8, 30) }] };
            var bellsGone = new BellSchedule { SchoolId = school, Name = "Удаляемое",
                Slots = [new BellSlot { Number = 1, Start = new(9, 0), End = new(9, 40) }] };
            var work = new WorkType { SchoolId = school, Name = "Диктант", ShortName = "Дикт", Weight = 1.5m, IsControl = true };
            var workGone = new WorkType { SchoolId = school, Name = "Удаляемая работа", ShortName = "УР" };
            db.AddRange(subject, subjectGone, room, roomGone, staff, staffGone, cls, clsGone, bells, bellsGone, work, workGone);
            await db.SaveChangesAsync();
            (CatalogueSubjectId, DeletableSubjectId, CatalogueRoomId, DeletableRoomId) = (subject.Id, subjectGone.Id, room.Id, roomGone.Id);
            (CatalogueStaffId, DeletableStaffId, CatalogueClassId, DeletableClassId) = (staff.Id, staffGone.Id, cls.Id, clsGone.Id);
            (CatalogueBellsId, DeletableBellsId, CatalogueGradingId, DeletableGradingId) = (bells.Id, bellsGone.Id, grading.Id, gradingGone.Id);
            (CatalogueWorkTypeId, DeletableWorkTypeId) = (work.Id, workGone.Id);
            return 0;
        });
    }
}
