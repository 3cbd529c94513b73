using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Security;

/// <summary>/Admin/Incidents: the school's compromised accounts, each one's operations, one action to roll back, one to restore.</summary>
public sealed class IncidentsPageModel(Incidents incidents, AccessService access, SchoolCalendar calendar) : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public IReadOnlyList<Incidents.IncidentRow> Rows { get; private set; } = [];
    public Incidents.IncidentRow? Selected { get; private set; }
    public IReadOnlyList<Incidents.Operation> Operations { get; private set; } = [];
    public Incidents.RollbackResult? Result { get; private set; }
    public Incidents.Restored? NewCredentials { get; private set; }

    public Task<IActionResult> OnGetAsync(long? id, CancellationToken ct) => LoadAsync(id, ct);

    public async Task<IActionResult> OnPostRollbackAsync(long id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Forbid();
        var outcome = await incidents.RollbackAsync(id, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        Result = outcome.Value;
        return await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostRestoreAsync(long id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Forbid();
        var outcome = await incidents.RestoreAsync(id, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        NewCredentials = outcome.Value;
        return await LoadAsync(id, ct);
    }

    /// <summary>A moment as the school's clock shows it.</summary>
    public string When(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IActionResult> LoadAsync(long? id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Forbid();
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        Rows = (await incidents.ListAsync(ct)).Value!;
        Selected = Rows.FirstOrDefault(r => r.Id == id);
        if (id is not null && Selected is null) return NotFound();
        if (Selected is not null) Operations = (await incidents.OperationsAsync(Selected.Id, ct)).Value!;
        return Page();
    }
}
