using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Security;

/// <summary>
/// The school's password policy (R-SEC-7): a password at least as long as the school's setting
/// (<see cref="School.PasswordMinLength"/>), on top of Identity's floor for every deployment — 8 characters, a digit, a
/// lower-case letter. A person of no school (the deployment's own administrator) keeps the floor.
/// </summary>
public sealed class PasswordPolicy(JournalDbContext db) : IPasswordValidator<AppUser>
{
    /// <summary>Identity's own minimum, for every school.</summary>
    public const int Floor = 8;
    public const int Ceiling = 64;

    public async Task<int> MinLengthAsync(int? schoolId) => schoolId is not int id ? Floor
        : Math.Max(Floor, await db.Schools.AsNoTracking().Where(s => s.Id == id).Select(s => s.PasswordMinLength).FirstOrDefaultAsync());

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var min = await MinLengthAsync(user.SchoolId);
        return (password ?? "").Length >= min ? IdentityResult.Success : IdentityResult.Failed(manager.ErrorDescriber.PasswordTooShort(min));
    }
}
