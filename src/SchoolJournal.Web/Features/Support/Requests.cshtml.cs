using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Support;

/// <summary>/Support/Requests: the school's support requests for its administrators, open ones first; status and answer per request.</summary>
public sealed class RequestsModel(SupportRequests support, AccessService access, SchoolCalendar calendar) : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>«new», «in-progress», «resolved» or empty for all.</summary>
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    public IReadOnlyList<SupportRequestDto> Rows { get; private set; } = [];
    public int? Saved { get; private set; }

    public Task<IActionResult> OnGetAsync(int? saved, CancellationToken ct)
    {
        Saved = saved;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int id, string? newStatus, string? answer, CancellationToken ct)
    {
        if (!access.AnswersSupport) return Forbid();
        var outcome = await support.UpdateAsync(id, new SupportUpdate(newStatus, answer), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
            if (problem.Status != StatusCodes.Status400BadRequest) return Forbid();
            ModelState.AddModelError(string.Empty, $"Обращение № {id}: {problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return await LoadAsync(ct);
        }
        return Redirect($"/Support/Requests?saved={id}" + (string.IsNullOrEmpty(Status) ? "" : $"&status={Uri.EscapeDataString(Status)}")
            + $"#request-{id}");
    }

    public string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (!access.AnswersSupport) return Forbid();
        var status = SupportStatuses.Parse(Status);
        if (status is null) Status = null;
        Rows = (await support.ListAsync(all: true, status, ct)).Value!;
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        return Page();
    }
}
