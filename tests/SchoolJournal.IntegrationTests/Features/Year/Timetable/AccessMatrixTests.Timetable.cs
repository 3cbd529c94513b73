using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's timetable routes in the access matrix: rows, and the records they need in the shared world.
public sealed partial class AccessMatrixTests
{
    // Students and parents read their class's timetable; staff read all; the year's managers write.
    // Bodies of the writes are incomplete on purpose (400 after the access check), so the world does not change.
    private static Row[] TimetableRows =>
    [
        new("PAGE /Year/Timetable", w => $"/Year/Timetable?classId={w.ClassId}", SignedIn()),
        new("GET /api/v1/timetable", w => $"/api/v1/timetable?classId={w.ClassId}", SignedIn()),
        new("POST /api/v1/timetable", _ => "/api/v1/timetable", Writers(YearManagers),
            _ => JsonContent.Create(new { groupId = 0, day = 1, number = 1 })),
        new("PUT /api/v1/timetable/{id:int}", w => $"/api/v1/timetable/{w.TimetableEntryId}", Writers(YearManagers),
            w => JsonContent.Create(new { groupId = w.GroupId, day = 9, number = 1, version = 0 })),
        new("DELETE /api/v1/timetable/{id:int}", w => $"/api/v1/timetable/{w.DeletableTimetableEntryId}", Writers(YearManagers)),
        new("POST /api/v1/timetable/check", _ => "/api/v1/timetable/check", Writers(YearManagers),
            _ => JsonContent.Create(new { groupId = 0, day = 1, number = 1 })),
        new("POST /api/v1/timetable/generate", _ => "/api/v1/timetable/generate", Only(YearManagers),
            _ => JsonContent.Create(new { from = "2027-05-24", to = "2027-05-24" })),
    ];

    public sealed partial class World
    {
        public int TimetableEntryId { get; private set; }
        public int DeletableTimetableEntryId { get; private set; }

        private async Task SeedTimetableAsync()
        {
            (TimetableEntryId, DeletableTimetableEntryId) = await _app.QueryAsync(async db =>
            {
                var group = await db.TeachingGroups.IgnoreQueryFilters().Include(g => g.Assignments).SingleAsync(g => g.Id == GroupId);
                var year = await db.AcademicYears.IgnoreQueryFilters().SingleAsync(y => y.Id == group.AcademicYearId);
                TimetableEntry Entry(int day) => new()
                {
                    SchoolId = group.SchoolId, AcademicYearId = year.Id, TeachingGroupId = group.Id, DayOfWeek = day, LessonNumber = 1,
                    StaffMemberId = group.Assignments[0].StaffMemberId, ValidFrom = year.Start, ValidTo = year.End,
                };
                var kept = Entry(1);
                var deletable = Entry(2);
                db.TimetableEntries.AddRange(kept, deletable);
                await db.SaveChangesAsync();
                return (kept.Id, deletable.Id);
            });
        }
    }
}
