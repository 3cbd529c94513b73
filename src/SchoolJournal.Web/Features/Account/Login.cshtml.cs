using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit) : PageModel
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
        var user = await users.FindByNameAsync(Input.Login.Trim());
        if (user is null)
        {
            ModelState.AddModelError("", "Неверный логин или пароль.");
            return Page();
        }
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            if (!wasLocked) await audit.LockedAsync(user);
            ModelState.AddModelError("",
                "Учётная запись временно заблокирована после нескольких неудачных попыток входа. Повторите позже или обратитесь к администратору " +
                    "школы.");
            return Page();
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "Неверный логин или пароль.");
            return Page();
        }
        if (user.MustChangePassword)
            return RedirectToPage("/Account/ChangePassword", new { returnUrl = SafeReturnUrl() });
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
