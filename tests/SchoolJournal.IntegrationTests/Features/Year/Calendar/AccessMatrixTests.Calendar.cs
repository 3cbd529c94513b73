using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

// The year set-up's calendar routes in the access matrix: rows, and the records they need in the shared world.
// The writes never change what other rows read: creating a year or rolling over names the existing year (409), a new
// period or holiday is invalid (400), the period to delete has lessons (409), the holiday changed keeps its values.
public sealed partial class AccessMatrixTests
{
    private static Row[] CalendarRows =>
    [
        new("GET /api/v1/academic-years", _ => "/api/v1/academic-years", SignedIn()),
        new("POST /api/v1/academic-years", _ => "/api/v1/academic-years", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "2026/2027", start = "2027-09-01", end = "2028-05-31" })),
        new("POST /api/v1/academic-years/{id:int}/rollover", w => $"/api/v1/academic-years/{w.CalendarYearId}/rollover", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "2026/2027", start = "2027-09-01", end = "2028-05-31" })),
        new("POST /api/v1/periods", _ => "/api/v1/periods", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "V четверть", kind = "quarter", start = "2027-05-30", end = "2027-05-01", level = "secondary" })),
        new("PUT /api/v1/periods/{id:int}", w => $"/api/v1/periods/{w.LessonPeriodId}", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "2 четверть", kind = "quarter", start = "2026-11-03", end = "2026-11-01" })),
        new("DELETE /api/v1/periods/{id:int}", w => $"/api/v1/periods/{w.LessonPeriodId}", Writers(YearManagers)),
        new("GET /api/v1/holidays", _ => "/api/v1/holidays", SignedIn()),
        new("POST /api/v1/holidays", _ => "/api/v1/holidays", Writers(YearManagers),
            _ => JsonContent.Create(new { name = "Каникулы", kind = "extra", start = "2027-02-15", end = "2027-02-21", grade = 12 })),
        new("PUT /api/v1/holidays/{id:int}", w => $"/api/v1/holidays/{w.SummerHolidayId}", Only(YearManagers),
            _ => JsonContent.Create(new { name = "Летние каникулы", kind = "summer", start = "2027-06-01", end = "2027-08-31" })),
        new("DELETE /api/v1/holidays/{id:int}", w => $"/api/v1/holidays/{w.DeletableHolidayId}", Writers(YearManagers)),
        new("PAGE /Year/Periods", _ => "/Year/Periods", Only(Staff)),
        new("PAGE /Year/Rollover", _ => "/Year/Rollover", Only(YearManagers)),
    ];

    public sealed partial class World
    {
        public int CalendarYearId { get; private set; }
        public int LessonPeriodId { get; private set; }
        public int SummerHolidayId { get; private set; }
        public int DeletableHolidayId { get; private set; }

        /// <summary>Two holidays outside every quarter (they change no lesson): one to change, one to delete.</summary>
        private async Task SeedCalendarAsync()
        {
            (CalendarYearId, LessonPeriodId, SummerHolidayId, DeletableHolidayId) = await _app.SeedAsync(async b =>
            {
                var year = await b.Db.AcademicYears.SingleAsync(y => y.IsCurrent);
                var period = await b.Db.Lessons.Where(l => l.Id == LessonId).Select(l => l.StudyPeriodId!.Value).SingleAsync();
                var summer = new Holiday { SchoolId = year.SchoolId, AcademicYearId = year.Id, Name = "Летние каникулы", Kind = HolidayKind.Summer,
                    Start = new(2027, 6, 1), End = new(2027, 8, 31) };
                var extra = new Holiday { SchoolId = year.SchoolId, AcademicYearId = year.Id, Name = "День здоровья", Kind = HolidayKind.Extra,
                    Start = new(2027, 5, 28), End = new(2027, 5, 28) };
                b.Db.Holidays.AddRange(summer, extra);
                await b.Db.SaveChangesAsync();
                return (year.Id, period, summer.Id, extra.Id);
            });
        }
    }
}
