using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Students;

/// <summary>«Ответственные» (/Admin/Duties, R-ROLE-1): the director appoints staff to duties and ends appointments; others read.</summary>
public sealed class DutiesModel(StaffDuties duties, AccessService access, JournalDbContext db) : PageModel
{
    [BindProperty] public int? StaffMemberId { get; set; }
    [BindProperty] public string? Duty { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? Order { get; set; }
    [BindProperty] public string? To { get; set; }

    public IReadOnlyList<StaffDuties.DutyDto> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Staff { get; private set; } = [];
    public bool CanAppoint => access.AppointsStaff;
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(null, null, ct);

    public async Task<IActionResult> OnPostAppointAsync(CancellationToken ct) =>
        await ShowAsync((await duties.AppointAsync(new(StaffMemberId, Duty, From, Order), ct)).Problem, "Ответственный назначен.", ct);

    public async Task<IActionResult> OnPostEndAsync(int id, CancellationToken ct) =>
        await ShowAsync((await duties.EndAsync(id, new(To), ct)).Problem, "Назначение прекращено.", ct);

    private async Task<IActionResult> ShowAsync(Problem? problem, string? done, CancellationToken ct)
    {
        if (problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        var list = await duties.ListAsync(ct);
        if (list.Problem is not null) return Forbid();
        Rows = list.Value!;
        if (CanAppoint)
            Staff = [.. (await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null && s.UserId != null)
                    .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct))
                .OrderBy(s => s.LastName, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false)).ThenBy(s => s.FirstName)
                .Select(s => (s.Id, PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))];
        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
        }
        else if (Request.Method == "POST")
        {
            Done = done;
            (StaffMemberId, Duty, From, Order, To) = (null, null, null, null, null);
        }
        return Page();
    }
}
