using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>«Просроченные записи»: the teacher's own overdue list, the same as GET /api/v1/me/overdue, with links to the lessons.</summary>
public sealed class OverdueModel(OverdueList overdue) : PageModel
{
    public IReadOnlyList<OverdueApi.OverdueItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await overdue.LoadAsync(ct);
        if (list.Problem is { } problem) return StatusCode(problem.Status);
        Items = list.Value!;
        return Page();
    }

    public static string KindName(string kind) => kind switch
    {
        OverdueApi.NoTopic => "тема урока",
        OverdueApi.NoHomework => "домашнее задание",
        OverdueApi.ControlMarks => "отметки за работу",
        OverdueApi.PeriodGrades => "отметки за период",
        _ => kind,
    };
}
