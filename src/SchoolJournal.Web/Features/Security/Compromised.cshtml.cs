using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Security;

/// <summary>
/// «Моя учётная запись скомпрометирована» (R-SEC-5): the person reports his own account, the class teacher also one of
/// his students' or their parents'; the account is locked and signed out everywhere at once.
/// </summary>
public sealed class CompromisedModel(Incidents incidents, CurrentUser me, SchoolCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty]
    public string? Since { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<Incidents.Reportable> Options { get; private set; } = [];

    /// <summary>After a report: whose account, how many operations were flagged, and whether it was one's own.</summary>
    public (string Name, int Operations, bool Own)? Done { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Options = await incidents.ReportableAsync(me, UserId, ct);
        Since = (await calendar.NowAsync(ct)).Now.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Options = await incidents.ReportableAsync(me, UserId, ct);
        var chosen = Options.FirstOrDefault(o => o.UserId == UserId) ?? Options[0];
        var now = await calendar.NowAsync(ct);
        string[] formats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];
        if (!DateTime.TryParseExact(Since, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            ModelState.AddModelError(nameof(Since), "Укажите дату и время, с которых учётной записью мог пользоваться посторонний.");
            return Page();
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(now.TimeZone);
        var since = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var outcome = await incidents.ReportAsync(chosen.UserId, new Incidents.CompromiseInput(since, Reason), ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError("", problem.Detail ?? problem.Title);
            return Page();
        }
        var own = chosen.UserId == me.Id;
        if (own) await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        Done = (chosen.Name, outcome.Value!.Operations, own);
        return Page();
    }
}
