using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>
/// <see cref="JournalSchool"/> plus the week of Monday 23 November 2026 (the tests' «today»), as Орлов's diary shows it:
/// <list type="bullet">
/// <item>Mon 23.11, 1: Математика «Дроби», Смирнова; homework «№ 12» for all (due at the next lesson, 25.11); Орлов's «5» for a
/// «Контрольная работа» (weight 2, comment «Без ошибок»).</item>
/// <item>Tue 24.11, 2: Русский язык, Козлов substituted by Смирнова; Орлов absent «Н»; room 12.</item>
/// <item>Wed 25.11, 2: Математика; homework «Доп. задача» for Белов only, with a file «Задача.pdf».</item>
/// <item>Thu 26.11, 1: Русский язык, cancelled. Thu 26.11, 3: Математика moved to Sat 28.11, 4.</item>
/// <item>Fri 27.11: the class teacher's daily absence of Орлов «Б»; a ВШК control work in Математика, lesson 2, «Дроби».</item>
/// </list>
/// Parents: Орлова (mama) of Орлов, Белова (belova) of Белов. Иванов (ivanov) teaches Математика in 6Б only, where Зайцев learns.
/// Winter holidays 29.12.2026–08.01.2027.
/// </summary>
public sealed record DiaryWeekSchool(JournalSchool J, Lesson MathMon, Lesson RussianTue, Lesson MathWed, Lesson RussianThu, Lesson MathSat,
    HomeworkAttachment File, Parent Mama, Student Zaitsev, SchoolClass Class6)
{
    public static readonly DateOnly Monday = new(2026, 11, 23);

    public static async Task<DiaryWeekSchool> BuildAsync(SchoolBuilder b)
    {
        var j = await JournalSchool.BuildAsync(b);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);

        var mathMon = await b.LessonAsync(j.Math, Monday, 1, j.Teacher, "Дроби");
        await b.LessonHomeworkAsync(mathMon, "№ 12");
        var five = await b.MarkAsync(mathMon, j.Orlov, "5", control);
        five.Comment = "Без ошибок";

        var russianTue = await b.LessonAsync(j.Russian, Monday.AddDays(1), 2, j.OtherTeacher);
        await b.SubstituteAsync(russianTue, j.Teacher);
        await b.AttendanceAsync(russianTue, j.Orlov, AttendanceCode.Absent);
        var room = new Room { SchoolId = b.School.Id, Number = "12", Capacity = 30 };
        b.Db.Rooms.Add(room);
        await b.Db.SaveChangesAsync();
        (await b.Db.Lessons.SingleAsync(l => l.Id == russianTue.Id)).RoomId = room.Id;

        var mathWed = await b.LessonAsync(j.Math, Monday.AddDays(2), 2, j.Teacher);
        var part = await b.LessonHomeworkAsync(mathWed, "Доп. задача");
        b.Db.HomeworkStudents.Add(new HomeworkStudent { HomeworkId = part.Id, StudentId = j.Belov.Id });
        var file = new HomeworkAttachment
        {
            SchoolId = b.School.Id, HomeworkId = part.Id, FileName = "Задача.pdf", StoredName = Guid.NewGuid().ToString("N"),
            ContentType = "application/pdf", Size = 100, UploadedAt = b.Now,
        };
        b.Db.HomeworkAttachments.Add(file);

        var russianThu = await b.LessonAsync(j.Russian, Monday.AddDays(3), 1, j.OtherTeacher);
        (await b.Db.Lessons.SingleAsync(l => l.Id == russianThu.Id)).Status = LessonStatus.Cancelled;

        var mathSat = await b.LessonAsync(j.Math, Monday.AddDays(5), 4, j.Teacher);
        var moved = await b.Db.Lessons.SingleAsync(l => l.Id == mathSat.Id);
        moved.OriginalDate = Monday.AddDays(3);
        moved.OriginalNumber = 3;

        await b.DailyAbsenceAsync(j.Orlov, j.Class, Monday.AddDays(4), AttendanceCode.Ill);
        b.Db.ControlWorks.Add(new ControlWork
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = j.Class.Id, SubjectId = j.Math.SubjectId,
            Date = Monday.AddDays(4), LessonNumber = 2, Form = ControlForm.ControlWork, Title = "Дроби", CreatedAt = b.Now,
        });
        b.Db.Holidays.Add(new Holiday
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Зимние каникулы", Kind = HolidayKind.Winter,
            Start = new DateOnly(2026, 12, 29), End = new DateOnly(2027, 1, 8),
        });
        await b.Db.SaveChangesAsync();

        var mama = await b.ParentAsync("Орлова", "Мария", "mama", j.Orlov);
        await b.ParentAsync("Белова", "Ольга", "belova", j.Belov);
        var ivanov = await b.StaffAsync("Иванов", "Пётр", "Петрович", "ivanov", Roles.Teacher);
        var class6 = await b.ClassAsync(6, "Б");
        var zaitsev = await b.StudentAsync(class6, "Зайцев", "Глеб");
        await b.GroupAsync("Математика", ivanov, [class6]);
        return new DiaryWeekSchool(j, mathMon, russianTue, mathWed, russianThu, mathSat, file, mama, zaitsev, class6);
    }
}
