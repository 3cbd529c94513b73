namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>«Домашние задания»: what is due from a date (by default the past week, today and the next two weeks), each with the lesson it is due
/// for.</summary>
public sealed class HomeworkModel(DiaryStudent diary, HomeworkList homework) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }

    public DiaryNav Nav { get; private set; } = null!;
    public HomeworkList.HomeworkDto List { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var selection = await diary.SelectAsync(StudentId, ct);
        if (selection is null) return Forbid();
        Nav = new DiaryNav("/Diary/Homework", selection.StudentId, selection.Children);
        var (from, to) = await homework.DefaultSpanAsync(selection.StudentId, ct);
        if (!string.IsNullOrWhiteSpace(From))
        {
            if (DiaryOverviewSetup.TryDate(From, out var start)) (from, to) = (start, start.AddDays(to.DayNumber - from.DayNumber));
            else Error = "Дата не распознана: укажите её в виде ГГГГ-ММ-ДД. Показаны задания по умолчанию.";
        }
        List = await homework.LoadAsync(selection.StudentId, from, to, ct);
        return Page();
    }
}
