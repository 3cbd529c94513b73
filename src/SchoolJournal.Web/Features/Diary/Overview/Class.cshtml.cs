namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>«Класс и учителя»: the class teacher, the teachers of each of the student's groups, the holidays, the period's control works.</summary>
public sealed class ClassModel(DiaryStudent diary, ClassOverview overview) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }

    public DiaryNav Nav { get; private set; } = null!;
    public ClassOverview.Page View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var selection = await diary.SelectAsync(StudentId, ct);
        if (selection is null) return Forbid();
        Nav = new DiaryNav("/Diary/Class", selection.StudentId, selection.Children);
        var view = await overview.LoadAsync(selection.StudentId, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }
}
