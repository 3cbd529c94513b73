using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, SignInGate gate, AuditLog audit) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Введите логин.")]
        public string Login { get; set; } = "";

        [Required(ErrorMessage = "Введите пароль.")]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var check = await gate.CheckAsync(Input.Login, Input.Password, HttpContext);
        if (check.LockedNow) await audit.LockedAsync(check.User!);
        switch (check.Verdict)
        {
            case SignInVerdict.Throttled:
                ModelState.AddModelError("", SignInMessages.Throttled);
                return Page();
            case SignInVerdict.Locked:
                ModelState.AddModelError("", SignInMessages.Locked);
                return Page();
            case SignInVerdict.Wrong:
                ModelState.AddModelError("", SignInMessages.Wrong);
                return Page();
        }
        var user = check.User!;
        if (user.TwoFactorEnabled)
        {
            await TwoFactor.RememberPasswordCheckedAsync(HttpContext, user);
            return RedirectToPage("/Account/LoginCode", new { returnUrl = SafeReturnUrl() });
        }
        await signIn.SignInAsync(user, isPersistent: false);
        if (user.MustChangePassword)
            return RedirectToPage("/Account/ChangePassword", new { returnUrl = SafeReturnUrl() });
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
