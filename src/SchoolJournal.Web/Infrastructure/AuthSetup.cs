using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

public static class AuthSetup
{
    /// <summary>Chooses the bearer scheme for requests that carry a token, the cookie otherwise.</summary>
    public const string Smart = "CookieOrBearer";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Security:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Security:LockoutMinutes", 15));
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<JournalDbContext>()
            .AddErrorDescriber<RussianIdentityErrors>()
            .AddUserManager<JournalUserManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<JournalClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultAuthenticateScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "Cookie or bearer", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
                o.BearerTokenExpiration = TimeSpan.FromHours(builder.Configuration.GetValue("Security:TokenHours", 8)));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "sj.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            // The API answers with status codes, never with a redirect to the login page.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddMemoryCache();
        services.AddScoped<AccessService>();
        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<Audit.AuditVerifier>();
        return builder;
    }

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A bearer token lives its 8 hours however the account changes; the cookie has Identity's security-stamp check, the
/// token gets this one: a token issued before the password was changed (the stamp moved) no longer signs anyone in, so
/// a phone lost with the diary app on it is cut off by a new password. The stamp is read from the database at most once
/// in <c>Security:TokenStampSeconds</c> (30) per account and node, so an API call stays within its own round trips;
/// <see cref="JournalUserManager"/> forgets it whenever this node updates the account, other nodes follow within that time.
/// </summary>
public sealed class BearerStampMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UserManager<AppUser> users, IOptions<IdentityOptions> options, IMemoryCache cache,
        IConfiguration config)
    {
        var ticket = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket;
        if (ticket is not null && ticket.AuthenticationScheme.StartsWith(IdentityConstants.BearerScheme, StringComparison.Ordinal)
            && context.User.Identity?.IsAuthenticated == true)
        {
            var stamp = context.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var current = users.GetUserId(context.User) is { } id
                ? await cache.GetOrCreateAsync(JournalUserManager.StampKey(id), async entry =>
                {
                    entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Security:TokenStampSeconds", 30)));
                    return (await users.FindByIdAsync(id))?.SecurityStamp;
                })
                : null;
            if (current is null || stamp is null || !string.Equals(current, stamp, StringComparison.Ordinal))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                context.Features.Set<IAuthenticateResultFeature>(null);
            }
        }
        await next(context);
    }
}

/// <summary>Identity's user manager that drops the account's cached security stamp (<see cref="BearerStampMiddleware"/>) on every update.</summary>
public sealed class JournalUserManager(IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators, ILookupNormalizer normalizer,
    IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger, IMemoryCache cache)
    : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public static string StampKey(string userId) => "security-stamp:" + userId;

    protected override async Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        var result = await base.UpdateUserAsync(user);
        cache.Remove(StampKey(user.Id));
        return result;
    }
}

/// <summary>Puts the school, the display name and the forced-change flag into the cookie and the token.</summary>
public sealed class JournalClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(JournalClaims.DisplayName, user.DisplayName));
        if (user.SchoolId is int school)
            identity.AddClaim(new Claim(JournalClaims.School, school.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MustChangePassword) identity.AddClaim(new Claim(JournalClaims.MustChangePassword, "1"));
        return identity;
    }
}

/// <summary>Identity's validation messages in Russian.</summary>
public sealed class RussianIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Пароль должен содержать не менее {length} символов." };
    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "Пароль должен содержать хотя бы одну цифру." };
    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = "Пароль должен содержать хотя бы одну строчную букву." };
    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = "Пароль должен содержать хотя бы одну заглавную букву." };
    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric),
            Description = "Пароль должен содержать хотя бы один знак, не являющийся буквой или цифрой." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Пароль должен содержать не менее {uniqueChars} различных символов." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Неверный текущий пароль." };
    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"Логин «{userName}» уже занят." };
    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = $"Логин «{userName}» недопустим: используйте латинские буквы, цифры, точку, дефис." };
    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"Адрес «{email}» уже используется." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"Адрес «{email}» недопустим." };
    public override IdentityError UserLockoutNotEnabled() =>
        new() { Code = nameof(UserLockoutNotEnabled), Description = "Блокировка для этой учётной записи не включена." };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Произошла ошибка. Повторите попытку." };
    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "Данные изменены другим пользователем. Обновите страницу." };
}
