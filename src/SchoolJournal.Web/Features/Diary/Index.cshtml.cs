using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Parents;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary;

/// <summary>
/// The diary's week (R-DIARY-1): the student's own, a parent's children's (switcher), or any student's for staff who
/// work with him (<c>?studentId=</c>). <c>?date=</c> picks the week, <c>?view=day</c> shows one day (phones).
/// The handler «Week» answers the week's section alone, for the live updates (wwwroot/js/diary-live.js).
/// </summary>
public sealed class IndexModel([FromKeyedServices(ReadRouting.Reads)] JournalDbContext db,
    [FromKeyedServices(ReadRouting.Reads)] AccessService access, CurrentUser me, SchoolCalendar calendar,
    Acknowledgments acknowledgments) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")] public string? DateText { get; set; }

    [BindProperty(SupportsGet = true)] public string? View { get; set; }

    public DiaryWeek Week { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    /// <summary>The day the page is about: the asked date, or today; in the week view it only picks the week.</summary>
    public DateOnly Date { get; private set; }

    public bool DayView => View == "day";

    /// <summary>A parent sees the switcher of his children and the «Ознакомлен» button.</summary>
    public bool AsParent { get; private set; }

    public int Selected => Week.StudentId;

    public DateOnly Monday => DiaryWeek.WeekStart(Date);

    public DateOnly Sunday => Monday.AddDays(6);

    public IReadOnlyList<DiaryWeek.Day> ShownDays
    {
        get
        {
            var week = DiaryWeek.WeekDays(Monday, Week.Days[^1].Lessons.Count > 0);
            return [.. Week.Days.Where(d => DayView ? d.Date == Date : week.Contains(d.Date))];
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnGetWeekAsync(CancellationToken ct) => await LoadAsync(ct) ? Partial("_Week", this) : Forbid();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Today = (await calendar.NowAsync(ct)).Today;
        Date = DateOnly.TryParseExact(DateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : Today;
        var week = await DiaryWeek.LoadAsync(db, me.SchoolId, access.DiaryReadableStudents(), access.OwnStudents(), StudentId, Monday, Sunday, ct);
        if (week is null) return false;
        Week = week;
        AsParent = me.IsInRole(Roles.Parent) && week.Own.Any(o => o.Id == week.StudentId);
        await acknowledgments.RecordVisitAsync(week.StudentId, Monday, Sunday, null, ct);
        return true;
    }

    /// <summary>A link to this page for the same student (and view) at another date; null keeps today.</summary>
    public string Link(DateOnly? date = null, bool? day = null, int? student = null)
    {
        var args = new List<string>();
        var id = student ?? (StudentId is null ? (int?)null : Selected);
        if (id is int s) args.Add($"studentId={s}");
        if (date is DateOnly at) args.Add($"date={at:yyyy-MM-dd}");
        if (day ?? DayView) args.Add("view=day");
        return args.Count == 0 ? "/Diary" : "/Diary?" + string.Join("&", args);
    }

    /// <summary>The week's section alone, for htmx: same student, week and view.</summary>
    public string FragmentUrl =>
        $"/Diary?handler=Week&studentId={Selected}&date={Date:yyyy-MM-dd}" + (DayView ? "&view=day" : "");

    private static readonly string[] DayNames = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"];

    public static string DayName(DateOnly date) => DayNames[((int)date.DayOfWeek + 6) % 7];

    private static readonly string[] ShortDayNames = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];

    /// <summary>The abbreviation a Russian calendar prints (Пн, Чт), not the first letters of the name (По, Че).</summary>
    public static string ShortDayName(DateOnly date) => ShortDayNames[((int)date.DayOfWeek + 6) % 7];

    private static readonly string[] Months =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    public static string Long(DateOnly date) => $"{date.Day} {Months[date.Month - 1]}";
}
