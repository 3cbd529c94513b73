using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace SchoolJournal.Web.Data;

/// <summary>A login. People (staff, students, parents) point to it by UserId; one login may hold several roles.</summary>
public class AppUser : IdentityUser
{
    public int? SchoolId { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>Set when an account is issued with an initial password (R-SEC-3).</summary>
    public bool MustChangePassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last successful sign-in (page or API), for the administrator's list.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
    /// <summary>
    /// A closed account (a student who left, a member of staff dismissed): locked for good, kept with its history, never
    /// deleted; reopening clears it.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedReason { get; set; }
}

/// <summary>Role names as the API shows them (API.md, /api/v1/me).</summary>
public static class Roles
{
    public const string Director = "director";
    public const string Deputy = "deputy";
    public const string ClassTeacher = "classTeacher";
    public const string Teacher = "teacher";
    public const string SysAdmin = "sysadmin";
    public const string Student = "student";
    public const string Parent = "parent";

    public static readonly string[] All = [Director, Deputy, ClassTeacher, Teacher, SysAdmin, Student, Parent];

    public const string Administration = Director + "," + Deputy;

    /// <summary>The roles a school may require a second factor of (R-SEC-8): the director and the system administrator.</summary>
    public static bool SecondFactorMayBeRequired(IEnumerable<string> roles) => roles.Any(r => r is Director or SysAdmin);
    public const string Staff = Director + "," + Deputy + "," + ClassTeacher + "," + Teacher + "," + SysAdmin;

    /// <summary>Every role's id by name, after writing the built-in roles the database lacks (the demo, the tests' schools).</summary>
    public static async Task<Dictionary<string, string>> EnsureAllAsync(JournalDbContext db, CancellationToken ct = default)
    {
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        foreach (var name in All.Where(n => !roles.ContainsKey(n)))
        {
            var role = new IdentityRole(name) { NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() };
            db.Roles.Add(role);
            roles[name] = role.Id;
        }
        await db.SaveChangesAsync(ct);
        return roles;
    }

    public static string Title(string role) => role switch
    {
        Director => "Руководитель ОО",
        Deputy => "Заместитель руководителя",
        ClassTeacher => "Классный руководитель",
        Teacher => "Учитель",
        SysAdmin => "Системный администратор",
        Student => "Обучающийся",
        Parent => "Родитель (законный представитель)",
        _ => role,
    };
}
