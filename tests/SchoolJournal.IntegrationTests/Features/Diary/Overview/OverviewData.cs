using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Diary.Overview;

/// <summary>
/// <see cref="JournalSchool"/> with what the diary's overview shows. Орлов (orlov), his mother Орлова (orlova); Белов's
/// mother Белова (belova), another family. Maths of Орлов in the 2nd quarter: 5 (контрольная, weight 2) on 20.11,
/// 3 on 16.11, 4 on 18.11; a 2 on 10.10 in the 1st quarter; grades «5» for the 1st quarter, «4» for the 2nd and «4» for
/// the year. English in two sub-groups: Орлов with Иванова, Белов with Петрова. Homework «№ 245» given on 20.11 without
/// a due date (the next maths lesson is 25.11, 2nd); «Выучить стихотворение» in Russian on 20.11 for Белов only. Messages
/// about Орлов: one to him, one to parents only. A holiday and two control works of 5А (18.11 past, 26.11 coming).
/// </summary>
public sealed record OverviewSchool(JournalSchool J, Parent Orlova, Parent Belova, StaffMember Ivanova, StaffMember Petrova, Lesson NextMath,
    Homework MathHomework, Homework PartHomework, StudyPeriod Quarter1)
{
    public static async Task<OverviewSchool> BuildAsync(SchoolBuilder b)
    {
        var j = await JournalSchool.BuildAsync(b);
        var orlova = await b.ParentAsync("Орлова", "Елена", "orlova", j.Orlov);
        var belova = await b.ParentAsync("Белова", "Вера", "belova", j.Belov);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        var m16 = await b.LessonAsync(j.Math, new DateOnly(2026, 11, 16), 1, j.Teacher);
        var m18 = await b.LessonAsync(j.Math, new DateOnly(2026, 11, 18), 1, j.Teacher);
        var m10 = await b.LessonAsync(j.Math, new DateOnly(2026, 10, 10), 1, j.Teacher);
        var next = await b.LessonAsync(j.Math, new DateOnly(2026, 11, 25), 2, j.Teacher);
        var five = await b.MarkAsync(j.MathLesson, j.Orlov, "5", control);
        five.Comment = "Отличная работа";
        await b.MarkAsync(m18, j.Orlov, "4");
        await b.MarkAsync(m16, j.Orlov, "3");
        await b.MarkAsync(m10, j.Orlov, "2");
        await b.MarkAsync(m16, j.Belov, "2");
        b.Db.PeriodGrades.AddRange(
            Grade(b, j, j.Quarter2.Id, PeriodGradeKind.Period, "4"),
            Grade(b, j, b.Quarters[0].Id, PeriodGradeKind.Period, "5"),
            Grade(b, j, null, PeriodGradeKind.Year, "4"));

        var ivanova = await b.StaffAsync("Иванова", "Мария", "Петровна", "ivanova", Roles.Teacher);
        var petrova = await b.StaffAsync("Петрова", "Ольга", "Сергеевна", "petrova", Roles.Teacher);
        await b.GroupAsync("Английский язык", ivanova, [j.Class], [j.Orlov], GroupKind.SubGroup);
        await b.GroupAsync("Английский язык", petrova, [j.Class], [j.Belov], GroupKind.SubGroup);

        var mathHomework = await b.LessonHomeworkAsync(j.MathLesson, "№ 245");
        var partHomework = await b.LessonHomeworkAsync(j.RussianLesson, "Выучить стихотворение");
        partHomework.DueDate = new DateOnly(2026, 11, 24);
        b.Db.HomeworkStudents.Add(new HomeworkStudent { HomeworkId = partHomework.Id, StudentId = j.Belov.Id });

        await b.MessageAsync(j.Orlov, j.Teacher, "Артём, повтори дроби", toParents: false, toStudent: true);
        await b.MessageAsync(j.Orlov, j.Teacher, "Прошу зайти в школу", toParents: true, toStudent: false);

        var subject = j.Math.SubjectId;
        b.Db.Holidays.Add(
            new Holiday { SchoolId = j.School.Id, AcademicYearId = b.Year.Id, Name = "Зимние каникулы", Kind = HolidayKind.Winter,
                Start = new(2026, 12, 29), End = new(2027, 1, 8) });
        b.Db.ControlWorks.AddRange(
            new ControlWork { SchoolId = j.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = j.Class.Id, SubjectId = subject,
                Date = new(2026, 11, 18), Form = ControlForm.Test, Title = "Натуральные числа", CreatedAt = b.Now },
            new ControlWork { SchoolId = j.School.Id, AcademicYearId = b.Year.Id, SchoolClassId = j.Class.Id, SubjectId = subject,
                Date = new(2026, 11, 26), LessonNumber = 2, Form = ControlForm.ControlWork, Title = "Дроби", CreatedAt = b.Now });
        await b.Db.SaveChangesAsync();
        return new OverviewSchool(j, orlova, belova, ivanova, petrova, next, mathHomework, partHomework, b.Quarters[0]);
    }

    private static PeriodGrade Grade(SchoolBuilder b, JournalSchool j, int? periodId, PeriodGradeKind kind, string value) => new()
    {
        SchoolId = b.School.Id, TeachingGroupId = j.Math.Id, StudentId = j.Orlov.Id, StudyPeriodId = periodId, Kind = kind, Value = value,
        CreatedAt = b.Now,
    };
}
