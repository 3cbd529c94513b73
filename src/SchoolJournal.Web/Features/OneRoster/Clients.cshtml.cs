using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// «Внешние системы» (/Admin/OneRoster/Clients): the OneRoster clients of the school, a form to register one (its secret shown on that
/// answer only) and «Отозвать» for each; the addresses a system needs.
/// </summary>
public sealed class ClientsModel(OneRosterClients clients) : PageModel
{
    public IReadOnlyList<OneRosterClients.ClientDto> Clients { get; private set; } = [];

    /// <summary>The client just registered, with its secret: shown on this answer only.</summary>
    public OneRosterClients.Registered? Created { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];
    [BindProperty] public int ClientId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var outcome = await clients.RegisterAsync(new(Name, [.. Scopes]), Request, ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return Page();
        }
        Created = outcome.Value;
        (Name, Scopes) = (null, []);
        Clients = (await clients.ListAsync(ct)).Value!;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var outcome = await clients.RevokeAsync(ClientId, ct);
        if (outcome.Problem is not null) return NotFound();
        TempData["Message"] = $"Система «{outcome.Value!.Name}» отключена: её маркеры больше не действуют.";
        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!clients.MayManage) return Forbid();
        Clients = (await clients.ListAsync(ct)).Value!;
        return null;
    }
}
