using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Account;

/// <summary>
/// The sign-in's second step (R-SEC-8): after a right password, the six-digit code of the person's authenticator app or one of
/// his recovery codes. Wrong codes count toward Identity's lockout of the account, as wrong passwords do.
/// </summary>
public sealed class LoginCodeModel(SignInManager<AppUser> signIn, TwoFactor twoFactor) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? RecoveryCode { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { returnUrl = SafeReturnUrl() }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            ModelState.AddModelError("", "Время на ввод кода истекло. Войдите заново: логин, пароль, затем код.");
            return Page();
        }
        var recovery = RecoveryCode?.Replace(" ", "", StringComparison.Ordinal).Trim();
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (!string.IsNullOrEmpty(recovery))
            result = await signIn.TwoFactorRecoveryCodeSignInAsync(recovery);
        else if (TwoFactor.Normalize(Code) is { } code)
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        else
        {
            ModelState.AddModelError("", "Введите шесть цифр из приложения-аутентификатора или один из кодов восстановления.");
            return Page();
        }
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", SignInMessages.Locked);
            return Page();
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", string.IsNullOrEmpty(recovery) ? TwoFactor.WrongCode
                : "Такого кода восстановления нет или он уже использован. Каждый код действует один раз.");
            return Page();
        }
        if (!string.IsNullOrEmpty(recovery)) await twoFactor.RecoveryCodeUsedAsync(user);
        if (user.MustChangePassword)
            return RedirectToPage("/Account/ChangePassword", new { returnUrl = SafeReturnUrl() });
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
