using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using static SchoolJournal.Web.Features.Year.Calendar.CalendarRules;

namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>
/// «Учебные периоды и каникулы»: the year's periods grouped by scope and its holidays, with forms to add, change and
/// delete them (through <see cref="CalendarWrite"/>, as the API) and an export to Excel. Staff read; those who manage
/// the year write.
/// </summary>
public sealed class PeriodsModel(JournalDbContext db, AccessService access, CalendarWrite write) : PageModel
{
    public sealed class PeriodForm
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string Kind { get; set; } = "quarter";
        public int? Number { get; set; }
        public DateOnly? Start { get; set; }
        public DateOnly? End { get; set; }
        /// <summary>«» whole school, «primary» / «basic» / «secondary», or «class:ID».</summary>
        public string? Scope { get; set; }
    }

    public sealed class HolidayForm
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string Kind { get; set; } = "autumn";
        public DateOnly? Start { get; set; }
        public DateOnly? End { get; set; }
        public int? Grade { get; set; }
    }

    public sealed class YearForm
    {
        public string? Name { get; set; }
        public DateOnly? Start { get; set; }
        public DateOnly? End { get; set; }
    }

    public sealed record PeriodRow(int Id, string Name, PeriodKind Kind, int Number, DateOnly Start, DateOnly End, int StudyDays, int Lessons);
    public sealed record ScopeGroup(string Title, IReadOnlyList<PeriodRow> Periods);
    public sealed record HolidayRow(int Id, string Name, HolidayKind Kind, DateOnly Start, DateOnly End, int? Grade);
    public sealed record ClassOption(int Id, string Name);

    [BindProperty(SupportsGet = true)]
    public int? YearId { get; set; }

    [BindProperty]
    public PeriodForm Period { get; set; } = new();

    [BindProperty]
    public HolidayForm Holiday { get; set; } = new();

    [BindProperty]
    public YearForm NewYear { get; set; } = new();

    public IReadOnlyList<CalendarWrite.YearDto> Years { get; private set; } = [];
    public CalendarWrite.YearDto? Year { get; private set; }
    public IReadOnlyList<ScopeGroup> Groups { get; private set; } = [];
    public IReadOnlyList<HolidayRow> Holidays { get; private set; } = [];
    public IReadOnlyList<ClassOption> Classes { get; private set; } = [];
    public bool CanWrite => access.CanManageYear && Year is { IsClosed: false };
    public bool CanCreateYear => access.CanManageYear && Years.All(y => !y.IsCurrent);
    /// <summary>Which form a refusal belongs to: «period», «holiday» or «year».</summary>
    public string? ErrorFor { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? editPeriod, int? editHoliday, CancellationToken ct)
    {
        if (!access.IsStaff) return Forbid();
        await LoadAsync(ct);
        if (editPeriod is int p
            && await db.StudyPeriods.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p && x.AcademicYearId == YearId, ct) is { } period)
            Period = new PeriodForm
            {
                Id = period.Id, Name = period.Name, Kind = SchoolStructure.SchoolApi.KindName(period.Kind), Number = period.Number,
                Start = period.Start, End = period.End,
                Scope = period.SchoolClassId is int c ? $"class:{c}" : SchoolStructure.SchoolApi.LevelName(period.Level) ?? "",
            };
        if (editHoliday is int h
            && await db.Holidays.AsNoTracking().FirstOrDefaultAsync(x => x.Id == h && x.AcademicYearId == YearId, ct) is { } holiday)
            Holiday = new HolidayForm { Id = holiday.Id, Name = holiday.Name, Kind = CalendarWrite.HolidayKinds.CodeOf(holiday.Kind),
                Start = holiday.Start, End = holiday.End, Grade = holiday.Grade };
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!access.IsStaff) return Forbid();
        await LoadAsync(ct);
        if (Year is null) return NotFound();
        var rows = Groups.SelectMany(g => g.Periods.Select(p => (IReadOnlyList<object?>)
                ["Учебный период", p.Name, CalendarWrite.PeriodKindTitle(p.Kind), g.Title, p.Start, p.End, p.StudyDays]))
            .Concat(Holidays.Select(h => (IReadOnlyList<object?>)
                ["Каникулы", h.Name, CalendarWrite.HolidayKinds.NameOf(h.Kind), h.Grade is int g ? $"{g}-е классы" : "вся школа", h.Start, h.End,
                    null]));
        var bytes = Xlsx.Write($"Календарь {Year.Name}", ["Раздел", "Название", "Вид", "Для кого", "Начало", "Окончание", "Учебных дней"], rows);
        return File(bytes, Xlsx.ContentType, $"Календарь {Year.Name.Replace('/', '-')}.xlsx");
    }

    public async Task<IActionResult> OnPostPeriodAsync(CancellationToken ct)
    {
        string? level = null;
        int? classId = null;
        if (Period.Scope?.StartsWith("class:", StringComparison.Ordinal) == true && int.TryParse(Period.Scope[6..], out var c)) classId = c;
        else if (!string.IsNullOrWhiteSpace(Period.Scope)) level = Period.Scope;
        var outcome = await write.SavePeriodAsync(Period.Id,
            new CalendarWrite.PeriodInput(YearId, Period.Name, Period.Kind, Period.Number, Period.Start, Period.End, level, classId), ct);
        return await AnswerAsync(outcome.Problem, "period",
            Period.Id is null ? $"Период «{outcome.Value?.Name}» добавлен." : $"Период «{outcome.Value?.Name}» сохранён.", ct);
    }

    public async Task<IActionResult> OnPostDeletePeriodAsync(int id, CancellationToken ct) =>
        await AnswerAsync((await write.DeletePeriodAsync(id, ct)).Problem, "period", "Период удалён.", ct);

    public async Task<IActionResult> OnPostHolidayAsync(CancellationToken ct)
    {
        var outcome = await write.SaveHolidayAsync(Holiday.Id,
            new CalendarWrite.HolidayInput(YearId, Holiday.Name, Holiday.Kind, Holiday.Start, Holiday.End, Holiday.Grade), ct);
        return await AnswerAsync(outcome.Problem, "holiday",
            Holiday.Id is null ? $"Каникулы «{outcome.Value?.Name}» добавлены." : $"Каникулы «{outcome.Value?.Name}» сохранены.", ct);
    }

    public async Task<IActionResult> OnPostDeleteHolidayAsync(int id, CancellationToken ct) =>
        await AnswerAsync((await write.DeleteHolidayAsync(id, ct)).Problem, "holiday", "Каникулы удалены.", ct);

    public async Task<IActionResult> OnPostYearAsync(CancellationToken ct)
    {
        var outcome = await write.CreateYearAsync(new CalendarWrite.YearInput(NewYear.Name, NewYear.Start, NewYear.End), ct);
        if (outcome.Value is { } year) YearId = year.Id;
        return await AnswerAsync(outcome.Problem, "year", $"Учебный год «{outcome.Value?.Name}» создан.", ct);
    }

    /// <summary>Done: back to the page with a message. Refused: 403 / 404 as such, a bad value or a conflict by its form.</summary>
    private async Task<IActionResult> AnswerAsync(Problem? problem, string form, string done, CancellationToken ct)
    {
        if (problem is null)
        {
            TempData["Message"] = done;
            return RedirectToPage(new { yearId = YearId });
        }
        if (problem.Status == StatusCodes.Status403Forbidden) return Forbid();
        if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
        await LoadAsync(ct);
        (ErrorFor, Error) = (form, problem.Detail ?? problem.Title);
        return Page();
    }


    private async Task LoadAsync(CancellationToken ct)
    {
        Years = (await db.AcademicYears.AsNoTracking().OrderBy(y => y.Start).ToListAsync(ct)).Select(CalendarWrite.ToDto).ToList();
        Year = Years.FirstOrDefault(y => y.Id == YearId) ?? Years.FirstOrDefault(y => y.IsCurrent) ?? Years.LastOrDefault();
        YearId = Year?.Id;
        if (Year is null) return;
        var (spans, holidays) = await write.SpansAsync(Year.Id, ct);
        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == Year.Id)
            .Select(p => new { p.Id, p.Kind, p.Number, Lessons = db.Lessons.Count(l => l.StudyPeriodId == p.Id) }).ToListAsync(ct);
        Classes = (await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == Year.Id).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct)).Select(c => new ClassOption(c.Id, $"{c.Grade}{c.Letter}")).ToList();
        var byId = periods.ToDictionary(p => p.Id);
        Groups = spans
            .GroupBy(s => (s.Level, s.ClassId))
            .OrderBy(g => g.Key.ClassId is null ? 0 : 1).ThenBy(g => g.Key.Level).ThenBy(g => Classes.ToList().FindIndex(c => c.Id == g.Key.ClassId))
            .Select(g => new ScopeGroup(
                g.Key.ClassId is int c ? $"класс {Classes.FirstOrDefault(x => x.Id == c)?.Name}" : CalendarWrite.LevelTitle(g.Key.Level),
                g.OrderBy(s => s.Start)
                    .Select(s =>
                        new PeriodRow(s.Id, s.Name, byId[s.Id].Kind, byId[s.Id].Number, s.Start, s.End, StudyDays(s, holidays), byId[s.Id].Lessons))
                            .ToList()))
            .ToList();
        Holidays = holidays.OrderBy(h => h.Start)
            .ThenBy(h => h.Id).Select(h => new HolidayRow(h.Id, h.Name, h.Kind, h.Start, h.End, h.Grade)).ToList();
    }
}
