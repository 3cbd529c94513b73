using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Settings;

public sealed record ThresholdsDto(decimal Five, decimal Four, decimal Three);

/// <summary>The journal rules' deadlines: days for a control work's marks, for an essay's in grades 10–11, minutes for homework.</summary>
public sealed record DeadlinesDto(int ControlWorkDays, int EssayDays, int HomeworkGraceMinutes);

/// <summary>The parents' weekly digest: the day (monday…sunday) and the school time (18:00).</summary>
public sealed record WeeklyDigestDto(string Day, string At);

/// <summary>
/// The sign-in lockout: the deployment's, read only — a login is checked before anyone knows its school, and an unknown login
/// must look the same as a known one (R-SEC-8), so one school cannot have its own.
/// </summary>
public sealed record LockoutDto(int Attempts, int Minutes, int Clients);

public sealed record SettingsDto(string Name, string ShortName, string TimeZone, ThresholdsDto GradeThresholds,
    bool ExemptCountedInProgress, int ControlWorksPerWeekLimit, bool RequireTwoFactorForAdministration, DeadlinesDto JournalDeadlines,
    int PasswordMinLength, WeeklyDigestDto WeeklyDigest, LockoutDto? SignInLockout);

public sealed record ThresholdsInput(decimal? Five, decimal? Four, decimal? Three);
public sealed record DeadlinesInput(int? ControlWorkDays, int? EssayDays, int? HomeworkGraceMinutes);
public sealed record WeeklyDigestInput(string? Day, string? At);

/// <summary>Every field is required: a PUT that leaves one out is refused, never read as «erase» or «default».</summary>
public sealed record SettingsInput(string? Name, string? ShortName, string? TimeZone, ThresholdsInput? GradeThresholds,
    bool? ExemptCountedInProgress, int? ControlWorksPerWeekLimit, bool? RequireTwoFactorForAdministration,
    DeadlinesInput? JournalDeadlines, int? PasswordMinLength, WeeklyDigestInput? WeeklyDigest);

/// <summary>The school's parameters (R-SEC-7): read by staff, changed by the director or the system administrator, audited.</summary>
public sealed class SchoolSettings(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, IConfiguration config)
{
    public const string Entity = "school-settings";
    public const int NameMax = 300;
    public const int ShortNameMax = 100;
    public const int ControlWorksMax = 20;
    public const int DeadlineDaysMax = 14;
    public const int HomeworkGraceMax = 24 * 60;

    /// <summary>The days in the API's words, Monday first.</summary>
    public static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static string DayCode(DayOfWeek day) => Days[((int)day + 6) % 7];

    private static DayOfWeek? ParseDay(string? code) =>
        Array.IndexOf(Days, code?.Trim().ToLowerInvariant()) is var i and >= 0 ? (DayOfWeek)((i + 1) % 7) : null;

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static readonly Problem CannotRead = new(StatusCodes.Status403Forbidden, "Нет доступа к настройкам школы",
        "Настройки школы видят сотрудники школы.");

    public static readonly Problem CannotChange = new(StatusCodes.Status403Forbidden, "Нет права менять настройки школы",
        "Настройки школы меняют директор и системный администратор.");

    public async Task<Outcome<SettingsDto>> GetAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return CannotRead;
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == user.SchoolId, ct);
        return school is null ? Problem.NotFound("Школа не найдена") : Outcome<SettingsDto>.Ok(Dto(school) with { SignInLockout = Lockout() });
    }

    public async Task<Outcome<SettingsDto>> SaveAsync(SettingsInput input, CancellationToken ct)
    {
        if (!access.ChangesSchoolSettings) return CannotChange;
        var school = await db.Schools.FirstOrDefaultAsync(s => s.Id == user.SchoolId, ct);
        if (school is null) return Problem.NotFound("Школа не найдена");
        if (Validate(input) is { } problem) return problem;
        var before = Dto(school);
        var t = input.GradeThresholds!;
        school.Name = input.Name!.Trim();
        school.ShortName = input.ShortName!.Trim();
        school.TimeZone = input.TimeZone!.Trim();
        (school.GradeThreshold5, school.GradeThreshold4, school.GradeThreshold3) = (t.Five!.Value, t.Four!.Value, t.Three!.Value);
        school.ExemptCountedInProgress = input.ExemptCountedInProgress!.Value;
        school.ControlWorksPerWeekLimit = input.ControlWorksPerWeekLimit!.Value;
        school.RequireTwoFactorForAdministration = input.RequireTwoFactorForAdministration!.Value;
        var d = input.JournalDeadlines!;
        (school.ControlWorkMarkDays, school.EssayMarkDays, school.HomeworkGraceMinutes) =
            (d.ControlWorkDays!.Value, d.EssayDays!.Value, d.HomeworkGraceMinutes!.Value);
        school.PasswordMinLength = input.PasswordMinLength!.Value;
        school.WeeklyDigestDay = ParseDay(input.WeeklyDigest!.Day);
        school.WeeklyDigestAt = ParseTime(input.WeeklyDigest.At);
        var after = Dto(school);
        if (after == before) return Outcome<SettingsDto>.Ok(after with { SignInLockout = Lockout() });
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolSettingsChanged, Entity, school.Id, before, after,
            schoolId: school.Id, ct: ct), ct);
        return Outcome<SettingsDto>.Ok(after with { SignInLockout = Lockout() });
    }

    /// <summary>The values the audit keeps before and after; the deployment's lockout is not the school's and stays out.</summary>
    private static SettingsDto Dto(School s) => new(s.Name, s.ShortName, s.TimeZone,
        new ThresholdsDto(s.GradeThreshold5, s.GradeThreshold4, s.GradeThreshold3), s.ExemptCountedInProgress, s.ControlWorksPerWeekLimit,
        s.RequireTwoFactorForAdministration, new DeadlinesDto(s.ControlWorkMarkDays, s.EssayMarkDays, s.HomeworkGraceMinutes),
        s.PasswordMinLength, new WeeklyDigestDto(DayCode(s.WeeklyDigestDay ?? School.DefaultWeeklyDigestDay),
            (s.WeeklyDigestAt ?? School.DefaultWeeklyDigestAt).ToString("HH:mm", CultureInfo.InvariantCulture)), null);

    /// <summary>The same numbers <c>FailedSignIns</c> reads.</summary>
    private LockoutDto Lockout() => new(Math.Max(1, config.GetValue("Security:MaxFailedAccessAttempts", 5)),
        Math.Max(1, config.GetValue("Security:LockoutMinutes", 15)), Math.Max(1, config.GetValue("Security:LockoutClients", 3)));

    /// <summary>The first thing wrong with the input, in Russian; null when every field is there and sound.</summary>
    public static Problem? Validate(SettingsInput input)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Name)) missing.Add("name");
        if (string.IsNullOrWhiteSpace(input.ShortName)) missing.Add("shortName");
        if (string.IsNullOrWhiteSpace(input.TimeZone)) missing.Add("timeZone");
        if (input.GradeThresholds is not { Five: not null, Four: not null, Three: not null })
            missing.Add("gradeThresholds (five, four, three)");
        if (input.ExemptCountedInProgress is null) missing.Add("exemptCountedInProgress");
        if (input.ControlWorksPerWeekLimit is null) missing.Add("controlWorksPerWeekLimit");
        if (input.RequireTwoFactorForAdministration is null) missing.Add("requireTwoFactorForAdministration");
        if (input.JournalDeadlines is not { ControlWorkDays: not null, EssayDays: not null, HomeworkGraceMinutes: not null })
            missing.Add("journalDeadlines (controlWorkDays, essayDays, homeworkGraceMinutes)");
        if (input.PasswordMinLength is null) missing.Add("passwordMinLength");
        if (input.WeeklyDigest is not { Day: not null, At: not null }) missing.Add("weeklyDigest (day, at)");
        if (missing.Count > 0)
            return Problem.BadRequest("Не все настройки указаны",
                $"Передайте все настройки школы, в том числе те, что не меняются. Не указаны: {string.Join(", ", missing)}.");
        if (input.Name!.Trim().Length > NameMax) return Problem.TooLong("Название школы", NameMax);
        if (input.ShortName!.Trim().Length > ShortNameMax) return Problem.TooLong("Краткое название школы", ShortNameMax);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone!.Trim(), out _))
            return Problem.BadRequest("Неизвестный часовой пояс", $"Часового пояса «{input.TimeZone}» нет. Укажите его как Europe/Moscow.");
        var (five, four, three) = (input.GradeThresholds!.Five!.Value, input.GradeThresholds.Four!.Value, input.GradeThresholds.Three!.Value);
        if (new[] { five, four, three }.Any(v => v < 1m || v > 5m || decimal.Round(v, 2) != v))
            return Problem.BadRequest("Неверные пороги отметок", "Пороги — числа от 1 до 5, не больше двух знаков после запятой.");
        if (!(five > four && four > three))
            return Problem.BadRequest("Неверные пороги отметок", "Порог «5» должен быть больше порога «4», а он — больше порога «3».");
        if (input.ControlWorksPerWeekLimit is < 1 or > ControlWorksMax)
            return Problem.BadRequest("Неверный предел контрольных работ",
                $"Предел контрольных работ в неделю — целое число от 1 до {ControlWorksMax}.");
        var d = input.JournalDeadlines!;
        if (d.ControlWorkDays is < 0 or > DeadlineDaysMax || d.EssayDays is < 0 or > DeadlineDaysMax)
            return Problem.BadRequest("Неверные сроки журнала",
                $"Срок выставления отметок за контрольную работу и за сочинение — целое число дней от 0 (в день урока) до {DeadlineDaysMax}.");
        if (d.HomeworkGraceMinutes is < 0 or > HomeworkGraceMax)
            return Problem.BadRequest("Неверные сроки журнала",
                $"Срок записи домашнего задания — целое число минут после последнего урока класса, от 0 до {HomeworkGraceMax} (сутки).");
        if (input.PasswordMinLength is < PasswordPolicy.Floor or > PasswordPolicy.Ceiling)
            return Problem.BadRequest("Неверная длина пароля",
                $"Наименьшая длина пароля — целое число от {PasswordPolicy.Floor} до {PasswordPolicy.Ceiling} символов.");
        if (ParseDay(input.WeeklyDigest!.Day) is null)
            return Problem.BadRequest("Неверный день еженедельной сводки",
                $"День еженедельной сводки родителям — одно из: {string.Join(", ", Days)}.");
        if (ParseTime(input.WeeklyDigest.At) is null)
            return Problem.BadRequest("Неверное время еженедельной сводки", "Время еженедельной сводки указывают как 18:00.");
        return null;
    }
}
