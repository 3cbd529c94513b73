using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;

namespace SchoolJournal.BrowserTests.Pages;

/// <summary>
/// The demo school's 5А as the pages see it: its class (klass's), uchitel's mathematics in it, its last lesson by today and
/// the first quarter of its level (ended, with period grades: a report of it has numbers).
/// </summary>
public sealed record DemoIds(int ClassId, int GroupId, int LessonId, int FirstQuarterId)
{
    public static async Task<DemoIds> Of(DemoSchool school)
    {
        await using var scope = school.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var klass = await db.Users.Where(u => u.UserName == "klass").Select(u => u.Id).SingleAsync();
        var uchitel = await db.Users.Where(u => u.UserName == "uchitel").Select(u => u.Id).SingleAsync();
        var classId = await db.ClassTeachers.Where(c => c.StaffMember!.UserId == klass).Select(c => c.SchoolClassId).FirstAsync();
        var groupId = await db.TeachingAssignments
            .Where(a => a.StaffMember!.UserId == uchitel
                && db.GroupClasses.Any(g => g.TeachingGroupId == a.TeachingGroupId && g.SchoolClassId == classId))
            .Select(a => a.TeachingGroupId).FirstAsync();
        var lessonId = await db.Lessons.Where(l => l.TeachingGroupId == groupId && l.Date <= DemoSchool.Today)
            .OrderByDescending(l => l.Date).ThenByDescending(l => l.Number).Select(l => l.Id).FirstAsync();
        var grade = await db.SchoolClasses.Where(c => c.Id == classId).Select(c => c.Grade).SingleAsync();
        var october = new DateOnly(2026, 10, 1);
        var periods = await db.StudyPeriods.Where(p => p.Level == SchoolCalendar.LevelOf(grade) && p.Start <= october && p.End >= october)
            .Select(p => new { p.Id, p.Start, p.End }).ToListAsync();
        var firstQuarter = periods.OrderBy(p => p.End.DayNumber - p.Start.DayNumber).First().Id;
        return new DemoIds(classId, groupId, lessonId, firstQuarter);
    }
}
