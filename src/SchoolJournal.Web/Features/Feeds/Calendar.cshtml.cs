namespace SchoolJournal.Web.Features.Feeds;

/// <summary>
/// «Календарь»: a private iCalendar link of the lessons for a calendar app (R-X-3). The student for himself, the parent
/// per child, the teacher for his own lessons; the link is shown once, the list keeps whom each is for, «Отозвать» ends it.
/// </summary>
public sealed class CalendarModel(CalendarFeeds feeds) : PageModel
{
    public IReadOnlyList<CalendarFeeds.Option> Options { get; private set; } = [];
    public IReadOnlyList<CalendarFeeds.FeedDto> Feeds { get; private set; } = [];
    /// <summary>The link just made: shown on this answer only.</summary>
    public string? NewUrl { get; private set; }

    [BindProperty] public int? StudentId { get; set; }
    [BindProperty] public int FeedId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var created = await feeds.CreateAsync(StudentId, Request, ct);
        if (created.Problem is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p)
        {
            if (p.StatusCode == StatusCodes.Status403Forbidden) return Forbid();
            ModelState.AddModelError(string.Empty, $"{p.ProblemDetails.Title}. {p.ProblemDetails.Detail}");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        NewUrl = created.Url;
        Feeds = await feeds.MineAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        if (Feeds.All(f => f.Id != FeedId)) return NotFound();
        if (await feeds.RevokeAsync(FeedId, ct) is not null) return Forbid();
        TempData["Message"] = "Ссылка отозвана: календарь по ней больше не обновится.";
        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!feeds.MayHaveFeeds) return Forbid();
        Options = await feeds.OptionsAsync(ct);
        Feeds = await feeds.MineAsync(ct);
        return null;
    }
}
