using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// The system administrator's account writes (R-SEC-3, «Учётные записи»): a staff account, its name, e-mail and roles, a lock
/// and its lifting, a new initial password, closing (a student who left: locked for good and kept, never deleted) and
/// reopening. Each in one transaction with its audit event; only accounts of the administrator's own school.
/// </summary>
public sealed class AccountAdmin(JournalDbContext db, UserManager<AppUser> users, AccessService access, CurrentUser me, AuditLog audit,
    Credentials credentials, TimeProvider time, Account.TwoFactor twoFactor)
{
    public sealed record AccountDto(string Id, string Login, string DisplayName, string? Email, IReadOnlyList<string> Roles, bool Locked,
        bool Closed, string? ClosedReason, bool MustChangePassword, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, string? Person)
    {
        /// <summary>The person signs in with a code of an authenticator app after the password (R-SEC-8).</summary>
        public bool TwoFactorEnabled { get; init; }
    }
    public sealed record CreateInput(string? LastName, string? FirstName, string? MiddleName, string? Email, IReadOnlyList<string>? Roles,
        int? StaffMemberId);
    public sealed record UpdateInput(string? DisplayName, string? Email, IReadOnlyList<string>? Roles);
    public sealed record CloseInput(string? Reason);
    public sealed record NewPassword(string Id, string Login, string DisplayName, string InitialPassword);

    public const int NameMax = 100;
    public const int ReasonMax = 300;

    public static Problem Refused => new(StatusCodes.Status403Forbidden, "Нет доступа к учётным записям",
        "Учётными записями школы управляет системный администратор.");

    private static Problem NotFound => Problem.NotFound("Учётная запись не найдена");

    public async Task<Outcome<AccountDto>> GetAsync(string id, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        return await FindAsync(id, ct) is { } account ? Outcome<AccountDto>.Ok(await DtoAsync(account, ct)) : NotFound;
    }

    public async Task<Outcome<NewPassword>> CreateStaffAsync(CreateInput input, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        if (RolesProblem(input.Roles, staffOnly: true) is { } bad) return bad;
        if (EmailProblem(input.Email, required: false) is { } badEmail) return badEmail;
        StaffMember? staff = null;
        if (input.StaffMemberId is int staffId)
        {
            staff = await db.StaffMembers.FirstOrDefaultAsync(s => s.Id == staffId, ct);
            if (staff is null) return Problem.BadRequest("Сотрудник не найден", $"Сотрудника с номером {staffId} в школе нет.");
            if (staff.UserId is not null)
                return new Problem(StatusCodes.Status409Conflict, "У сотрудника уже есть учётная запись",
                    "Чтобы выдать ему новый пароль, откройте его учётную запись и нажмите «Выдать новый пароль».");
        }
        else
        {
            var (last, first, middle) = (input.LastName?.Trim(), input.FirstName?.Trim(), input.MiddleName?.Trim());
            if (string.IsNullOrEmpty(last) || string.IsNullOrEmpty(first))
                return Problem.BadRequest("Не указано имя",
                    "Укажите фамилию и имя сотрудника (lastName, firstName) или выберите сотрудника (staffMemberId).");
            if (new[] { last, first, middle ?? "" }.Any(n => n.Length > NameMax)) return Problem.TooLong("Фамилия, имя, отчество", NameMax);
            var role = input.Roles![0];
            staff = new StaffMember
            {
                SchoolId = me.SchoolId!.Value, LastName = last, FirstName = first, MiddleName = string.IsNullOrEmpty(middle) ? null : middle,
                Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
                Positions = [new StaffPosition { Kind = PositionOf(role), Title = Roles.Title(role) }],
            };
            db.StaffMembers.Add(staff);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var person = new Credentials.Person(CredentialHolder.Staff, staff.Id, staff.LastName, staff.FirstName, staff.MiddleName);
        var (account, password, error) = await credentials.CreateAsync(person, staff.SchoolId, input.Roles!.Distinct(),
            string.IsNullOrWhiteSpace(input.Email) ? staff.Email : input.Email.Trim(), null);
        if (account is null) return Problem.BadRequest("Учётная запись не создана", error!);
        staff.UserId = account.Id;
        await db.SaveChangesAsync(ct);
        await credentials.RecordAsync(audit, staff.SchoolId, ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NewPassword>.Ok(new(account.Id, account.UserName!, account.DisplayName, password));
    }

    public async Task<Outcome<AccountDto>> UpdateAsync(string id, UpdateInput input, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        if (await FindAsync(id, ct) is not { } account) return NotFound;
        var name = input.DisplayName?.Trim();
        if (string.IsNullOrEmpty(name))
            return Problem.BadRequest("Не указано имя", "Передайте displayName — имя, как его видят в журнале и дневнике.");
        if (name.Length > 300) return Problem.TooLong("Имя", 300);
        if (input.Email is null)
            return Problem.BadRequest("Не указан адрес", "Передайте email; пустая строка — учётная запись без адреса.");
        if (EmailProblem(input.Email, required: false) is { } badEmail) return badEmail;
        if (RolesProblem(input.Roles, staffOnly: false) is { } bad) return bad;
        var roles = input.Roles!.Distinct().ToList();
        if (account.Id == me.Id && !roles.Contains(Roles.SysAdmin))
            return new Problem(StatusCodes.Status409Conflict, "Нельзя снять с себя роль администратора",
                "Иначе в школе может не остаться никого, кто управляет учётными записями. Попросите об этом другого администратора.");
        var before = await StateAsync(account);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        account.DisplayName = name;
        account.Email = input.Email.Trim().Length == 0 ? null : input.Email.Trim();
        account.NormalizedEmail = account.Email?.ToUpperInvariant();
        await users.UpdateAsync(account);
        var current = await users.GetRolesAsync(account);
        await users.RemoveFromRolesAsync(account, current.Except(roles));
        await users.AddToRolesAsync(account, roles.Except(current));
        var after = await StateAsync(account);
        await audit.RecordAsync(AuditEventType.AccountChanged, Account.AccountAudit.Entity, account.Id, before.Public,
            after.Public with { EmailChanged = before.Email != after.Email }, schoolId: account.SchoolId, ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AccountDto>.Ok(await DtoAsync(account, ct));
    }

    public Task<Outcome<AccountDto>> LockAsync(string id, CancellationToken ct) => ChangeAsync(id, AuditEventType.AccountLocked, async a =>
    {
        if (a.Id == me.Id) return SelfProblem;
        await users.SetLockoutEnabledAsync(a, true);
        await users.SetLockoutEndDateAsync(a, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(a); // every session ends now, not at its next stamp check
        return null;
    }, ct);

    public Task<Outcome<AccountDto>> UnlockAsync(string id, CancellationToken ct) => ChangeAsync(id, AuditEventType.AccountUnlocked, async a =>
    {
        if (a.ClosedAt is not null) return ClosedProblem;
        await users.SetLockoutEndDateAsync(a, null);
        await users.ResetAccessFailedCountAsync(a);
        return null;
    }, ct);

    public Task<Outcome<AccountDto>> CloseAsync(string id, CloseInput input, CancellationToken ct) =>
        ChangeAsync(id, AuditEventType.AccountClosed, async a =>
        {
            if (a.Id == me.Id) return SelfProblem;
            var reason = input.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
                return Problem.BadRequest("Не указана причина", "Напишите, почему учётная запись закрывается: например, «выбыл в другую школу».");
            if (reason.Length > ReasonMax) return Problem.TooLong("Причина", ReasonMax);
            (a.ClosedAt, a.ClosedReason) = (time.GetUtcNow(), reason);
            await users.UpdateAsync(a);
            await users.SetLockoutEnabledAsync(a, true);
            await users.SetLockoutEndDateAsync(a, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(a);
            return null;
        }, ct);

    public Task<Outcome<AccountDto>> ReopenAsync(string id, CancellationToken ct) => ChangeAsync(id, AuditEventType.AccountReopened, async a =>
    {
        if (a.ClosedAt is null)
            return new Problem(StatusCodes.Status409Conflict, "Учётная запись не закрыта", "Открыть можно только закрытую учётную запись.");
        (a.ClosedAt, a.ClosedReason) = (null, null);
        await users.UpdateAsync(a);
        await users.SetLockoutEndDateAsync(a, null);
        await users.ResetAccessFailedCountAsync(a);
        return null;
    }, ct);

    /// <summary>A new one-time initial password; the old one and every session end, the ledger gets a line.</summary>
    public async Task<Outcome<NewPassword>> ResetPasswordAsync(string id, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        if (await FindAsync(id, ct) is not { } account) return NotFound;
        if (account.ClosedAt is not null) return ClosedProblem;
        if (account.Id == me.Id)
            return new Problem(StatusCodes.Status409Conflict, "Свой пароль меняют на странице «Смена пароля»",
                "Начальный пароль выдают другим: свой пароль смените на странице «Смена пароля».");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (password, error) = await credentials.ReissueAsync(account, await PersonOfAsync(account.Id, ct), null);
        if (error is not null) return Problem.BadRequest("Пароль не выдан", error);
        await credentials.RecordAsync(audit, account.SchoolId!.Value, ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NewPassword>.Ok(new(account.Id, account.UserName!, account.DisplayName, password));
    }

    /// <summary>
    /// Turns off the second factor of a person who lost his phone and his recovery codes: the key and the codes are void, his
    /// sessions end; he signs in with his password and connects the app again (audited as «Вход с кодом подтверждения выключен»).
    /// </summary>
    public async Task<Outcome<AccountDto>> ResetTwoFactorAsync(string id, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        if (await FindAsync(id, ct) is not { } account) return NotFound;
        if (account.Id == me.Id)
            return new Problem(StatusCodes.Status409Conflict, "Свой вход с кодом меняют на странице «Вход с кодом подтверждения»",
                "Попросите другого администратора, если у вас нет ни телефона, ни кодов восстановления.");
        if (!account.TwoFactorEnabled)
            return new Problem(StatusCodes.Status409Conflict, "Вход с кодом не включён", "У этой учётной записи нет второго шага входа.");
        await twoFactor.ResetByAdministratorAsync(account);
        return Outcome<AccountDto>.Ok(await DtoAsync(account, ct));
    }

    private static Problem SelfProblem => new(StatusCodes.Status409Conflict, "Нельзя заблокировать или закрыть свою учётную запись",
        "Попросите об этом другого администратора.");

    private static Problem ClosedProblem => new(StatusCodes.Status409Conflict, "Учётная запись закрыта",
        "Сначала откройте её («Открыть вновь»), затем разблокируйте или выдайте пароль.");

    private async Task<Outcome<AccountDto>> ChangeAsync(string id, AuditEventType type, Func<AppUser, Task<Problem?>> change, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return Refused;
        if (await FindAsync(id, ct) is not { } account) return NotFound;
        var before = await StateAsync(account);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await change(account) is { } problem) return problem;
        var after = await StateAsync(account);
        await audit.RecordAsync(type, Account.AccountAudit.Entity, account.Id, before.Public, after.Public, after.ClosedReason,
            schoolId: account.SchoolId, ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AccountDto>.Ok(await DtoAsync(account, ct));
    }

    /// <summary>What the audit keeps of an account: never its e-mail (personal data) — only whether it changed.</summary>
    private sealed record State(string? Email, string? ClosedReason, PublicState Public);

    private sealed record PublicState(string DisplayName, IReadOnlyList<string> Roles, bool Locked, bool Closed)
    {
        public bool? EmailChanged { get; init; }
    }

    private async Task<State> StateAsync(AppUser a) =>
        new(a.Email, a.ClosedReason, new PublicState(a.DisplayName, [.. (await users.GetRolesAsync(a)).Order(StringComparer.Ordinal)],
            a.LockoutEnd is { } end && end > time.GetUtcNow(), a.ClosedAt is not null));

    private Task<AppUser?> FindAsync(string id, CancellationToken ct) =>
        users.Users.FirstOrDefaultAsync(u => u.Id == id && u.SchoolId != null && u.SchoolId == me.SchoolId, ct);

    private async Task<AccountDto> DtoAsync(AppUser a, CancellationToken ct)
    {
        var roles = (await users.GetRolesAsync(a)).OrderBy(r => Array.IndexOf(Roles.All, r)).ToList();
        var person = await PersonOfAsync(a.Id, ct);
        return new AccountDto(a.Id, a.UserName!, a.DisplayName, a.Email, roles, a.LockoutEnd is { } end && end > time.GetUtcNow(),
            a.ClosedAt is not null, a.ClosedReason, a.MustChangePassword, a.CreatedAt, a.LastSignInAt, person?.FullName)
        {
            TwoFactorEnabled = a.TwoFactorEnabled,
        };
    }

    /// <summary>The person card the account belongs to: a member of staff, a student or a parent.</summary>
    public async Task<Credentials.Person?> PersonOfAsync(string userId, CancellationToken ct) =>
        await db.StaffMembers.Where(s => s.UserId == userId)
            .Select(s => new Credentials.Person(CredentialHolder.Staff, s.Id, s.LastName, s.FirstName, s.MiddleName)).FirstOrDefaultAsync(ct)
        ?? await db.Students.Where(s => s.UserId == userId)
            .Select(s => new Credentials.Person(CredentialHolder.Student, s.Id, s.LastName, s.FirstName, s.MiddleName)).FirstOrDefaultAsync(ct)
        ?? await db.Parents.Where(s => s.UserId == userId)
            .Select(s => new Credentials.Person(CredentialHolder.Parent, s.Id, s.LastName, s.FirstName, s.MiddleName)).FirstOrDefaultAsync(ct);

    private static Problem? RolesProblem(IReadOnlyList<string>? roles, bool staffOnly)
    {
        if (roles is null || roles.Count == 0)
            return Problem.BadRequest("Не указаны роли", "Передайте roles — хотя бы одну роль: " + string.Join(", ", Roles.All) + ".");
        var allowed = staffOnly ? Roles.Staff.Split(',') : Roles.All;
        return roles.FirstOrDefault(r => !allowed.Contains(r)) is { } unknown
            ? Problem.BadRequest("Неизвестная роль", $"Роли «{unknown}» нет. Допустимые: {string.Join(", ", allowed)}.")
            : null;
    }

    private static Problem? EmailProblem(string? email, bool required)
    {
        var e = email?.Trim() ?? "";
        if (e.Length == 0) return required ? Problem.BadRequest("Не указан адрес", "Укажите адрес электронной почты.") : null;
        if (e.Length > 256) return Problem.TooLong("Адрес электронной почты", 256);
        var at = e.IndexOf('@');
        return at > 0 && at < e.Length - 1 && !e.Contains(' ')
            ? null
            : Problem.BadRequest("Неверный адрес электронной почты", $"«{e}» не похож на адрес: нужен вид имя@домен.");
    }

    private static PositionKind PositionOf(string role) => role switch
    {
        Roles.Director => PositionKind.Director,
        Roles.Deputy => PositionKind.Deputy,
        Roles.SysAdmin => PositionKind.SystemAdministrator,
        _ => PositionKind.Teacher,
    };
}
