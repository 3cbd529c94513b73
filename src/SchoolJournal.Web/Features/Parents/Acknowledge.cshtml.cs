using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// «Ознакомлен» /Parents/Acknowledge (R-DIARY-4): the POST behind the button of _Acknowledge.cshtml, which goes back
/// to returnUrl; the GET shows the same button on its own page (a link from an e-mail, a phone without scripts).
/// Only a parent of the student.
/// </summary>
public sealed class AcknowledgeFormModel(JournalDbContext db, Acknowledgments acknowledgments) : PageModel
{
    [BindProperty(SupportsGet = true)] public int StudentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? StudyPeriodId { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public AcknowledgeModel? Target { get; private set; }
    public string StudentName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var t = Target!;
        await acknowledgments.AcknowledgeAsync(t.StudentId, t.From, t.To, t.StudyPeriodId, ct);
        TempData["Message"] = "Спасибо: ознакомление с оценками подтверждено.";
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage(new { StudentId, From, To, StudyPeriodId });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var student = await db.Students.AsNoTracking()
            .Where(s => s.Id == StudentId).Select(s => new { s.LastName, s.FirstName }).FirstOrDefaultAsync(ct);
        if (student is null) return NotFound();
        if (await acknowledgments.ParentOfAsync(StudentId, ct) is null) return Forbid();
        if (!DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || from > to)
            return BadRequest("Неверные даты: нужны from и to в виде 2026-11-23.");
        Target = new AcknowledgeModel(StudentId, from, to, StudyPeriodId);
        StudentName = PersonName.Full(student.LastName, student.FirstName, null);
        return null;
    }
}
