namespace SchoolJournal.Web.Domain;

public enum LessonStatus
{
    Planned = 1,
    Held = 2,
    Cancelled = 3,
}

/// <summary>A dated occurrence of a group's lesson; the unit of the journal.</summary>
public class Lesson : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public TeachingGroup? TeachingGroup { get; set; }
    public int? StudyPeriodId { get; set; }
    public int? TimetableEntryId { get; set; }
    public DateOnly Date { get; set; }
    public int Number { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public int? RoomId { get; set; }
    /// <summary>The teacher the timetable planned.</summary>
    public int TeacherId { get; set; }
    public StaffMember? Teacher { get; set; }
    /// <summary>Who actually taught it, when a substitute did (R-JRN-7).</summary>
    public int? SubstituteTeacherId { get; set; }
    public string? Topic { get; set; }
    /// <summary>The КТП topic this lesson covers (R-YEAR-10); set when the topic was taken from the plan.</summary>
    public int? ThematicTopicId { get; set; }
    /// <summary>The topic was filled in from the КТП and not written by the teacher: a re-import may replace it.</summary>
    public bool TopicFromPlan { get; set; }
    /// <summary>Where the timetable had the lesson before it was moved (перенос, R-YEAR-13); null when not moved.</summary>
    public DateOnly? OriginalDate { get; set; }
    public int? OriginalNumber { get; set; }
    public LessonStatus Status { get; set; } = LessonStatus.Planned;
    public Homework? Homework { get; set; }
    public List<Mark> Marks { get; set; } = [];
    public List<Attendance> Attendance { get; set; } = [];
}

public enum LessonChangeKind
{
    /// <summary>Замена: another teacher.</summary>
    Substitution = 1,
    /// <summary>Перенос: another day or lesson number.</summary>
    Move = 2,
    /// <summary>Another room.</summary>
    RoomChange = 3,
    /// <summary>Отмена.</summary>
    Cancellation = 4,
}

/// <summary>
/// The deputy's register of substitutions and moves (журнал замен, R-YEAR-13): one row per change of one lesson,
/// with what it was and what it became. The lesson itself carries the current state.
/// </summary>
public class LessonChange : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public LessonChangeKind Kind { get; set; }
    public int? FromTeacherId { get; set; }
    public int? ToTeacherId { get; set; }
    public DateOnly? FromDate { get; set; }
    public int? FromNumber { get; set; }
    public DateOnly? ToDate { get; set; }
    public int? ToNumber { get; set; }
    public int? FromRoomId { get; set; }
    public int? ToRoomId { get; set; }
    /// <summary>Причина: illness, course, excursion…</summary>
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}

public class Homework : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int LessonId { get; set; }
    public required string Text { get; set; }
    public DateOnly? DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>Entered later than 1.5 hours after the class's lessons ended (R-JRN-4).</summary>
    public bool IsLate { get; set; }
    /// <summary>Empty: the whole group; otherwise only these students (homework for a part of the group).</summary>
    public List<HomeworkStudent> Students { get; set; } = [];
    public List<HomeworkAttachment> Attachments { get; set; } = [];
}

public class HomeworkStudent
{
    public int HomeworkId { get; set; }
    public int StudentId { get; set; }
}

/// <summary>A file attached to homework, stored under data/files with a generated name.</summary>
public class HomeworkAttachment : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int HomeworkId { get; set; }
    /// <summary>The name the teacher uploaded, shown to readers.</summary>
    public required string FileName { get; set; }
    /// <summary>The generated name on disk: never derived from user input.</summary>
    public required string StoredName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public string? UploadedById { get; set; }
}

public class Mark : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public int StudentId { get; set; }
    /// <summary>As written in the journal: «5», «зач», «осв», «н/а».</summary>
    public required string Value { get; set; }
    public int WorkTypeId { get; set; }
    public WorkType? WorkType { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>Entered after its deadline (R-JRN-9): allowed, but recorded.</summary>
    public bool IsLate { get; set; }
    /// <summary>A make-up for a missed topic (R-JRN-8): the mark sits in that topic's lesson, the absence stays.</summary>
    public bool IsMakeUp { get; set; }
}

public enum AttendanceCode
{
    /// <summary>Н: absent without a valid reason.</summary>
    Absent = 1,
    /// <summary>Б: ill.</summary>
    Ill = 2,
    /// <summary>У: excused.</summary>
    Excused = 3,
    /// <summary>ОП: late.</summary>
    Late = 4,
}

public class Attendance : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int LessonId { get; set; }
    public int StudentId { get; set; }
    public AttendanceCode Code { get; set; }
    /// <summary>For ОП: how many minutes late.</summary>
    public int? LateMinutes { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    /// <summary>Marked after the day of the lesson (R-JRN-2).</summary>
    public bool IsLate { get; set; }
}

/// <summary>The class teacher's daily absence mark (seed 004): shows in every lesson of that day.</summary>
public class DailyAbsence : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int StudentId { get; set; }
    public int SchoolClassId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Б, У or Н.</summary>
    public AttendanceCode Code { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}

public enum PeriodGradeKind
{
    Period = 1,
    Year = 2,
    Exam = 3,
    Final = 4,
}

/// <summary>Отметка за период / год / итоговая; <see cref="StudyPeriodId"/> is null for the year and final ones.</summary>
public class PeriodGrade : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public int StudentId { get; set; }
    public int? StudyPeriodId { get; set; }
    public PeriodGradeKind Kind { get; set; }
    public required string Value { get; set; }
    /// <summary>Отсрочка итоговой отметки (an ill student).</summary>
    public bool Deferred { get; set; }
    /// <summary>The date by which a deferred grade is to be set.</summary>
    public DateOnly? DeferredUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public bool IsLate { get; set; }
}

/// <summary>
/// A line of the summary sheet of final grades (сводная ведомость итоговых отметок, R-JRN-5, R-REP-9): a copy of a
/// year, exam or final grade with the names as they were, kept 25 years after the journal itself is gone (R-ARCH-2).
/// Written in the same transaction as the grade it copies.
/// </summary>
public class SummaryGrade : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public int StudentId { get; set; }
    public required string StudentName { get; set; }
    public required string ClassName { get; set; }
    public int SubjectId { get; set; }
    public required string SubjectName { get; set; }
    public int? TeachingGroupId { get; set; }
    public PeriodGradeKind Kind { get; set; }
    public required string Value { get; set; }
    public bool Deferred { get; set; }
    public DateOnly? DeferredUntil { get; set; }
    /// <summary>The journal's grade this line copies.</summary>
    public int SourceGradeId { get; set; }
    public DateTimeOffset CopiedAt { get; set; }
}

public enum MessageKind
{
    Message = 1,
    /// <summary>Рекомендация педагога.</summary>
    Recommendation = 2,
}

/// <summary>A teacher's message or recommendation about one student, shown in the diary (R-JRN-10).</summary>
public class TeacherMessage : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int StudentId { get; set; }
    public int? TeachingGroupId { get; set; }
    public MessageKind Kind { get; set; }
    public bool ToParents { get; set; } = true;
    public bool ToStudent { get; set; }
    public required string Text { get; set; }
    public required string SenderUserId { get; set; }
    public required string SenderName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class AttendanceCodes
{
    public static string ToRussian(this AttendanceCode code) => code switch
    {
        AttendanceCode.Absent => "Н",
        AttendanceCode.Ill => "Б",
        AttendanceCode.Excused => "У",
        AttendanceCode.Late => "ОП",
        _ => "?",
    };

    public static AttendanceCode? Parse(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "Н" => AttendanceCode.Absent,
        "Б" => AttendanceCode.Ill,
        "У" => AttendanceCode.Excused,
        "ОП" => AttendanceCode.Late,
        _ => null,
    };
}

/// <summary>
/// «Работа без системы» (R-ARCH-5): days the administrator registered as an outage of the system. Teachers keep the journal on
/// the printed blank forms those days and enter it later; entries for lessons of those days made after the outage are shown as
/// entered from paper, and the journal-keeping deadline report does not count them late.
/// </summary>
public class SystemOutage : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public required string Reason { get; set; }
    public required string RegisteredById { get; set; }
    public required string RegisteredByName { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
}
