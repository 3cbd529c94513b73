namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// When a journal entry is due (R-JRN-9, seed 003), as the last allowed moment on the school's wall clock.
/// An entry made after it is accepted but stored as late: <see cref="IsLate"/>.
/// </summary>
public static class Deadlines
{
    /// <summary>Homework is due this long after the class's last lesson of the day ends.</summary>
    public static readonly TimeSpan HomeworkGrace = TimeSpan.FromMinutes(90);

    public const int ControlWorkDays = 3;
    public const int WrittenWorkDays = 7;

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
    /// A mark: on the day of the lesson; a control work's within 3 days; an essay in grades 10–11 within a week.
    /// <paramref name="topGrade"/> is the highest grade of the group's classes (a stream may span 10 and 11).
    /// </summary>
    public static DateTime ForMark(DateOnly lessonDate, bool isControl, string workTypeName, int topGrade) =>
        EndOf(lessonDate.AddDays(
            topGrade >= 10 && string.Equals(workTypeName.Trim(), Essay, StringComparison.OrdinalIgnoreCase) ? WrittenWorkDays
            : isControl ? ControlWorkDays
            : 0));

    /// <summary>Attendance: on the day of the lesson.</summary>
    public static DateTime ForAttendance(DateOnly lessonDate) => EndOf(lessonDate);

    /// <summary>A topic: on the day of the lesson, like its marks.</summary>
    public static DateTime ForTopic(DateOnly lessonDate) => EndOf(lessonDate);

    /// <summary>Homework: 1.5 hours after the last lesson of the group's classes that day ends.</summary>
    public static DateTime ForHomework(DateOnly lessonDate, TimeOnly lastLessonEnd) =>
        lessonDate.ToDateTime(lastLessonEnd).Add(HomeworkGrace);

    /// <summary>
    /// A period grade: in the period's last week, before the holidays; earlier is fine, after the period's last
    /// day is late. Year and final grades: by the last day of the school year.
    /// </summary>
    public static DateTime ForPeriodGrade(DateOnly lastDay) => EndOf(lastDay);

    private static DateTime EndOf(DateOnly day) => day.ToDateTime(TimeOnly.MaxValue);
}
