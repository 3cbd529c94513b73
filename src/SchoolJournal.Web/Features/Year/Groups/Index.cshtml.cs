using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Groups;

/// <summary>
/// «Группы и потоки» /Year/Groups: the year's groups by class with subject, kind, classes, teachers and members today;
/// a new group, the split of a class into two sub-groups, the XLSX export. The class teacher sees and splits his class.
/// </summary>
public sealed class IndexModel(JournalDbContext db, AccessService access, SchoolCalendar calendar, SaveGroup save, SplitClass split) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? ClassId { get; set; }

    [BindProperty]
    public GroupForm Form { get; set; } = new();

    [BindProperty]
    public SplitForm Split { get; set; } = new();

    public sealed class SplitForm
    {
        public int? ClassId { get; set; }
        public int? SubjectId { get; set; }
        public string? By { get; set; } = "alphabet";
        public DateOnly? From { get; set; }
    }

    public IReadOnlyList<GroupQueries.ListRow> Rows { get; private set; } = [];
    public GroupChoices Choices { get; private set; } = new([], [], [], []);
    public IReadOnlyList<Choice> FilterClasses { get; private set; } = [];
    public bool ManagesYear => access.CanManageYear;
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var bytes = Xlsx.Write("Группы", ["Группа", "Предмет", "Вид", "Классы", "Учителя", "Учеников"],
            Rows.Select(r => (IReadOnlyList<object?>)[r.Name, r.Subject, GroupRules.Kinds.NameOf(r.Kind), r.Classes, r.Teachers, r.Members]));
        return File(bytes, Xlsx.ContentType, "Группы.xlsx");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        var outcome = await save.CreateAsync(Form.ToInput(), ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden } p403) return StatusCode(p403.Status);
        if (outcome.Problem is { } bad)
        {
            Error = $"{bad.Title}. {bad.Detail}";
            return Page();
        }
        TempData["Message"] = $"Группа «{outcome.Value!.Name}» создана.";
        return RedirectToPage("/Year/Groups/Group", new { id = outcome.Value.Id });
    }

    public async Task<IActionResult> OnPostSplitAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refusal) return refusal;
        if (Split.ClassId is not int classId)
        {
            Error = "Не указан класс. Выберите класс, который делится на подгруппы.";
            return Page();
        }
        var outcome = await split.HandleAsync(classId, new SplitInput(Split.SubjectId, Split.By, Split.From), ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound } refused) return StatusCode(refused.Status);
        if (outcome.Problem is { } bad)
        {
            Error = $"{bad.Title}. {bad.Detail}";
            return Page();
        }
        TempData["Message"] = "Созданы подгруппы: " + string.Join(", ", outcome.Value!.Select(g => $"«{g.Name}» ({g.Members} уч.)")) + ".";
        return RedirectToPage("/Year/Groups/Index", new { classId });
    }

    /// <summary>The groups the user may keep: all for the year's managers, his classes' groups for a class teacher.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return Forbid();
        var now = await calendar.NowAsync(ct);
        Today = now.Today;
        Split.From ??= Today;
        var yearId = now.YearId ?? await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var classes = db.SchoolClasses.AsQueryable();
        var groups = db.TeachingGroups.AsQueryable();
        if (!access.CanManageYear)
        {
            var staffId = (await access.LinksAsync(ct)).StaffMemberId;
            var mine = db.ClassTeachers.Where(t => t.StaffMemberId == staffId && t.To == null).Select(t => t.SchoolClassId);
            classes = classes.Where(c => mine.Contains(c.Id));
            groups = groups.Where(g => g.Classes.Any(c => mine.Contains(c.SchoolClassId)));
        }
        Choices = await GroupChoices.LoadAsync(db, yearId, classes, ct);
        FilterClasses = Choices.Classes;
        Rows = await GroupQueries.ListAsync(groups, yearId, ClassId, Today, ct);
        return null;
    }
}
