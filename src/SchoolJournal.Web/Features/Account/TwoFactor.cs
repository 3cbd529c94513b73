using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Account;

/// <summary>
/// «Вход с кодом подтверждения» (R-SEC-8): a second factor for staff — the six-digit code of an authenticator app (TOTP,
/// RFC 6238: Яндекс Ключ, Google Authenticator, FreeOTP…) — from Identity's own authenticator token provider, its key kept in
/// Identity's user tokens; ten one-time recovery codes for a lost phone. The school may require it of the director and the
/// system administrator (<see cref="School.RequireTwoFactorForAdministration"/>). Every switch is audited, never a key or a code.
/// </summary>
public sealed class TwoFactor(UserManager<AppUser> users, SignInManager<AppUser> signIn, JournalDbContext db, AuditLog audit)
{
    public const int RecoveryCodeCount = 10;
    public const string Issuer = "Электронный журнал";

    public const string WrongCode = "Код не подошёл. Введите шесть цифр, которые приложение показывает сейчас (код меняется каждые 30 секунд), "
        + "и проверьте, что время на телефоне установлено верно.";

    /// <summary>Whether the school requires a second factor of this account (the director or the administrator of a school that says so).</summary>
    public async Task<bool> IsRequiredAsync(AppUser user, CancellationToken ct = default)
    {
        if (user.SchoolId is not int school || !Roles.SecondFactorMayBeRequired(await users.GetRolesAsync(user))) return false;
        return await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id == school && s.RequireTwoFactorForAdministration, ct);
    }

    /// <summary>The key an app is to be set up with: a new one when the factor is off and none is pending, else the pending one.</summary>
    public async Task<string> PendingKeyAsync(AppUser user, bool fresh)
    {
        if (user.TwoFactorEnabled) throw new InvalidOperationException("The second factor is on: its key is not shown again.");
        var key = fresh ? null : await users.GetAuthenticatorKeyAsync(user);
        if (key is null)
        {
            await users.ResetAuthenticatorKeyAsync(user); // moves the security stamp: the session is renewed below
            await signIn.RefreshSignInAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        return key;
    }

    /// <summary>Turns the factor on when <paramref name="code"/> is the app's current code; the recovery codes to show once, or null.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(AppUser user, string? code)
    {
        if (user.TwoFactorEnabled || !await VerifyAsync(user, code)) return null;
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await RecordAsync(AuditEventType.TwoFactorEnabled, user, new { recoveryCodes = codes.Count });
        await signIn.RefreshSignInAsync(user);
        return codes;
    }

    /// <summary>New recovery codes (the old ones void) when <paramref name="code"/> is the app's current code; null otherwise.</summary>
    public async Task<IReadOnlyList<string>?> RenewRecoveryCodesAsync(AppUser user, string? code)
    {
        if (!user.TwoFactorEnabled || !await VerifyAsync(user, code)) return null;
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await RecordAsync(AuditEventType.RecoveryCodesRenewed, user, new { recoveryCodes = codes.Count });
        return codes;
    }

    public enum DisableResult
    {
        Done,
        WrongCode,
        RequiredBySchool,
    }

    /// <summary>The person turns his factor off with a current code; refused while the school requires it of him.</summary>
    public async Task<DisableResult> DisableAsync(AppUser user, string? code)
    {
        if (await IsRequiredAsync(user)) return DisableResult.RequiredBySchool;
        if (!user.TwoFactorEnabled || !await VerifyAsync(user, code)) return DisableResult.WrongCode;
        await SwitchOffAsync(user, byAdministrator: false);
        await signIn.RefreshSignInAsync(user);
        return DisableResult.Done;
    }

    /// <summary>
    /// The administrator turns off the factor of a person who lost his phone and his recovery codes: the key and the codes are
    /// void, every session of the account ends (the stamp moves); the person signs in with his password and sets it up again.
    /// </summary>
    public async Task ResetByAdministratorAsync(AppUser user)
    {
        if (!user.TwoFactorEnabled) return;
        await SwitchOffAsync(user, byAdministrator: true);
    }

    private async Task SwitchOffAsync(AppUser user, bool byAdministrator)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await RecordAsync(AuditEventType.TwoFactorDisabled, user, new { byAdministrator });
    }

    /// <summary>The login form's second step: stores whom the password was right for, as Identity's own two-step sign-in does.</summary>
    public static Task RememberPasswordCheckedAsync(HttpContext http, AppUser user) =>
        http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Id)], IdentityConstants.TwoFactorUserIdScheme)));

    public async Task RecoveryCodeUsedAsync(AppUser user) =>
        await RecordAsync(AuditEventType.RecoveryCodeUsed, user, new { recoveryCodesLeft = await users.CountRecoveryCodesAsync(user) });

    /// <summary>Whether <paramref name="code"/> is the current code of the account's app (spaces and hyphens ignored).</summary>
    public async Task<bool> VerifyAsync(AppUser user, string? code)
    {
        var digits = Normalize(code);
        return digits is not null
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    /// <summary>Six digits from what a person typed («123 456», «123-456»); null for anything else.</summary>
    public static string? Normalize(string? code)
    {
        var digits = new string((code ?? "").Where(c => c is not (' ' or '-' or '\u00a0')).ToArray());
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The key in groups of four, as a person types it into the app by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4))));

    /// <summary>The key as an otpauth:// address (the format the apps read from the QR code).</summary>
    public static string OtpAuthUri(string login, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(login)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>
    /// The QR code of <paramref name="text"/> as an SVG element with one path (QRCoder builds the matrix): no inline style, so
    /// the strict CSP lets it show.
    /// </summary>
    public static string QrSvg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (matrix[y][x]) path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" role=\"img\" "
            + $"aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" shape-rendering=\"crispEdges\">"
            + $"<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>";
    }

    private async Task RecordAsync(AuditEventType type, AppUser user, object after)
    {
        if (user.SchoolId is not int school) return;
        await audit.RecordAsync(type, AccountAudit.Entity, user.Id, before: null, after, schoolId: school);
        await audit.SaveAsync();
    }
}
