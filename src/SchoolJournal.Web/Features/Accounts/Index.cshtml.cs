using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Home;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>«Учётные записи» (/Admin/Accounts): the school's logins with search and filters, and a new staff account.</summary>
public sealed class IndexModel(JournalDbContext db, AccessService access, CurrentUser me, AccountAdmin admin, SchoolCalendar calendar)
    : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? ClassId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public sealed class NewStaff
    {
        public string? LastName { get; set; }
        public string? FirstName { get; set; }
        public string? MiddleName { get; set; }
        public string? Email { get; set; }
        public List<string> Roles { get; set; } = [];
        public int? StaffMemberId { get; set; }
    }

    [BindProperty] public NewStaff Input { get; set; } = new();

    public AccountsHome List { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> Classes { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> StaffWithoutLogin { get; private set; } = [];
    public AccountAdmin.NewPassword? Created { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Forbid();
        var outcome = await admin.CreateStaffAsync(new(Input.LastName, Input.FirstName, Input.MiddleName, Input.Email, Input.Roles,
            Input.StaffMemberId), ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status == StatusCodes.Status403Forbidden ? problem.Status : StatusCodes.Status400BadRequest;
        }
        else
        {
            Created = outcome.Value;
            Input = new();
        }
        return await LoadAsync(ct) ?? Page();
    }

    public string Link(int page) => "/Admin/Accounts?" + string.Join("&", new[]
    {
        Q is null ? null : "q=" + Uri.EscapeDataString(Q), ClassId is null ? null : $"classId={ClassId}",
        string.IsNullOrEmpty(Role) ? null : "role=" + Uri.EscapeDataString(Role), $"p={page}",
    }.OfType<string>());

    public string When(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, Zone).ToString("dd.MM.yyyy HH:mm") : "не входил(а)";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!access.CanManageAccounts || me.SchoolId is not int schoolId) return Forbid();
        var now = await calendar.NowAsync(ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(now.TimeZone);
        List = await AccountsHome.LoadAsync(db, schoolId, new AccountsHome.Filter(string.IsNullOrEmpty(Role) ? null : Role, Q, ClassId),
            PageNumber, now.Now, now.Today, ct);
        Classes = (await (await access.CredentialClassesAsync(ct)).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
                .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct))
            .Select(c => (c.Id, $"{c.Grade}{c.Letter}")).ToList();
        StaffWithoutLogin = (await db.StaffMembers.AsNoTracking().Where(s => s.UserId == null && s.DismissedOn == null)
                .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct))
            .Select(s => (s.Id, Domain.PersonName.Full(s.LastName, s.FirstName, s.MiddleName))).ToList();
        return null;
    }
}
