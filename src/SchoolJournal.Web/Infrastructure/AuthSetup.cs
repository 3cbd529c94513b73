using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
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
                o.Password.RequiredLength = Security.PasswordPolicy.Floor;
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
            .AddPasswordValidator<Security.PasswordPolicy>()
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
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure behind HTTPS (a proxy: ASPNETCORE_FORWARDEDHEADERS_ENABLED)
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
        services.AddScoped<Security.PasswordPolicy>();
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
/// A bearer token lives its 8 hours and a cookie its 10 however the account changes; this check ends both the moment the
/// account's security stamp moves (a password change, a lock, a reported compromise): the stamp the session was issued
/// with is compared with the database's on every authenticated request, so every node refuses it at once, whichever node
/// made the change (one indexed read of one column; Identity's own cookie check would wait for its interval). A refused
/// cookie is deleted.
/// </summary>
public sealed class BearerStampMiddleware(RequestDelegate next)
{
    // Every authenticated request asks it: compiled once, it skips building and looking up the LINQ tree each time (issue 16:
    // the check's share of a mark write's CPU samples fell from 6.5 to 4.7 %).
    private static readonly Func<JournalDbContext, string, CancellationToken, Task<string?>> StampOf = EF.CompileAsyncQuery(
        (JournalDbContext db, string id, CancellationToken ct) =>
            db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefault());

    public async Task InvokeAsync(HttpContext context, JournalDbContext db, IOptions<IdentityOptions> options)
    {
        var ticket = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket;
        if (ticket is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var keep = KeepsConnection(context, db);
        if (keep) await db.Database.OpenConnectionAsync(context.RequestAborted);
        try
        {
            var claims = options.Value.ClaimsIdentity;
            var stamp = context.User.FindFirstValue(claims.SecurityStampClaimType);
            var id = context.User.FindFirstValue(claims.UserIdClaimType);
            var current = id is null ? null : await StampOf(db, id, context.RequestAborted);
            if (current is null || stamp is null || !string.Equals(current, stamp, StringComparison.Ordinal))
            {
                if (ticket.AuthenticationScheme == IdentityConstants.ApplicationScheme)
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                context.Features.Set<IAuthenticateResultFeature>(null);
            }
            await next(context);
        }
        finally
        {
            // Closed here, by EF: SQLite's write gate hears of it, so a transaction the request left without a commit or a
            // rollback lets the next writer in, as when EF closes a connection it opened itself.
            if (keep) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// On SQLite an authenticated page or API read (GET, HEAD) keeps the connection this check opens for all its queries, until
    /// the request ends. Opened for each query, as EF does by default, the connection registered EF's SQL functions and ran the
    /// foreign-keys pragma every time: opening and closing were 6.8 % of the diary week's CPU under load (perf, issue 16). Not a
    /// WebSocket's, nor any other request to a SignalR hub: the live diary holds its request for hours, and where WebSockets are
    /// blocked its fallbacks are GETs too (server-sent events, long polling). A write (POST, PUT, DELETE) is not where that time
    /// went. On PostgreSQL an open is a rent from Npgsql's pool, and a request keeps none for longer than a query.
    /// </summary>
    private static bool KeepsConnection(HttpContext context, JournalDbContext db) => db is SqliteJournalDbContext && IsShortRead(context);

    /// <summary>A GET or HEAD that ends with its response: not a WebSocket, not a SignalR hub's connection.</summary>
    internal static bool IsShortRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.WebSockets.IsWebSocketRequest
        && context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is null;
}

/// <summary>Puts the school, the display name and the forced-change and second-factor set-up flags into the cookie and the token.</summary>
public sealed class JournalClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options,
    JournalDbContext db, TimeProvider time)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(JournalClaims.DisplayName, user.DisplayName));
        if (user.SchoolId is int school)
            identity.AddClaim(new Claim(JournalClaims.School, school.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MustChangePassword) identity.AddClaim(new Claim(JournalClaims.MustChangePassword, "1"));
        if (user.SchoolId is int schoolId)
        {
            // One read of the school: its requirement of a second factor and its time zone.
            var settings = await db.Schools.IgnoreQueryFilters().Where(s => s.Id == schoolId)
                .Select(s => new { s.TimeZone, s.RequireTwoFactorForAdministration }).FirstOrDefaultAsync();
            if (!user.TwoFactorEnabled && settings?.RequireTwoFactorForAdministration == true
                && Roles.SecondFactorMayBeRequired(identity.FindAll(identity.RoleClaimType).Select(c => c.Value)))
                identity.AddClaim(new Claim(JournalClaims.MustSetUpTwoFactor, "1"));
            // The duties the director appointed him to (R-ROLE-1), as permission claims while the appointment lasts. A cookie takes a
            // new appointment within the security stamp's check interval (a minute); a bearer token at its next sign-in.
            var today = SchoolClock.Today(time, settings?.TimeZone ?? "Europe/Moscow");
            var duties = await db.StaffDuties.IgnoreQueryFilters()
                .Where(d => d.SchoolId == schoolId && d.StaffMember!.UserId == user.Id && d.From <= today && (d.To == null || d.To >= today))
                .Select(d => d.Kind).Distinct().ToListAsync();
            foreach (var duty in duties)
                identity.AddClaim(new Claim(JournalClaims.Permission, RolePermissions.Code(DutyPermissions.Of(duty))));
            // The roles the school configured (R-ROLE-8): each granted permission as a claim, as a duty's.
            var configured = await db.SchoolRoleMembers.Where(m => m.UserId == user.Id)
                .Join(db.SchoolRoles.IgnoreQueryFilters().Where(r => r.SchoolId == schoolId), m => m.SchoolRoleId, r => r.Id, (m, r) => r.Permissions)
                .ToListAsync();
            var granted = configured.Aggregate(Permission.None, (p, f) => p | (Permission)f);
            foreach (var permission in Enum.GetValues<Permission>().Where(p => p != Permission.None && (granted & p) == p))
                identity.AddClaim(new Claim(JournalClaims.Permission, RolePermissions.Code(permission)));
        }
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
