using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Timetable;

/// <summary>
/// A small school for the timetable: the deputy «fedorova», the maths teacher «smirnova» (5А and 6Б), the Russian
/// teacher Иванов (5А), students Орлов (5А, login «orlov») and Белов (6Б), rooms 204 and 301.
/// </summary>
public sealed record TimetableSchool(School School, AcademicYear Year, StaffMember Smirnova, StaffMember Ivanov, SchoolClass C5A, SchoolClass C6B,
    Student Orlov, Student Belov, TeachingGroup Math5A, TeachingGroup Math6B, TeachingGroup Russian5A, Room Room204, Room Room301)
{
    public static async Task<TimetableSchool> BuildAsync(SchoolBuilder b)
    {
        var school = await b.SchoolAsync();
        await b.StaffAsync("Фёдорова", "Ольга", "Петровна", "fedorova", Roles.Deputy);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var ivanov = await b.StaffAsync("Иванов", "Пётр", "Сергеевич", null);
        var c5a = await b.ClassAsync(5, "А");
        var c6b = await b.ClassAsync(6, "Б");
        var orlov = await b.StudentAsync(c5a, "Орлов", "Артём", "orlov");
        var belov = await b.StudentAsync(c6b, "Белов", "Борис");
        var math5 = await b.GroupAsync("Математика", smirnova, [c5a]);
        var math6 = await b.GroupAsync("Математика", smirnova, [c6b]);
        var russian = await b.GroupAsync("Русский язык", ivanov, [c5a]);
        var r204 = new Room { SchoolId = school.Id, Number = "204" };
        var r301 = new Room { SchoolId = school.Id, Number = "301" };
        b.Db.Rooms.AddRange(r204, r301);
        await b.Db.SaveChangesAsync();
        return new(school, b.Year, smirnova, ivanov, c5a, c6b, orlov, belov, math5, math6, russian, r204, r301);
    }

    public static async Task<TimetableEntry> EntryAsync(SchoolBuilder b, TeachingGroup group, int day, int number, StaffMember teacher, Room? room,
        WeekParity parity = WeekParity.Every)
    {
        var e = new TimetableEntry
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, TeachingGroupId = group.Id, DayOfWeek = day, LessonNumber = number,
            StaffMemberId = teacher.Id, RoomId = room?.Id, Parity = parity, ValidFrom = b.Year.Start, ValidTo = b.Year.End,
        };
        b.Db.TimetableEntries.Add(e);
        await b.Db.SaveChangesAsync();
        return e;
    }

}

public static class TimetableHttp
{
    public static Task<int> EntryCountAsync(this JournalApp app) => app.QueryAsync(db => db.TimetableEntries.IgnoreQueryFilters().CountAsync());
}
