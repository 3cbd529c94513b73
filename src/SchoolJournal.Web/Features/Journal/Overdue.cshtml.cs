using SchoolJournal.Web.Features.Reports;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// «Просроченные записи» with links to the lessons: the teacher's own list (GET /api/v1/me/overdue); for the
/// administration every teacher's, with a teacher filter (GET /api/v1/reports/overdue).
/// </summary>
public sealed class OverdueModel(OverdueList overdue, AccessService access, ReportFilters filters, SchoolCalendar calendar) : PageModel
{
    public IReadOnlyList<ReportFilters.Choice> Teachers { get; private set; } = [];

    public IReadOnlyList<OverdueApi.OverdueItem> Items { get; private set; } = [];

    /// <summary>The administration's view: every teacher's items, each with its teacher.</summary>
    public bool WholeSchool => access.ReadsSchoolReports;

    [BindProperty(SupportsGet = true)] public int? TeacherId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = WholeSchool ? await overdue.LoadForSchoolAsync(TeacherId, ct) : await overdue.LoadAsync(ct);
        if (list.Problem is { } problem) return StatusCode(problem.Status);
        if (WholeSchool) Teachers = (await filters.LoadAsync((await calendar.NowAsync(ct)).Today, ct)).Teachers;
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
