namespace SchoolJournal.Web.Features.Journal;

/// <summary>«Журнал класса»: the class teacher's read-only view of his class's journals in every subject for one period.</summary>
public sealed class ClassModel(ClassJournal reader) : PageModel
{
    public int ClassId { get; private set; }
    public ClassJournal.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int classId, int? periodId, CancellationToken ct)
    {
        var view = await reader.LoadAsync(classId, periodId, ct);
        if (view.Problem is { } problem) return StatusCode(problem.Status);
        (ClassId, View) = (classId, view.Value!);
        return Page();
    }
}
