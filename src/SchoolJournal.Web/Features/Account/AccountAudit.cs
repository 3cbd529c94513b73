using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Account;

/// <summary>
/// Account events of the audit log (ARCHITECTURE decision 7): entity «account», id = the user's id, in the
/// user's own school's chain. Never a password or personal data in the recorded values.
/// </summary>
public static class AccountAudit
{
    public const string Entity = "account";

    public static Task PasswordChangedAsync(this AuditLog audit, AppUser user) =>
        RecordAsync(audit, AuditEventType.PasswordChanged, user, after: null);

    /// <summary>The login has just locked the account; the actor is «система», the caller being anonymous.</summary>
    public static Task LockedAsync(this AuditLog audit, AppUser user) =>
        RecordAsync(audit, AuditEventType.AccountLocked, user, after: new { lockedUntil = user.LockoutEnd, failedAttempts = user.AccessFailedCount });

    private static async Task RecordAsync(AuditLog audit, AuditEventType type, AppUser user, object? after)
    {
        // An account outside any school (a deployment's own administrator) has no chain to append to.
        if (user.SchoolId is not int school) return;
        await audit.RecordAsync(type, Entity, user.Id, before: null, after, schoolId: school);
        await audit.SaveAsync();
    }
}
