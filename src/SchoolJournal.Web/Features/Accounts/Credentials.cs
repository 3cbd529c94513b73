using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// The writes every way of handing out a login shares (R-SEC-3): a new account named by <see cref="LoginNames"/>, a new
/// one-time initial password that voids the old one and ends the account's sessions, and the ledger line of either. The
/// caller holds the transaction and, after its last account write, records the audit facts this gathers and saves.
/// </summary>
public sealed class Credentials(JournalDbContext db, UserManager<AppUser> users, CurrentUser me, TimeProvider time, PasswordPolicy policy)
{
    /// <summary>One account change to audit once the accounts are written (an audit event saved between them would fork the chain).</summary>
    public sealed record Fact(AuditEventType Type, string UserId, object? Before, object? After);

    public List<Fact> Facts { get; } = [];

    public sealed record Person(CredentialHolder Holder, int Id, string LastName, string FirstName, string? MiddleName)
    {
        public string FullName => PersonName.Full(LastName, FirstName, MiddleName);
    }

    public static string RoleOf(CredentialHolder holder) => holder switch
    {
        CredentialHolder.Student => Roles.Student,
        CredentialHolder.Parent => Roles.Parent,
        _ => Roles.Teacher,
    };

    /// <summary>A new account with an initial password, to be changed at the first sign-in; null and the reason when Identity refuses.</summary>
    public async Task<(AppUser? Account, string Password, string? Error)> CreateAsync(Person person, int schoolId, IEnumerable<string> roles,
        string? email, int? classId)
    {
        var login = await FreeLoginAsync(LoginNames.Base(person.LastName, person.FirstName, person.MiddleName));
        var account = new AppUser
        {
            UserName = login, DisplayName = person.FullName, SchoolId = schoolId, MustChangePassword = true, CreatedAt = time.GetUtcNow(),
            LockoutEnabled = true, Email = email,
        };
        var password = InitialPassword.New(await policy.MinLengthAsync(schoolId));
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded) return (null, "", string.Join(" ", created.Errors.Select(e => e.Description)));
        var roleList = roles.ToList();
        foreach (var role in roleList) await users.AddToRoleAsync(account, role);
        await LedgerAsync(account, person, classId);
        Facts.Add(new(AuditEventType.AccountCreated, account.Id, null,
            new { login, roles = roleList, holder = Code(person.Holder), personId = person.Id, classId }));
        return (account, password, null);
    }

    /// <summary>A new initial password: the old one stops working, every session of the account ends, the ledger's old line is void.</summary>
    public async Task<(string Password, string? Error)> ReissueAsync(AppUser account, Person? person, int? classId)
    {
        var password = InitialPassword.New(await policy.MinLengthAsync(account.SchoolId));
        await users.RemovePasswordAsync(account);
        var added = await users.AddPasswordAsync(account, password); // moves the security stamp: cookies and tokens end at once
        if (!added.Succeeded) return ("", string.Join(" ", added.Errors.Select(e => e.Description)));
        account.MustChangePassword = true;
        await users.UpdateAsync(account);
        await LedgerAsync(account, person ?? new Person(CredentialHolder.Staff, 0, account.DisplayName, "", null), classId);
        Facts.Add(new(AuditEventType.PasswordReset, account.Id, null,
            new { login = account.UserName, holder = person is null ? null : Code(person.Holder), personId = person?.Id, classId }));
        return (password, null);
    }

    /// <summary>Records the gathered facts in the account's school chain.</summary>
    public async Task RecordAsync(AuditLog audit, int schoolId, CancellationToken ct)
    {
        foreach (var f in Facts)
            await audit.RecordAsync(f.Type, Account.AccountAudit.Entity, f.UserId, f.Before, f.After, schoolId: schoolId, ct: ct);
        Facts.Clear();
    }

    public static string Code(CredentialHolder holder) => holder.ToString().ToLowerInvariant();

    private async Task LedgerAsync(AppUser account, Person person, int? classId)
    {
        var now = time.GetUtcNow();
        foreach (var old in await db.CredentialIssues.Where(c => c.UserId == account.Id && c.VoidedAt == null).ToListAsync()) old.VoidedAt = now;
        foreach (var old in db.CredentialIssues.Local.Where(c => c.UserId == account.Id && c.VoidedAt == null)) old.VoidedAt = now;
        db.CredentialIssues.Add(new CredentialIssue
        {
            SchoolId = account.SchoolId ?? 0, UserId = account.Id, Login = account.UserName!, Holder = person.Holder, PersonId = person.Id,
            PersonName = person.FullName, SchoolClassId = classId, IssuedById = me.Id ?? "", IssuedByName = me.DisplayName, IssuedAt = now,
        });
    }

    private async Task<string> FreeLoginAsync(string baseLogin)
    {
        // Every school of the deployment: logins are unique across it, not per school.
        var taken = (await users.Users.Where(u => u.NormalizedUserName!.StartsWith(baseLogin.ToUpperInvariant()))
            .Select(u => u.NormalizedUserName!).ToListAsync()).ToHashSet();
        return LoginNames.Unique(baseLogin, l => taken.Contains(l.ToUpperInvariant()));
    }
}
