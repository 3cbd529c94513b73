namespace SchoolJournal.Web.Domain;

/// <summary>Marks a row that belongs to one school; the DbContext filters such rows by the current user's school.</summary>
public interface ISchoolOwned
{
    int SchoolId { get; set; }
}

public class School
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string ShortName { get; set; }
    public string? Address { get; set; }
    /// <summary>IANA time zone: deadlines and "today" are computed in it.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>Weighted average from which the period grade «5» is suggested (R-JRN-5); the school may change it.</summary>
    public decimal GradeThreshold5 { get; set; } = 4.6m;
    public decimal GradeThreshold4 { get; set; } = 3.6m;
    public decimal GradeThreshold3 { get; set; } = 2.6m;

    /// <summary>
    /// Успеваемость and качество count students exempt from a subject («осв») among those assessed (true), or leave them
    /// out of the count (false): the school's rule, stated in words by every report.
    /// </summary>
    public bool ExemptCountedInProgress { get; set; } = true;

    /// <summary>ВШК: the most control works one class may have in a week before the schedule warns (R-YEAR-12).</summary>
    public int ControlWorksPerWeekLimit { get; set; } = 3;
    /// <summary>
    /// The director and the system administrator must sign in with a second factor (a code of an authenticator app, R-SEC-8);
    /// one of them without it is sent to set it up at his next sign-in and may do nothing else until he has.
    /// </summary>
    public bool RequireTwoFactorForAdministration { get; set; }

    /// <summary>
    /// When the parents' weekly digest goes out (R-DIARY-3), school time; not set means <see cref="DefaultWeeklyDigestDay"/>
    /// at <see cref="DefaultWeeklyDigestAt"/> (existing schools get the default without a data change).
    /// </summary>
    public DayOfWeek? WeeklyDigestDay { get; set; }
    public TimeOnly? WeeklyDigestAt { get; set; }

    /// <summary>
    /// The journal rules' deadlines (R-JRN-9, seed 003), the school's own: a control work's marks are due within
    /// <see cref="ControlWorkMarkDays"/> days of the lesson, an essay's in grades 10–11 within <see cref="EssayMarkDays"/>, homework
    /// <see cref="HomeworkGraceMinutes"/> minutes after the class's last lesson of the day ends.
    /// </summary>
    public int ControlWorkMarkDays { get; set; } = 3;
    public int EssayMarkDays { get; set; } = 7;
    public int HomeworkGraceMinutes { get; set; } = 90;

    /// <summary>The shortest password the school's people may choose (R-SEC-7); never below the deployment's floor of 8.</summary>
    public int PasswordMinLength { get; set; } = 8;

    public const DayOfWeek DefaultWeeklyDigestDay = DayOfWeek.Friday;
    public static readonly TimeOnly DefaultWeeklyDigestAt = new(18, 0);
}

/// <summary>Учебный год.</summary>
public class AcademicYear : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public bool IsCurrent { get; set; }
    /// <summary>Closed by the year rollover: everything of this year is read-only (R-YEAR-16).</summary>
    public bool IsClosed { get; set; }
    /// <summary>The year this one was rolled over from.</summary>
    public int? PreviousYearId { get; set; }
}

public enum PeriodKind
{
    Quarter = 1,
    Trimester = 2,
    HalfYear = 3,
    Year = 4,
}

/// <summary>Уровень общего образования: НОО 1–4, ООО 5–9, СОО 10–11.</summary>
public enum EducationLevel
{
    Primary = 1,
    Basic = 2,
    Secondary = 3,
}

/// <summary>Учебный период (четверть, триместр, полугодие). Applies to one level, or one class, or the whole school.</summary>
public class StudyPeriod : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public AcademicYear? AcademicYear { get; set; }
    public required string Name { get; set; }
    public PeriodKind Kind { get; set; }
    public int Number { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public EducationLevel? Level { get; set; }
    public int? SchoolClassId { get; set; }
}

public enum HolidayKind
{
    Autumn = 1,
    Winter = 2,
    Spring = 3,
    Summer = 4,
    Extra = 5,
    PublicHoliday = 6,
}

/// <summary>Каникулы or a public holiday; <see cref="Grade"/> set means only for that parallel (extra holidays of 1st grade).</summary>
public class Holiday : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int AcademicYearId { get; set; }
    public required string Name { get; set; }
    public HolidayKind Kind { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public int? Grade { get; set; }
}

/// <summary>Расписание звонков.</summary>
public class BellSchedule : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public int Shift { get; set; } = 1;
    public List<BellSlot> Slots { get; set; } = [];
}

public class BellSlot
{
    public int Id { get; set; }
    public int BellScheduleId { get; set; }
    public int Number { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
}

public class Room : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Number { get; set; }
    public string? Name { get; set; }
    public int Capacity { get; set; }
}
