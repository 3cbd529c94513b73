namespace SchoolJournal.Web.Domain;

public enum SubjectComponent
{
    /// <summary>Обязательная часть (федеральный базисный учебный план).</summary>
    Federal = 1,
    /// <summary>Часть, формируемая участниками образовательных отношений (школьный компонент).</summary>
    School = 2,
}

public class Subject : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public required string ShortName { get; set; }
    public SubjectComponent Component { get; set; }
    /// <summary>Предметная область: «Математика и информатика».</summary>
    public string? Area { get; set; }
    public int SortOrder { get; set; }
    /// <summary>The grading system new groups of this subject take (R-YEAR-15); null: the class's or the school's default.</summary>
    public int? GradingSystemId { get; set; }
}

public enum StudyProfile
{
    None = 0,
    Science = 1,
    Humanities = 2,
    SocioEconomic = 3,
    Technological = 4,
    Universal = 5,
}

/// <summary>Класс-комплект of one academic year.</summary>
public class SchoolClass : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public int Grade { get; set; }
    public required string Letter { get; set; }
    public StudyProfile Profile { get; set; }
    public int Shift { get; set; } = 1;
    /// <summary>5- or 6-day week.</summary>
    public int DaysPerWeek { get; set; } = 5;
    public int? BellScheduleId { get; set; }
    public int? CurriculumId { get; set; }
    public int? RoomId { get; set; }
    /// <summary>The grading system of the class's groups when the subject names none (безотметочное обучение in 1st grade).</summary>
    public int? GradingSystemId { get; set; }
    /// <summary>The class of the previous year this one was moved up from (year rollover, R-YEAR-16).</summary>
    public int? PreviousClassId { get; set; }
    public List<ClassTeacher> ClassTeachers { get; set; } = [];

    public string Name => $"{Grade}{Letter}";

    public EducationLevel Level => Grade switch
    {
        <= 4 => EducationLevel.Primary,
        <= 9 => EducationLevel.Basic,
        _ => EducationLevel.Secondary,
    };
}

/// <summary>Классный руководитель of a class over a span of dates.</summary>
public class ClassTeacher : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int SchoolClassId { get; set; }
    public SchoolClass? SchoolClass { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
}

public enum GroupKind
{
    /// <summary>Whole class × subject.</summary>
    WholeClass = 1,
    /// <summary>Подгруппа (foreign language, technology).</summary>
    SubGroup = 2,
    /// <summary>Учебный поток across classes (elective, profile course).</summary>
    Stream = 3,
    /// <summary>Индивидуальный учебный план of one student.</summary>
    Individual = 4,
    /// <summary>Внеурочная деятельность, кружок.</summary>
    Extracurricular = 5,
}

/// <summary>Учебная группа: what one journal is kept for.</summary>
public class TeachingGroup : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public int SubjectId { get; set; }
    public Subject? Subject { get; set; }
    public required string Name { get; set; }
    public GroupKind Kind { get; set; }
    public int GradingSystemId { get; set; }
    public GradingSystem? GradingSystem { get; set; }
    /// <summary>Work regime of a stream or an individual plan when it differs from its class's (R-YEAR-8).</summary>
    public int? BellScheduleId { get; set; }
    public int? DaysPerWeek { get; set; }
    public int? Shift { get; set; }
    /// <summary>How the class is split (language, gender, profile), or any note of the deputy.</summary>
    public string? Note { get; set; }
    public List<GroupClass> Classes { get; set; } = [];
    public List<GroupMembership> Members { get; set; } = [];
    public List<TeachingAssignment> Assignments { get; set; } = [];
}

public class GroupClass
{
    public int TeachingGroupId { get; set; }
    public int SchoolClassId { get; set; }
    public SchoolClass? SchoolClass { get; set; }
}

/// <summary>A student's membership of a group over time: a transfer ends one row and starts another.</summary>
public class GroupMembership : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public TeachingGroup? TeachingGroup { get; set; }
    public int StudentId { get; set; }
    public Student? Student { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
}

/// <summary>Нагрузка: teacher × group × hours per week.</summary>
public class TeachingAssignment : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public TeachingGroup? TeachingGroup { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public decimal HoursPerWeek { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
}

/// <summary>Учебный план of a parallel and profile, or an individual one (<see cref="StudentId"/>).</summary>
public class Curriculum : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public required string Name { get; set; }
    public int Grade { get; set; }
    public StudyProfile Profile { get; set; }
    public int? StudentId { get; set; }
    public List<CurriculumLine> Lines { get; set; } = [];
}

public class CurriculumLine
{
    public int Id { get; set; }
    public int CurriculumId { get; set; }
    public int SubjectId { get; set; }
    public Subject? Subject { get; set; }
    public decimal HoursPerWeek { get; set; }
    public SubjectComponent Part { get; set; }
    /// <summary>Split into sub-groups (foreign language, technology).</summary>
    public bool Divided { get; set; }
}

public enum GradingKind
{
    FivePoint = 1,
    TenPoint = 2,
    PassFail = 3,
    /// <summary>Безотметочное обучение.</summary>
    Unmarked = 4,
}

public class GradingSystem : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public GradingKind Kind { get; set; }
}

/// <summary>Вид работы with its weight in the weighted average.</summary>
public class WorkType : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public required string ShortName { get; set; }
    public decimal Weight { get; set; } = 1m;
    /// <summary>A control or written work: its grades have a deadline (R-JRN-9).</summary>
    public bool IsControl { get; set; }
    public int SortOrder { get; set; }
}

public enum WeekParity
{
    /// <summary>Every week.</summary>
    Every = 0,
    /// <summary>Odd weeks of the academic year (the week of 1 September is week 1).</summary>
    Odd = 1,
    Even = 2,
}

public enum ActivityKind
{
    /// <summary>Урочная деятельность.</summary>
    Main = 1,
    /// <summary>Внеурочная деятельность.</summary>
    Extracurricular = 2,
    /// <summary>Дополнительное образование.</summary>
    Additional = 3,
}

/// <summary>A weekly slot of the timetable, valid over a span of dates.</summary>
public class TimetableEntry : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public int TeachingGroupId { get; set; }
    public TeachingGroup? TeachingGroup { get; set; }
    /// <summary>1 = Monday … 6 = Saturday.</summary>
    public int DayOfWeek { get; set; }
    public int LessonNumber { get; set; }
    public int StaffMemberId { get; set; }
    public int? RoomId { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
    public WeekParity Parity { get; set; }
    public ActivityKind Activity { get; set; } = ActivityKind.Main;
    /// <summary>Optimistic concurrency: bumped on every change, so two editors of one entry cannot overwrite each other silently.</summary>
    public int Version { get; set; }
}

/// <summary>Календарно-тематическое планирование (КТП) of one group in its subject, by its teacher (R-YEAR-10).</summary>
public class ThematicPlan : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public TeachingGroup? TeachingGroup { get; set; }
    /// <summary>The teacher who wrote it; null when the deputy loaded it.</summary>
    public int? StaffMemberId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ThematicTopic> Topics { get; set; } = [];
}

/// <summary>One topic of a КТП; a topic of N hours covers N consecutive lessons.</summary>
public class ThematicTopic : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int ThematicPlanId { get; set; }
    /// <summary>Order in the plan, from 1.</summary>
    public int Number { get; set; }
    /// <summary>Раздел (chapter) the topic belongs to, optional.</summary>
    public string? Section { get; set; }
    public required string Title { get; set; }
    public int Hours { get; set; } = 1;
    /// <summary>Planned homework or a note for the teacher.</summary>
    public string? Note { get; set; }
}

/// <summary>Форма контроля of a control work (ВШК).</summary>
public enum ControlForm
{
    ControlWork = 1,
    Test = 2,
    Dictation = 3,
    Essay = 4,
    PracticalWork = 5,
    LaboratoryWork = 6,
    OralExam = 7,
    Vpr = 8,
    Diagnostic = 9,
    Other = 99,
}

/// <summary>An entry of the consolidated schedule of control works (ВШК, R-YEAR-12): visible to students and parents.</summary>
public class ControlWork : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public int SchoolClassId { get; set; }
    public SchoolClass? SchoolClass { get; set; }
    /// <summary>The group, when only part of the class writes it.</summary>
    public int? TeachingGroupId { get; set; }
    public int SubjectId { get; set; }
    public Subject? Subject { get; set; }
    public DateOnly Date { get; set; }
    public int? LessonNumber { get; set; }
    public ControlForm Form { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}
