using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>«Сводная ведомость итоговых отметок» of a class: printable, and as an Excel workbook.</summary>
public sealed class SummaryModel(SummarySheetView reader) : PageModel
{
    public SummarySheetView.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int classId, string? format, CancellationToken ct)
    {
        var sheet = await reader.LoadAsync(classId, ct);
        if (sheet.Problem is { } problem) return StatusCode(problem.Status);
        View = sheet.Value!;
        if (format == "xlsx")
            return File(SummarySheetView.ToXlsx(View),
                Xlsx.ContentType, $"Сводная ведомость {View.ClassName} {View.YearName.Replace('/', '-')}.xlsx");
        return Page();
    }
}
