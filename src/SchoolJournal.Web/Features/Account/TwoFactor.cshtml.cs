using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Account;

/// <summary>
/// «Вход с кодом подтверждения» (/Account/TwoFactor, R-SEC-8): a member of staff connects an authenticator app (QR code or the
/// key typed by hand, then one code to prove it works), receives ten recovery codes once, renews them, or turns the factor off
/// (not while the school requires it of him).
/// </summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, AccessService access, TwoFactor twoFactor) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string? Key { get; private set; }
    public string? QrSvg { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await UserAsync() is not { } user) return Forbid();
        await ShowAsync(user, pendingKey: await users.GetAuthenticatorKeyAsync(user));
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (await UserAsync() is not { } user) return Forbid();
        if (user.TwoFactorEnabled) return RedirectToPage();
        await ShowAsync(user, await twoFactor.PendingKeyAsync(user, fresh: true));
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await UserAsync() is not { } user) return Forbid();
        var codes = await twoFactor.EnableAsync(user, Code);
        if (codes is null)
        {
            ModelState.AddModelError("", TwoFactor.WrongCode);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(user, user.TwoFactorEnabled ? null : await twoFactor.PendingKeyAsync(user, fresh: false));
            return Page();
        }
        NewRecoveryCodes = codes;
        Done = "Вход с кодом подтверждения включён. Теперь после пароля журнал спросит код из приложения.";
        await ShowAsync(user, null);
        return Page();
    }

    public async Task<IActionResult> OnPostRenewAsync()
    {
        if (await UserAsync() is not { } user) return Forbid();
        var codes = await twoFactor.RenewRecoveryCodesAsync(user, Code);
        if (codes is null) return await RefusedAsync(user);
        NewRecoveryCodes = codes;
        Done = "Выданы новые коды восстановления; прежние больше не действуют.";
        await ShowAsync(user, null);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await UserAsync() is not { } user) return Forbid();
        switch (await twoFactor.DisableAsync(user, Code))
        {
            case TwoFactor.DisableResult.RequiredBySchool:
                ModelState.AddModelError("", "Школа требует от директора и системного администратора входа с кодом подтверждения: "
                    + "выключить его нельзя. Настройку меняют на странице «Настройки школы».");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await ShowAsync(user, null);
                return Page();
            case TwoFactor.DisableResult.WrongCode:
                return await RefusedAsync(user);
        }
        Done = "Вход с кодом подтверждения выключен; ключ и коды восстановления больше не действуют.";
        await ShowAsync(user, null);
        return Page();
    }

    public string? SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    private async Task<IActionResult> RefusedAsync(AppUser user)
    {
        ModelState.AddModelError("", TwoFactor.WrongCode);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await ShowAsync(user, null);
        return Page();
    }

    private async Task<AppUser?> UserAsync() => access.IsStaff ? await users.GetUserAsync(User) : null;

    private async Task ShowAsync(AppUser user, string? pendingKey)
    {
        Enabled = user.TwoFactorEnabled;
        Required = await twoFactor.IsRequiredAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (!Enabled && pendingKey is not null)
        {
            Key = TwoFactor.Grouped(pendingKey);
            QrSvg = TwoFactor.QrSvg(TwoFactor.OtpAuthUri(user.UserName!, pendingKey), "QR-код для приложения-аутентификатора");
        }
    }
}
