using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// The school's own numbers in the journal rules (R-JRN-9, R-SEC-7; <see cref="School.ControlWorkMarkDays"/>…): a control
/// work's marks within <see cref="ControlWorkDays"/> days, an essay's in grades 10–11 within <see cref="EssayDays"/>, homework
/// <see cref="HomeworkGraceMinutes"/> minutes after the last lesson of the day. <see cref="Default"/>: seed 003's 3, 7 and 90.
/// </summary>
public sealed record DeadlineRules(int ControlWorkDays, int EssayDays, int HomeworkGraceMinutes)
{
    public static readonly DeadlineRules Default = new(3, 7, 90);

    public static DeadlineRules Of(School school) => new(school.ControlWorkMarkDays, school.EssayMarkDays, school.HomeworkGraceMinutes);

    /// <summary>The rules of the school, one query; <see cref="Default"/> when there is no such school.</summary>
    public static async Task<DeadlineRules> ReadAsync(JournalDbContext db, int? schoolId, CancellationToken ct) =>
        await db.Schools.AsNoTracking().Where(s => s.Id == schoolId)
            .Select(s => new DeadlineRules(s.ControlWorkMarkDays, s.EssayMarkDays, s.HomeworkGraceMinutes)).FirstOrDefaultAsync(ct) ?? Default;
}

/// <summary>
/// When a journal entry is due (R-JRN-9, seed 003), as the last allowed moment on the school's wall clock.
/// An entry made after it is accepted but stored as late: <see cref="IsLate"/>.
/// </summary>
public static class Deadlines
{

    /// <summary>The work type whose marks in grades 10–11 are due within a week (written work, essays).</summary>
    public const string Essay = "Сочинение";

    /// <summary>Late when made after the due moment; both are the school's local wall-clock time.</summary>
    public static bool IsLate(DateTime due, DateTimeOffset schoolNow) => schoolNow.DateTime > due;

    /// <summary>
    /// Marks and attendance are entered "during the lesson or the same school day" (the school's rule): from the
    /// lesson's day on, on the school's wall clock. The whole day counts, so a late bell or a teacher's clock never
    /// stops a mark during the lesson.
    /// </summary>
    public static bool DayHasCome(DateOnly lessonDate, DateTimeOffset schoolNow) => DateOnly.FromDateTime(schoolNow.DateTime) >= lessonDate;

    /// <summary>
    /// A mark: on the day of the lesson; a control work's within the school's days (3 by default); an essay in grades 10–11
    /// within the school's days (a week by default). <paramref name="topGrade"/> is the highest grade of the group's classes
    /// (a stream may span 10 and 11).
    /// </summary>
    public static DateTime ForMark(DateOnly lessonDate, bool isControl, string workTypeName, int topGrade, DeadlineRules rules) =>
        EndOf(lessonDate.AddDays(
            topGrade >= 10 && string.Equals(workTypeName.Trim(), Essay, StringComparison.OrdinalIgnoreCase) ? rules.EssayDays
            : isControl ? rules.ControlWorkDays
            : 0));

    /// <summary>Attendance: on the day of the lesson.</summary>
    public static DateTime ForAttendance(DateOnly lessonDate) => EndOf(lessonDate);

    /// <summary>A topic: on the day of the lesson, like its marks.</summary>
    public static DateTime ForTopic(DateOnly lessonDate) => EndOf(lessonDate);

    /// <summary>Homework: the school's minutes (1.5 hours by default) after the last lesson of the group's classes that day ends.</summary>
    public static DateTime ForHomework(DateOnly lessonDate, TimeOnly lastLessonEnd, DeadlineRules rules) =>
        lessonDate.ToDateTime(lastLessonEnd).AddMinutes(rules.HomeworkGraceMinutes);

    /// <summary>
    /// A period grade: in the period's last week, before the holidays; earlier is fine, after the period's last
    /// day is late. Year and final grades: by the last day of the school year.
    /// </summary>
    public static DateTime ForPeriodGrade(DateOnly lastDay) => EndOf(lastDay);

    private static DateTime EndOf(DateOnly day) => day.ToDateTime(TimeOnly.MaxValue);
}
