using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Settings;

/// <summary>
/// «Настройки школы» (/Admin/Settings, R-SEC-7): the school's parameters that the API's GET|PUT /api/v1/school/settings
/// carries, on a page. Staff read them; the director and the system administrator change them, each change audited.
/// </summary>
public sealed class IndexModel(AccessService access, SchoolSettings settings) : PageModel
{
    /// <summary>Russia's time zones, west to east; a school elsewhere keeps its own zone in the list.</summary>
    public static readonly (string Id, string Title)[] Zones =
    [
        ("Europe/Kaliningrad", "Калининград (МСК−1)"), ("Europe/Moscow", "Москва (МСК)"), ("Europe/Samara", "Самара (МСК+1)"),
        ("Asia/Yekaterinburg", "Екатеринбург (МСК+2)"), ("Asia/Omsk", "Омск (МСК+3)"), ("Asia/Novosibirsk", "Новосибирск (МСК+4)"),
        ("Asia/Krasnoyarsk", "Красноярск (МСК+4)"), ("Asia/Irkutsk", "Иркутск (МСК+5)"), ("Asia/Yakutsk", "Якутск (МСК+6)"),
        ("Asia/Vladivostok", "Владивосток (МСК+7)"), ("Asia/Magadan", "Магадан (МСК+8)"), ("Asia/Kamchatka", "Камчатка (МСК+9)"),
    ];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ShortName { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string? Five { get; set; }
    [BindProperty] public string? Four { get; set; }
    [BindProperty] public string? Three { get; set; }
    [BindProperty] public bool ExemptCounted { get; set; }
    [BindProperty] public string? ControlWorksPerWeek { get; set; }
    [BindProperty] public bool RequireTwoFactor { get; set; }
    [BindProperty] public string? ControlWorkDays { get; set; }
    [BindProperty] public string? EssayDays { get; set; }
    [BindProperty] public string? HomeworkGraceMinutes { get; set; }
    [BindProperty] public string? PasswordMinLength { get; set; }
    [BindProperty] public string? DigestDay { get; set; }
    [BindProperty] public string? DigestAt { get; set; }

    /// <summary>The deployment's sign-in lockout, shown, not changed here.</summary>
    public LockoutDto? Lockout { get; private set; }

    /// <summary>The digest's days as the page names them, Monday first.</summary>
    public static IEnumerable<(string Code, string Title)> DayChoices => SchoolSettings.Days.Select((code, i) =>
        (code, CultureInfo.GetCultureInfo("ru-RU").DateTimeFormat.GetDayName((DayOfWeek)((i + 1) % 7))));

    public bool CanChange { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        if (current.Problem is { } problem) return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        Show(current.Value!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.ChangesSchoolSettings) return Forbid();
        CanChange = true;
        // A number the page cannot read goes on as missing, and the service says which one in Russian.
        var input = new SettingsInput(Name, ShortName, TimeZone, new ThresholdsInput(Number(Five), Number(Four), Number(Three)),
            ExemptCounted, Int(ControlWorksPerWeek), RequireTwoFactor,
            new DeadlinesInput(Int(ControlWorkDays), Int(EssayDays), Int(HomeworkGraceMinutes)), Int(PasswordMinLength),
            new WeeklyDigestInput(DigestDay, DigestAt));
        var saved = await settings.SaveAsync(input, ct);
        if (saved.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest) return Forbid();
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return Page();
        }
        Show(saved.Value!);
        Lockout = (await settings.GetAsync(ct)).Value?.SignInLockout;
        Done = "Настройки сохранены.";
        return Page();
    }

    public IEnumerable<(string Id, string Title)> ZoneChoices =>
        Zones.Any(z => z.Id == TimeZone) || string.IsNullOrEmpty(TimeZone) ? Zones : [.. Zones, (TimeZone, TimeZone)];

    private void Show(SettingsDto s)
    {
        CanChange = access.ChangesSchoolSettings;
        (Name, ShortName, TimeZone) = (s.Name, s.ShortName, s.TimeZone);
        (Five, Four, Three) = (Text(s.GradeThresholds.Five), Text(s.GradeThresholds.Four), Text(s.GradeThresholds.Three));
        ExemptCounted = s.ExemptCountedInProgress;
        ControlWorksPerWeek = s.ControlWorksPerWeekLimit.ToString(CultureInfo.InvariantCulture);
        RequireTwoFactor = s.RequireTwoFactorForAdministration;
        ControlWorkDays = s.JournalDeadlines.ControlWorkDays.ToString(CultureInfo.InvariantCulture);
        EssayDays = s.JournalDeadlines.EssayDays.ToString(CultureInfo.InvariantCulture);
        HomeworkGraceMinutes = s.JournalDeadlines.HomeworkGraceMinutes.ToString(CultureInfo.InvariantCulture);
        PasswordMinLength = s.PasswordMinLength.ToString(CultureInfo.InvariantCulture);
        (DigestDay, DigestAt) = (s.WeeklyDigest.Day, s.WeeklyDigest.At);
        Lockout = s.SignInLockout ?? Lockout;
    }

    private static int? Int(string? text) => int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Text(decimal value) => value.ToString("0.0#", CultureInfo.GetCultureInfo("ru-RU"));

    /// <summary>«4,6» or «4.6»; null for anything else.</summary>
    private static decimal? Number(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;
}
