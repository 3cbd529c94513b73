using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Support;

/// <summary>
/// «Поддержка» (/Support, R-DOC-2): the form that sends a request to the school's administrators, with the page it was opened
/// from, and the person's own requests with their status and answer.
/// </summary>
public sealed class IndexModel(SupportRequests support, AccessService access, SchoolCalendar calendar) : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>The page the person came from (the layout's link passes it); sent with the request.</summary>
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Text { get; set; }

    public IReadOnlyList<SupportRequestDto> Mine { get; private set; } = [];
    public bool Answers => access.AnswersSupport;
    public int? Sent { get; private set; }

    public Task<IActionResult> OnGetAsync(int? sent, CancellationToken ct)
    {
        Sent = sent;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await support.SendAsync(new SupportInput(Subject, Text, From), ct);
        if (outcome.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest) return Forbid();
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return await LoadAsync(ct);
        }
        return Redirect($"/Support?sent={outcome.Value!.Id}");
    }

    public string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var mine = await support.ListAsync(all: false, status: null, ct);
        if (mine.Problem is not null) return Forbid();
        Mine = mine.Value!;
        From = SupportRequests.PageOf(From);
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        return Page();
    }
}
