using System.Security.Claims;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The school the data of this request belongs to (ARCHITECTURE decision 4).</summary>
public interface ISchoolScope
{
    int? SchoolId { get; }
}

public static class JournalClaims
{
    public const string School = "school";
    public const string DisplayName = "display_name";
    public const string MustChangePassword = "must_change_password";
    /// <summary>The school requires a second factor of this account and it has none yet: it may only set one up.</summary>
    public const string MustSetUpTwoFactor = "must_set_up_two_factor";
    /// <summary>A role claim of a role the school configures: one <see cref="Infrastructure.Permission"/> code each.</summary>
    public const string Permission = "permission";
}

/// <summary>The signed-in user of this request, read from the cookie or the bearer token.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor) : ISchoolScope
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public string? Id => IsAuthenticated ? Principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public string DisplayName => Principal.FindFirstValue(JournalClaims.DisplayName) ?? Principal.Identity?.Name ?? "";

    public int? SchoolId =>
        IsAuthenticated && int.TryParse(Principal.FindFirstValue(JournalClaims.School), out var id) ? id : null;

    /// <summary>
    /// The query filters' school. Null lifts the filter, which only code outside any request (commands, seeding)
    /// may do: within a request, an anonymous caller or an account without a school sees no school's data.
    /// </summary>
    int? ISchoolScope.SchoolId => accessor.HttpContext is null ? null : SchoolId ?? NoSchool;

    private const int NoSchool = 0;

    public IReadOnlyList<string> Roles =>
        [.. Principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct()];

    public bool IsInRole(string role) => Principal.IsInRole(role);

    public bool IsInAnyRole(params string[] roles) => roles.Any(Principal.IsInRole);
}
