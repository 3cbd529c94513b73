using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// «График контрольных работ (ВШК)»: a month by class × date, filtered by class or parallel; students and parents see
/// their own classes. Those who manage the year add, change and delete entries (overload is shown before saving, and
/// saved only when confirmed) and set the school's weekly limit. Writes go through <see cref="SaveControlWork"/>.
/// </summary>
public sealed class ControlWorksModel(JournalDbContext db, AccessService access, CurrentUser user, SchoolCalendar calendar,
    SaveControlWork save) : PageModel
{
    public sealed class WorkInput
    {
        public int? Id { get; set; }
        public int? ClassId { get; set; }
        public int? SubjectId { get; set; }
        public DateOnly? Date { get; set; }
        public int? LessonNumber { get; set; }
        public string? Form { get; set; }
        public string? Title { get; set; }
        /// <summary>The deputy saw the overload warnings and saves anyway.</summary>
        public bool Confirmed { get; set; }
    }

    /// <summary>yyyy-MM; the current month when empty.</summary>
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public int? Grade { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }

    [BindProperty] public WorkInput Work { get; set; } = new();
    [BindProperty] public int? Limit { get; set; }

    public bool CanWrite { get; private set; }
    public DateOnly First { get; private set; }
    public DateOnly Last { get; private set; }
    public int WeeklyLimit { get; private set; }
    public IReadOnlyList<ChangeOptions.Option> Classes { get; private set; } = [];
    public IReadOnlyList<ChangeOptions.Option> Subjects { get; private set; } = [];
    public IReadOnlyList<SaveControlWork.Dto> Works { get; private set; } = [];
    public IReadOnlyList<DateOnly> Days { get; private set; } = [];
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Edit is int id && CanWrite && Works.FirstOrDefault(w => w.Id == id) is { } w)
            Work = new WorkInput { Id = w.Id, ClassId = w.ClassId, SubjectId = w.SubjectId, Date = w.Date, LessonNumber = w.LessonNumber,
                Form = w.Form, Title = w.Title };
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var rows = Works.Select(w => (IReadOnlyList<object?>)[w.Date, w.LessonNumber, w.ClassName, w.Group, w.Subject, w.FormName, w.Title]);
        var bytes = Xlsx.Write("ВШК", ["Дата", "Урок", "Класс", "Группа", "Предмет", "Форма контроля", "Тема"], rows);
        return File(bytes, Xlsx.ContentType, $"График контрольных работ {First:yyyy-MM}.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var input = new SaveControlWork.Input(Work.ClassId ?? 0, null, Work.SubjectId ?? 0, Work.Date, Work.LessonNumber, Work.Form, Work.Title);
        var outcome = await save.HandleAsync(Work.Id, input, dryRun: !Work.Confirmed, ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem)
        {
            Error = $"{problem.Title}. {problem.Detail}";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (!Work.Confirmed && outcome.Value!.Warnings is { Count: > 0 } warnings)
        {
            // Overload is the deputy's call: show it and ask again.
            Warnings = warnings;
            Work.Confirmed = true;
        }
        else
        {
            if (!Work.Confirmed) outcome = await save.HandleAsync(Work.Id, input, dryRun: false, ct);
            var w = outcome.Value!;
            TempData["Message"] = $"Сохранено: {w.ClassName}, {w.Subject}, {w.FormName}, {w.Date:dd.MM.yyyy}.";
            return Redirect($"/Year/ControlWorks?month={w.Date:yyyy-MM}");
        }
        Month ??= Work.Date?.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var outcome = await save.DeleteAsync(id, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        TempData["Message"] = "Контрольная работа удалена из графика.";
        return Redirect($"/Year/ControlWorks?month={Month}");
    }

    public async Task<IActionResult> OnPostLimitAsync(CancellationToken ct)
    {
        if (!access.CanManageYear) return Forbid();
        var outcome = await save.SetLimitAsync(Limit ?? 0, ct);
        TempData["Message"] = outcome.Problem is { } problem
            ? $"{problem.Title}. {problem.Detail}" : $"Норма: не больше {outcome.Value} контрольных работ в неделю.";
        return Redirect($"/Year/ControlWorks?month={Month}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = access.CanManageYear;
        var today = (await calendar.NowAsync(ct)).Today;
        First = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m
            : new DateOnly(today.Year, today.Month, 1);
        Month = First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Last = First.AddMonths(1).AddDays(-1);
        WeeklyLimit = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.ControlWorksPerWeekLimit).FirstOrDefaultAsync(ct);
        var readable = await ControlWorkList.ReadableClassesAsync(access, db, ct);
        Classes = await ChangeOptions.CurrentClassesAsync(readable, db, ct);
        var shown = ShownClasses.Select(c => c.Id).ToList();
        Works = await ControlWorkList.LoadAsync(db, shown, First, Last, ct);
        Days = [.. Enumerable.Range(0, Last.Day).Select(i => First.AddDays(i)).Where(d => d.DayOfWeek != DayOfWeek.Sunday)];
        if (CanWrite)
            Subjects = [
                .. (await db.Subjects.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
                .Select(s => new ChangeOptions.Option(s.Id, s.Name))];
    }

    public IEnumerable<ChangeOptions.Option> ShownClasses =>
        Classes.Where(c => (Grade is null || c.Grade == Grade) && (ClassId is null || c.Id == ClassId));
}
