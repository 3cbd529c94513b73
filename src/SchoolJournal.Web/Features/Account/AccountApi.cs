using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Account;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Account;

public static class AccountApi
{
    /// <summary>The login and password; for an account with the second factor on, also the app's code or a recovery code.</summary>
    public sealed record LoginRequest([Required] string Login, [Required] string Password, string? TwoFactorCode = null,
        string? RecoveryCode = null);
    public sealed record ChildDto(int StudentId, string DisplayName);
    public sealed record MeDto(string Id, string DisplayName, IReadOnlyList<string> Roles, int? SchoolId, IReadOnlyList<ChildDto> Children,
        bool MustChangePassword);

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Вход");
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous()
            .WithSummary("Вход по логину и паролю (и коду подтверждения, если он включён: twoFactorCode или recoveryCode); "
                + "выдаёт токен доступа (Bearer).")
            .Produces(StatusCodes.Status200OK).ProducesProblems(401, 423, 429);
        api.MapPost("/auth/refresh", RefreshAsync).AllowAnonymous()
            .WithSummary("Новый токен доступа по refreshToken из ответа на вход; не действует после смены пароля или блокировки.")
            .Produces(StatusCodes.Status200OK).ProducesProblems(400, 401);
        api.MapGet("/me", MeAsync).WithSummary("Кто я: имя, роли, школа, дети (для родителя).");
        return v1;
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, SignInGate gate, SignInManager<AppUser> signIn, AuditLog audit,
        UserManager<AppUser> users, TwoFactor twoFactor, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(request.Login) || string.IsNullOrEmpty(request.Password))
            return Results.Problem(title: "Не указаны логин или пароль", detail: "Передайте поля login и password.",
                statusCode: StatusCodes.Status400BadRequest);
        var check = await gate.CheckAsync(request.Login, request.Password, http);
        if (check.LockedNow) await audit.LockedAsync(check.User!);
        if (check.Verdict == SignInVerdict.Ok && check.User!.TwoFactorEnabled
            && await SecondFactorAsync(request, check.User, users, twoFactor, audit) is { } refused)
            return refused;
        return check.Verdict switch
        {
            SignInVerdict.Throttled => Results.Problem(title: "Слишком много попыток входа", detail: SignInMessages.Throttled,
                statusCode: StatusCodes.Status429TooManyRequests),
            SignInVerdict.Locked => Results.Problem(title: "Учётная запись заблокирована", detail: SignInMessages.Locked,
                statusCode: StatusCodes.Status423Locked),
            SignInVerdict.Wrong => Results.Problem(title: SignInMessages.Wrong.TrimEnd('.'),
                detail: "Проверьте раскладку клавиатуры и регистр букв.", statusCode: StatusCodes.Status401Unauthorized),
            _ => Results.SignIn(await signIn.CreateUserPrincipalAsync(check.User!), authenticationScheme: IdentityConstants.BearerScheme),
        };
    }

    /// <summary>Null when the request carries a right code of the account's second factor; the refusal otherwise.</summary>
    private static async Task<IResult?> SecondFactorAsync(LoginRequest request, AppUser user, UserManager<AppUser> users, TwoFactor twoFactor,
        AuditLog audit)
    {
        var recovery = request.RecoveryCode?.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(request.TwoFactorCode) && string.IsNullOrEmpty(recovery))
            return Results.Problem(title: "Требуется код подтверждения",
                detail: "Для этой учётной записи включён вход с кодом: передайте поле twoFactorCode (шесть цифр из приложения-аутентификатора) "
                    + "или recoveryCode (код восстановления).",
                statusCode: StatusCodes.Status401Unauthorized, extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
        var right = string.IsNullOrEmpty(recovery)
            ? await twoFactor.VerifyAsync(user, request.TwoFactorCode)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
        if (right)
        {
            await users.ResetAccessFailedCountAsync(user);
            if (!string.IsNullOrEmpty(recovery)) await twoFactor.RecoveryCodeUsedAsync(user);
            return null;
        }
        // Wrong codes count toward the account's lockout, as on the login page.
        await users.AccessFailedAsync(user);
        if (await users.IsLockedOutAsync(user))
        {
            await audit.LockedAsync(user);
            return Results.Problem(title: "Учётная запись заблокирована", detail: SignInMessages.Locked, statusCode: StatusCodes.Status423Locked);
        }
        return Results.Problem(title: "Неверный код подтверждения",
            detail: string.IsNullOrEmpty(recovery) ? TwoFactor.WrongCode : "Такого кода восстановления нет или он уже использован.",
            statusCode: StatusCodes.Status401Unauthorized, extensions: new Dictionary<string, object?> { ["twoFactorRequired"] = true });
    }

    public sealed record RefreshRequest(string? RefreshToken);

    // The refresh token the bearer handler issues with every access token: valid while the account's stamp is unchanged.
    private static async Task<IResult> RefreshAsync(RefreshRequest request, SignInManager<AppUser> signIn, UserManager<AppUser> users,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
            return Results.Problem(title: "Нет refreshToken", detail: "Передайте refreshToken из ответа на вход.",
                statusCode: StatusCodes.Status400BadRequest);
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        var user = ticket?.Properties.ExpiresUtc is { } expires && time.GetUtcNow() < expires
            ? await signIn.ValidateSecurityStampAsync(ticket.Principal)
            : null;
        if (user is null || await users.IsLockedOutAsync(user))
            return Results.Problem(title: "Требуется вход", detail: "Срок действия истёк или пароль сменён: войдите заново.",
                statusCode: StatusCodes.Status401Unauthorized);
        return Results.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<IResult> MeAsync(CurrentUser user, AccessService access)
    {
        var children = await access.OwnStudentsAsync();
        var me = new MeDto(user.Id!, user.DisplayName, user.Roles, user.SchoolId,
            user.IsInRole(Roles.Parent) ? [.. children.Select(c => new ChildDto(c.StudentId, c.DisplayName))] : [],
            user.Principal.HasClaim(JournalClaims.MustChangePassword, "1"));
        return Results.Ok(me);
    }
}
