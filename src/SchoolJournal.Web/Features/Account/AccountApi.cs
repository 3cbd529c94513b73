using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Account;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Account;

public static class AccountApi
{
    public sealed record LoginRequest([Required] string Login, [Required] string Password);
    public sealed record ChildDto(int StudentId, string DisplayName);
    public sealed record MeDto(string Id, string DisplayName, IReadOnlyList<string> Roles, int? SchoolId, IReadOnlyList<ChildDto> Children,
        bool MustChangePassword);

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Вход");
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous()
            .WithSummary("Вход по логину и паролю; выдаёт токен доступа (Bearer).")
            .Produces(StatusCodes.Status200OK).ProducesProblems(401, 423);
        api.MapGet("/me", MeAsync).WithSummary("Кто я: имя, роли, школа, дети (для родителя).");
        return v1;
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit)
    {
        if (string.IsNullOrWhiteSpace(request.Login) || string.IsNullOrEmpty(request.Password))
            return Results.Problem(title: "Не указаны логин или пароль", detail: "Передайте поля login и password.",
                statusCode: StatusCodes.Status400BadRequest);
        var user = await users.FindByNameAsync(request.Login.Trim());
        if (user is null)
            return WrongCredentials();
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            if (!wasLocked) await audit.LockedAsync(user);
            return Results.Problem(title: "Учётная запись временно заблокирована",
                detail: "Слишком много неудачных попыток входа. Повторите позже или обратитесь к администратору школы.",
                statusCode: StatusCodes.Status423Locked);
        }
        if (!result.Succeeded)
            return WrongCredentials();
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static IResult WrongCredentials() =>
        Results.Problem(title: "Неверный логин или пароль", detail: "Проверьте раскладку клавиатуры и регистр букв.",
            statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<IResult> MeAsync(CurrentUser user, AccessService access)
    {
        var children = await access.OwnStudentsAsync();
        var me = new MeDto(user.Id!, user.DisplayName, user.Roles, user.SchoolId,
            user.IsInRole(Roles.Parent) ? [.. children.Select(c => new ChildDto(c.StudentId, c.DisplayName))] : [],
            user.Principal.HasClaim(JournalClaims.MustChangePassword, "1"));
        return Results.Ok(me);
    }
}
