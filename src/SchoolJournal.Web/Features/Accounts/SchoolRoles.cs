using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// «Роли школы» (R-ROLE-8): the school defines roles such as «педагог-психолог», «библиотекарь», «социальный педагог» from the
/// permissions the access service understands, and gives them to members of its staff. A member gets the role's permissions as
/// claims at sign-in (a cookie within the security stamp's minute, a token at its next sign-in); rules that hang on a person's links
/// (his groups, his class) still need the link. Each change audited (1030–1034).
/// </summary>
public sealed class SchoolRoles(JournalDbContext db, AccessService access, CurrentUser me, AuditLog audit, TimeProvider time)
{
    public const string Entity = "school-role";
    public const int NameMax = 100;
    public const int DescriptionMax = 500;

    public sealed record PermissionDto(string Code, string Title);

    public sealed record MemberDto(string UserId, string Login, string Name);

    public sealed record RoleDto(int Id, string Name, string? Description, IReadOnlyList<PermissionDto> Permissions,
        IReadOnlyList<MemberDto> Members);

    public sealed record RoleInput(string? Name, string? Description, string[]? Permissions);

    public sealed record MemberInput(string? UserId);

    public static readonly Problem CannotConfigure = new(StatusCodes.Status403Forbidden, "Нет права настраивать роли",
        "Роли школы настраивают системный администратор и директор.");

    private static readonly Problem NotFound = Problem.NotFound("Роль не найдена");

    public static IReadOnlyList<PermissionDto> Describe(Permission flags) =>
        [.. PermissionTitles.All.Where(p => (flags & p) == p).Select(p => new PermissionDto(RolePermissions.Code(p), PermissionTitles.Of(p)))];

    public async Task<Outcome<IReadOnlyList<RoleDto>>> ListAsync(CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var roles = await db.SchoolRoles.AsNoTracking().Include(r => r.Members).OrderBy(r => r.Name).ToListAsync(ct);
        var names = await NamesAsync(roles.SelectMany(r => r.Members).Select(m => m.UserId), ct);
        return Outcome<IReadOnlyList<RoleDto>>.Ok([.. roles.Select(r => Dto(r, names))]);
    }

    public async Task<Outcome<RoleDto>> GetAsync(int id, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var role = await db.SchoolRoles.AsNoTracking().Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return NotFound;
        return Outcome<RoleDto>.Ok(Dto(role, await NamesAsync(role.Members.Select(m => m.UserId), ct)));
    }

    public async Task<Outcome<RoleDto>> CreateAsync(RoleInput input, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        if (await CheckAsync(input, null, ct) is { Problem: { } problem }) return problem;
        var (name, description, flags) = Read(input);
        var role = new SchoolRole
        {
            SchoolId = me.SchoolId!.Value, Name = name, Description = description, Permissions = (long)flags, CreatedAt = time.GetUtcNow(),
        };
        db.SchoolRoles.Add(role);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolRoleCreated, Entity, role.Id, null,
            new { name, permissions = Codes(flags) }, ct: ct), ct);
        return Outcome<RoleDto>.Ok(Dto(role, new Dictionary<string, (string, string)>()));
    }

    public async Task<Outcome<RoleDto>> UpdateAsync(int id, RoleInput input, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var role = await db.SchoolRoles.Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return NotFound;
        if (await CheckAsync(input, role, ct) is { Problem: { } problem }) return problem;
        var (name, description, flags) = Read(input);
        var before = new { name = role.Name, description = role.Description, permissions = Codes((Permission)role.Permissions) };
        var after = new { name, description, permissions = Codes(flags) };
        (role.Name, role.Description, role.Permissions) = (name, description, (long)flags);
        if (before.name != after.name || before.description != after.description || !before.permissions.SequenceEqual(after.permissions))
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolRoleChanged, Entity, role.Id, before, after, ct: ct), ct);
        return Outcome<RoleDto>.Ok(Dto(role, await NamesAsync(role.Members.Select(m => m.UserId), ct)));
    }

    /// <summary>Deleting a role takes its permissions from its members at their next claims refresh; the audit keeps who held it.</summary>
    public async Task<Outcome<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var role = await db.SchoolRoles.Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return NotFound;
        if (!access.Grants((Permission)role.Permissions))
            return Refused("удалить роль, у которой есть права, которых нет у вас");
        var before = new { name = role.Name, permissions = Codes((Permission)role.Permissions), members = role.Members.Select(m => m.UserId) };
        db.SchoolRoles.Remove(role);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolRoleDeleted, Entity, id, before, null, ct: ct), ct);
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<RoleDto>> AddMemberAsync(int id, MemberInput input, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var role = await db.SchoolRoles.Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return NotFound;
        if (!access.Grants((Permission)role.Permissions)) return Refused("давать роль, у которой есть права, которых нет у вас");
        if (string.IsNullOrWhiteSpace(input.UserId)) return Problem.BadRequest("Не выбран сотрудник", "Укажите учётную запись (userId).");
        var staff = await StaffAccountsAsync(ct);
        if (!staff.TryGetValue(input.UserId.Trim(), out var person))
            return Problem.BadRequest("Роль дают только сотрудникам",
                "Выберите учётную запись сотрудника этой школы: ученикам, родителям и закрытым учётным записям роли школы не даются.");
        if (role.Members.Any(m => m.UserId == person.UserId))
            return new Problem(StatusCodes.Status409Conflict, "Уже в роли", $"{person.Name} уже в роли «{role.Name}».");
        role.Members.Add(new SchoolRoleMember { SchoolRoleId = role.Id, UserId = person.UserId, AddedAt = time.GetUtcNow() });
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolRoleMemberAdded, Entity, role.Id, null,
            new { role = role.Name, userId = person.UserId }, ct: ct), ct);
        return Outcome<RoleDto>.Ok(Dto(role, await NamesAsync(role.Members.Select(m => m.UserId), ct)));
    }

    public async Task<Outcome<RoleDto>> RemoveMemberAsync(int id, string userId, CancellationToken ct)
    {
        if (!access.ConfiguresRoles) return CannotConfigure;
        var role = await db.SchoolRoles.Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return NotFound;
        var member = role.Members.FirstOrDefault(m => m.UserId == userId);
        if (member is null) return Problem.NotFound("Сотрудника нет в этой роли");
        role.Members.Remove(member);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SchoolRoleMemberRemoved, Entity, role.Id,
            new { role = role.Name, userId }, null, ct: ct), ct);
        return Outcome<RoleDto>.Ok(Dto(role, await NamesAsync(role.Members.Select(m => m.UserId), ct)));
    }

    public sealed record StaffAccount(string UserId, string Login, string Name);

    /// <summary>The accounts a role may go to: members of the school's staff with an open login.</summary>
    public async Task<IReadOnlyDictionary<string, StaffAccount>> StaffAccountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.StaffMembers.AsNoTracking().Where(s => s.UserId != null && s.DismissedOn == null)
            .Join(db.Users.Where(u => u.SchoolId == me.SchoolId && u.ClosedAt == null), s => s.UserId, u => u.Id,
                (s, u) => new { u.Id, u.UserName, s.LastName, s.FirstName, s.MiddleName })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Id).Select(g => g.First())
            .ToDictionary(r => r.Id, r => new StaffAccount(r.Id, r.UserName ?? "", PersonName.Full(r.LastName, r.FirstName, r.MiddleName)));
    }

    private async Task<Dictionary<string, (string Login, string Name)>> NamesAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.UserName ?? "", u.DisplayName), ct);
    }

    private static RoleDto Dto(SchoolRole r, IReadOnlyDictionary<string, (string Login, string Name)> names) =>
        new(r.Id, r.Name, r.Description, Describe((Permission)r.Permissions),
            [.. r.Members.Select(m => names.TryGetValue(m.UserId, out var n)
                    ? new MemberDto(m.UserId, n.Login, n.Name) : new MemberDto(m.UserId, "", ""))
                .OrderBy(m => m.Name, StringComparer.Ordinal)]);

    private static string[] Codes(Permission flags) => [.. PermissionTitles.All.Where(p => (flags & p) == p).Select(RolePermissions.Code)];

    private static (string Name, string? Description, Permission Flags) Read(RoleInput input) =>
        (input.Name!.Trim(), string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            input.Permissions!.Aggregate(Permission.None, (f, c) => f | RolePermissions.Parse(c)!.Value));

    private static Problem Refused(string what) => new(StatusCodes.Status403Forbidden, "Нельзя дать права, которых нет у вас",
        $"Нельзя {what}: роль школы получает только те права, которые есть у того, кто её настраивает.");

    private async Task<Outcome<bool>> CheckAsync(RoleInput input, SchoolRole? existing, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
            return Problem.BadRequest("Не указано название роли", "Назовите роль, например «Педагог-психолог».");
        if (input.Name.Trim().Length > NameMax) return Problem.TooLong("Название роли", NameMax);
        if (input.Description?.Trim().Length > DescriptionMax) return Problem.TooLong("Описание роли", DescriptionMax);
        if (input.Permissions is null or { Length: 0 })
            return Problem.BadRequest("Не выбраны права", "Отметьте хотя бы одно право роли (permissions).");
        var unknown = input.Permissions.Where(c => RolePermissions.Parse(c) is null).ToList();
        if (unknown.Count > 0)
            return Problem.BadRequest("Неизвестные права", $"Таких прав нет: {string.Join(", ", unknown)}. Права: "
                + string.Join(", ", PermissionTitles.All.Select(RolePermissions.Code)) + ".");
        var name = input.Name.Trim();
        if (Roles.All.Any(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Roles.Title(r), name, StringComparison.OrdinalIgnoreCase)))
            return Problem.BadRequest("Название занято", $"«{name}» — встроенная роль: назовите роль школы иначе.");
        var flags = Read(input).Flags;
        if (!access.Grants(flags) || (existing is not null && !access.Grants((Permission)existing.Permissions)))
            return Refused("дать роли права, которых нет у вас");
        var existingId = existing?.Id ?? 0;
        if (await db.SchoolRoles.AnyAsync(r => r.Name == name && r.Id != existingId, ct))
            return new Problem(StatusCodes.Status409Conflict, "Такая роль уже есть", $"В школе уже есть роль «{name}».");
        return Outcome<bool>.Ok(true);
    }
}
