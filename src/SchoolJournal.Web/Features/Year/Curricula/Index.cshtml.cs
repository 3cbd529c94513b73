using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>«Учебные планы»: the plans of the current year with their weekly totals, a new plan (or an individual one, or a copy), the
/// export.</summary>
public sealed class IndexModel(CurriculumBook book, AccessService access, JournalDbContext db) : PageModel
{
    public sealed record NewPlan(string? Name, int Grade, string? Profile, int? StudentId, int? CopyOf);

    public sealed record StudentChoice(int Id, string Name, string Class);

    [BindProperty]
    public NewPlan Input { get; set; } = new(null, 5, null, null, null);

    public IReadOnlyList<CurriculumBook.CurriculumDto> Plans { get; private set; } = [];
    public IReadOnlyList<StudentChoice> Students { get; private set; } = [];
    public bool CanManage => access.CanManageYear;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var list = await book.ListAsync(ct);
        if (list.Problem is not null) return Forbid();
        var rows = list.Value!.SelectMany(p => p.Lines.Select(l => (IReadOnlyList<object?>)
            [p.Name, p.Grade, p.ProfileName, p.Student, l.Subject, l.PartName, (double)l.Hours, (double)(l.Hours * WeeklyLoad.WeeksPerYear(p.Grade)),
                l.Divided,
             string.Join(", ", p.Classes.Select(c => c.Name))]));
        return File(Infrastructure.Xlsx.Write("Учебные планы",
            ["План", "Параллель", "Профиль", "Обучающийся (ИУП)", "Предмет", "Часть плана", "Часов в неделю", "Часов в год", "Деление на подгруппы",
                "Классы"], rows),
            Infrastructure.Xlsx.ContentType, "Учебные планы.xlsx");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var created = await book.CreateAsync(
            new CurriculumBook.CurriculumInput(Input.Name, Input.Grade, Input.Profile, Input.StudentId, null, Input.CopyOf), ct);
        if (created.Problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (created.Problem is { } problem)
        {
            Error = $"{problem.Title}. {problem.Detail}";
            return await LoadAsync(ct) ?? Page();
        }
        TempData["Message"] = $"Учебный план «{created.Value!.Name}» создан.";
        return Redirect($"/Year/Curricula/{created.Value.Id}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var list = await book.ListAsync(ct);
        if (list.Problem is not null) return Forbid();
        Plans = list.Value!;
        if (CanManage)
        {
            var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
            var students = await db.Enrolments.AsNoTracking()
                .Where(e => e.To == null && e.SchoolClass!.AcademicYearId == year)
                .Select(e =>
                    new { e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.SchoolClass!.Grade, e.SchoolClass.Letter })
                .ToListAsync(ct);
            var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
            Students = [.. students.OrderBy(s => s.Grade).ThenBy(s => s.Letter, ru).ThenBy(s => s.LastName, ru).ThenBy(s => s.FirstName, ru)
                .Select(s => new StudentChoice(s.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), $"{s.Grade}{s.Letter}"))];
        }
        return null;
    }

    public static readonly (string Code, string Name)[] Profiles =
        [.. Enum.GetValues<StudyProfile>()
            .Select(p => (WeeklyLoad.ProfileCode(p), p == StudyProfile.None ? "без профиля (1–9 классы)" : WeeklyLoad.ProfileName(p)))];
}
