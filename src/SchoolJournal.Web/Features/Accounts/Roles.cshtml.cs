using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>«Роли школы» (/Admin/Roles, R-ROLE-8): the system administrator and the director define roles and give them to staff.</summary>
public sealed class RolesModel(SchoolRoles roles, AccessService access) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string[] Permissions { get; set; } = [];
    [BindProperty] public string? UserId { get; set; }

    public IReadOnlyList<SchoolRoles.RoleDto> Rows { get; private set; } = [];
    public IReadOnlyList<SchoolRoles.StaffAccount> Staff { get; private set; } = [];
    public string? Done { get; private set; }

    /// <summary>Whether the user may put this permission into a role: he holds it himself.</summary>
    public bool MayGrant(Permission p) => access.Grants(p);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(null, null, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        await ShowAsync((await roles.CreateAsync(new(Name, Description, Permissions), ct)).Problem, "Роль заведена.", ct);

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct) =>
        await ShowAsync((await roles.UpdateAsync(id, new(Name, Description, Permissions), ct)).Problem, "Роль изменена.", ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) =>
        await ShowAsync((await roles.DeleteAsync(id, ct)).Problem, "Роль удалена.", ct);

    public async Task<IActionResult> OnPostAddMemberAsync(int id, CancellationToken ct) =>
        await ShowAsync((await roles.AddMemberAsync(id, new(UserId), ct)).Problem, "Роль дана сотруднику.", ct);

    public async Task<IActionResult> OnPostRemoveMemberAsync(int id, string userId, CancellationToken ct) =>
        await ShowAsync((await roles.RemoveMemberAsync(id, userId, ct)).Problem, "Роль снята с сотрудника.", ct);

    private async Task<IActionResult> ShowAsync(Problem? problem, string? done, CancellationToken ct)
    {
        var list = await roles.ListAsync(ct);
        if (list.Problem is not null) return Forbid();
        if (problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        Rows = list.Value!;
        Staff = [.. (await roles.StaffAccountsAsync(ct)).Values
            .OrderBy(s => s.Name, StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false))];
        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
        }
        else if (Request.Method == "POST")
        {
            Done = done;
            (Name, Description, Permissions, UserId) = (null, null, [], null);
        }
        return Page();
    }
}
