using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>One account (/Admin/Accounts/{id}): name, e-mail, roles; lock, unlock, a new initial password, close, reopen.</summary>
public sealed class AccountModel(AccessService access, AccountAdmin admin, ParentChildren children, SchoolCalendar calendar) : PageModel
{
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int? ChildId { get; set; }
    [BindProperty] public string? Kind { get; set; }

    public AccountAdmin.AccountDto Account { get; private set; } = null!;
    public AccountAdmin.NewPassword? NewPassword { get; private set; }
    public string? Done { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    /// <summary>A parent's account: his children and the students the page offers to link; null for anyone else.</summary>
    public IReadOnlyList<ParentChildren.Child>? Children { get; private set; }
    public IReadOnlyList<ParentChildren.Choice> Choices { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => ShowAsync(id, null, null, ct);

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.UpdateAsync(id, new(DisplayName, Email ?? "", Roles), ct)).Problem, "Изменения сохранены.", ct);

    public async Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.LockAsync(id, ct)).Problem, "Учётная запись заблокирована, её сеансы завершены.", ct);

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.UnlockAsync(id, ct)).Problem, "Блокировка снята.", ct);

    public async Task<IActionResult> OnPostCloseAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.CloseAsync(id, new(Reason), ct)).Problem, "Учётная запись закрыта.", ct);

    public async Task<IActionResult> OnPostReopenAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.ReopenAsync(id, ct)).Problem, "Учётная запись открыта вновь; при необходимости выдайте пароль.", ct);

    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await admin.ResetTwoFactorAsync(id, ct)).Problem,
            "Вход с кодом подтверждения выключен; человек войдёт по паролю и подключит приложение заново.", ct);

    public async Task<IActionResult> OnPostLinkAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await children.LinkAsync(id, new(ChildId, Kind), ct)).Problem, "Ребёнок связан с родителем.", ct);

    public async Task<IActionResult> OnPostUnlinkAsync(string id, CancellationToken ct) =>
        await ShowAsync(id, (await children.UnlinkAsync(id, ChildId ?? 0, ct)).Problem, "Связь с ребёнком убрана.", ct);

    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct)
    {
        var outcome = await admin.ResetPasswordAsync(id, ct);
        NewPassword = outcome.Value;
        return await ShowAsync(id, outcome.Problem, null, ct);
    }

    public string When(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, Zone).ToString("dd.MM.yyyy HH:mm") : "не входил(а)";

    private async Task<IActionResult> ShowAsync(string id, Problem? problem, string? done, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Forbid();
        if (problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        var found = await admin.GetAsync(id, ct);
        if (found.Problem is not null) return NotFound();
        Account = found.Value!;
        Zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        if (Account.Roles.Contains(Data.Roles.Parent) && (await children.ListAsync(id, ct)).Value is { } kids)
            (Children, Choices) = (kids, await children.ChoicesAsync(ct));
        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
        }
        else
        {
            Done = Request.Method == "POST" ? done : null;
            (DisplayName, Email, Roles) = (Account.DisplayName, Account.Email, [.. Account.Roles]);
        }
        return Page();
    }
}
