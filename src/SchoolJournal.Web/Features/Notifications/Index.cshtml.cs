using Microsoft.AspNetCore.Http.HttpResults;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Notifications;

/// <summary>
/// «Уведомления» for a parent (R-DIARY-3): how and about what he is told, the quiet hours, and whether his consent is
/// registered (without it nothing is sent; the class teacher registers it).
/// </summary>
public sealed class IndexModel(Preferences preferences, AccessService access) : PageModel
{
    public Preferences.Dto Current { get; private set; } = null!;

    [BindProperty] public string? Channels { get; set; }
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public string? DigestAt { get; set; }
    [BindProperty] public string[] Kinds { get; set; } = [];
    [BindProperty] public string? QuietFrom { get; set; }
    [BindProperty] public string? QuietTo { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.ChoosesNotifications) return Forbid();
        var result = await preferences.GetAsync(ct);
        if (result.Preferences is null) return Forbid();
        Fill(result.Preferences);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.ChoosesNotifications) return Forbid();
        var loaded = await preferences.GetAsync(ct);
        if (loaded.Preferences is null) return Forbid();
        var result = await preferences.SaveAsync(
            new Preferences.Input(Channels ?? "", Mode ?? "", DigestAt ?? "", Kinds, QuietFrom ?? "", QuietTo ?? ""), ct);
        if (result.Problem is ProblemHttpResult problem)
        {
            Current = loaded.Preferences;
            ModelState.AddModelError(string.Empty,
                string.Join(" ", new[] { problem.ProblemDetails.Title, problem.ProblemDetails.Detail }.Where(x => !string.IsNullOrEmpty(x))));
            return Page();
        }
        if (result.Problem is not null) return Forbid();
        TempData["Message"] = "Настройки уведомлений сохранены.";
        return RedirectToPage();
    }

    private void Fill(Preferences.Dto dto)
    {
        Current = dto;
        (Channels, Mode, DigestAt, Kinds, QuietFrom, QuietTo) = (dto.Channels, dto.Mode, dto.DigestAt, dto.Kinds, dto.QuietFrom, dto.QuietTo);
    }
}
