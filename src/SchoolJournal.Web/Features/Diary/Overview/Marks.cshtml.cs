using SchoolJournal.Web.Features.Parents;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// «Оценки»: a student's marks by subject for a study period with the journal's weighted average and the period grade,
/// and the year's grades. A parent's visit counts as having seen the period (R-DIARY-4) and he may press «Ознакомлен».
/// </summary>
public sealed class MarksModel(DiaryStudent diary, PeriodMarks marks, Acknowledgments acknowledgments) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? StudentId { get; set; }
    [BindProperty(SupportsGet = true)] public int? PeriodId { get; set; }

    public DiaryNav Nav { get; private set; } = null!;
    /// <summary>Null when the student's class has no study periods.</summary>
    public PeriodMarks.Report? Report { get; private set; }
    public bool AsParent { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var selection = await diary.SelectAsync(StudentId, ct);
        if (selection is null) return Forbid();
        Nav = new DiaryNav("/Diary/Marks", selection.StudentId, selection.Children);
        AsParent = selection.AsParent;
        var outcome = await marks.LoadAsync(selection.StudentId, PeriodId, ct);
        if (outcome.Problem is not null)
            return PeriodId is null ? Page() : NotFound();
        Report = outcome.Value;
        var period = Report!.Marks.Period;
        if (AsParent) await acknowledgments.RecordVisitAsync(selection.StudentId, period.Start, period.End, period.Id, ct);
        return Page();
    }
}
