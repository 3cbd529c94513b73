using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Settings;

public sealed record ThresholdsDto(decimal Five, decimal Four, decimal Three);

public sealed record SettingsDto(string Name, string ShortName, string TimeZone, ThresholdsDto GradeThresholds,
    bool ExemptCountedInProgress, int ControlWorksPerWeekLimit, bool RequireTwoFactorForAdministration);

public sealed record ThresholdsInput(decimal? Five, decimal? Four, decimal? Three);

/// <summary>Every field is required: a PUT that leaves one out is refused, never read as «erase» or «default».</summary>
public sealed record SettingsInput(string? Name, string? ShortName, string? TimeZone, ThresholdsInput? GradeThresholds,
    bool? ExemptCountedInProgress, int? ControlWorksPerWeekLimit, bool? RequireTwoFactorForAdministration);

/// <summary>The school's parameters (R-SEC-7): read by staff, changed by the director or the system administrator, audited.</summary>
public sealed class SchoolSettings(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit)
{
    public const string Entity = "school-settings";
    public const int NameMax = 300;
    public const int ShortNameMax = 100;
    public const int ControlWorksMax = 20;

    public static readonly Problem CannotRead = new(StatusCodes.Status403Forbidden, "Нет доступа к настройкам школы",
        "Настройки школы видят сотрудники школы.");

    public static readonly Problem CannotChange = new(StatusCodes.Status403Forbidden, "Нет права менять настройки школы",
        "Настройки школы меняют директор и системный администратор.");

    public async Task<Outcome<SettingsDto>> GetAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return CannotRead;
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == user.SchoolId, ct);
        return school is null ? Problem.NotFound("Школа не найдена") : Outcome<SettingsDto>.Ok(Dto(school));
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
        var after = Dto(school);
        if (after == before) return Outcome<SettingsDto>.Ok(after);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolSettingsChanged, Entity, school.Id, before, after,
            schoolId: school.Id, ct: ct), ct);
        return Outcome<SettingsDto>.Ok(after);
    }

    private static SettingsDto Dto(School s) => new(s.Name, s.ShortName, s.TimeZone,
        new ThresholdsDto(s.GradeThreshold5, s.GradeThreshold4, s.GradeThreshold3), s.ExemptCountedInProgress, s.ControlWorksPerWeekLimit,
        s.RequireTwoFactorForAdministration);

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
        return null;
    }
}
