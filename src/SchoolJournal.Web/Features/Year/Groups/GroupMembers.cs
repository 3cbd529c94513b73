using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Groups;

public sealed record MemberInput(int StudentId, DateOnly? From);

public sealed record EndInput(DateOnly? Date);

/// <summary>
/// The members of a group with dates (R-YEAR-6): a student joins from a day, leaves at a day, moves to another
/// sub-group at a day. The journal shows him only over his stay. POST /api/v1/groups/{id}/members, …/end and the page.
/// </summary>
public sealed class GroupMembers(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit)
{
    public const string Entity = "groupMembership";

    public async Task<Outcome<MemberDto>> AddAsync(int groupId, MemberInput input, CancellationToken ct)
    {
        var (group, refused) = await WritableGroupAsync(groupId, ct);
        if (refused is not null) return refused;
        if (input.From is not DateOnly from)
            return Problem.BadRequest("Не указана дата", "Укажите, с какого дня ученик в группе (from, в виде 2026-11-23).");
        var (row, problem) = await StartAsync(group!, input.StudentId, from, ct);
        if (problem is not null) return problem;
        await audit.SaveAuditedAsync(db, () => RecordAsync(row!, null, ct), ct);
        return Outcome<MemberDto>.Ok(await DtoAsync(row!, ct));
    }

    public async Task<Outcome<MemberDto>> EndAsync(int groupId, int studentId, EndInput input, CancellationToken ct)
    {
        var (_, refused) = await WritableGroupAsync(groupId, ct);
        if (refused is not null) return refused;
        if (input.Date is not DateOnly date)
            return Problem.BadRequest("Не указана дата", "Укажите последний день ученика в группе (date, в виде 2026-11-23).");
        var (row, before, problem) = await FinishAsync(groupId, studentId, date, ct);
        if (problem is not null) return problem;
        await audit.SaveAuditedAsync(db, () => RecordAsync(row!, before, ct), ct);
        return Outcome<MemberDto>.Ok(await DtoAsync(row!, ct));
    }

    /// <summary>From one sub-group to another at a day: his last day in the old one is the day before.</summary>
    public async Task<Outcome<MemberDto>> MoveAsync(int fromGroupId, int toGroupId, int studentId, DateOnly? on, CancellationToken ct)
    {
        var (_, refused) = await WritableGroupAsync(fromGroupId, ct);
        if (refused is not null) return refused;
        var (target, refusedTarget) = await WritableGroupAsync(toGroupId, ct);
        if (refusedTarget is not null) return refusedTarget;
        if (fromGroupId == toGroupId) return Problem.BadRequest("Та же группа", "Выберите другую группу, в которую переходит ученик.");
        if (on is not DateOnly date) return Problem.BadRequest("Не указана дата", "Укажите день, с которого ученик в новой группе.");
        var (old, before, problem) = await FinishAsync(fromGroupId, studentId, date.AddDays(-1), ct);
        if (problem is not null) return problem;
        var (row, startProblem) = await StartAsync(target!, studentId, date, ct);
        if (startProblem is not null) return startProblem;
        await audit.SaveAuditedAsync(db, async () =>
        {
            await RecordAsync(old!, before, ct);
            await RecordAsync(row!, null, ct);
        }, ct);
        return Outcome<MemberDto>.Ok(await DtoAsync(row!, ct));
    }

    private async Task<(TeachingGroup?, Problem?)> WritableGroupAsync(int groupId, CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return (null, GroupAccess.Refused);
        var group = await db.TeachingGroups.AsNoTracking().Include(g => g.Classes).FirstOrDefaultAsync(g => g.Id == groupId, ct);
        if (group is null) return (null, Problem.NotFound("Группа не найдена"));
        if (!await GroupAccess.CanWriteAsync(access, group.Kind, [.. group.Classes.Select(c => c.SchoolClassId)], ct))
            return (null, GroupAccess.Refused);
        return (group, null);
    }

    /// <summary>
    /// A new stay from <paramref name="from"/>, added to the unit of work: only a student of one of the group's classes
    /// on that day, never twice at once in one group; an individual plan holds one student at a time.
    /// </summary>
    internal async Task<(GroupMembership?, Problem?)> StartAsync(TeachingGroup group, int studentId, DateOnly from, CancellationToken ct)
    {
        var classIds = group.Classes.Select(c => c.SchoolClassId).ToList();
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct))
            return (null, Problem.BadRequest("Ученик не найден", "В школе нет ученика с таким номером."));
        if (!await db.Enrolments.AnyAsync(e => e.StudentId == studentId
            && classIds.Contains(e.SchoolClassId) && e.From <= from && (e.To == null || e.To >= from), ct))
            return (null, Problem.BadRequest("Ученик не из классов группы",
                $"{from:dd.MM.yyyy} ученик не учится ни в одном из классов группы: в группу входят только ученики её классов."));
        var stays = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == group.Id && (m.StudentId == studentId || group.Kind == GroupKind.Individual))
            .Select(m => new { m.StudentId, m.From, m.To }).ToListAsync(ct);
        var clash = stays.FirstOrDefault(s => GroupRules.Overlaps(s.From, s.To, from, null));
        if (clash is not null)
            return (null,
                new Problem(StatusCodes.Status409Conflict,
                    clash.StudentId == studentId ? "Ученик уже в группе" : "В индивидуальном плане уже есть ученик",
                clash.StudentId == studentId
                    ? $"Ученик состоит в группе с {clash.From:dd.MM.yyyy}{(clash.To is DateOnly t ? $" по {t:dd.MM.yyyy}" : "")}: сроки участия не " +
                        "должны пересекаться."
                    : "Индивидуальный учебный план — группа одного ученика: сначала завершите участие прежнего ученика."));
        var row = new GroupMembership { SchoolId = user.SchoolId!.Value, TeachingGroupId = group.Id, StudentId = studentId, From = from };
        db.GroupMemberships.Add(row);
        return (row, null);
    }

    /// <summary>Ends the stay that holds <paramref name="last"/>, in the unit of work; its last day is <paramref name="last"/>.</summary>
    internal async Task<(GroupMembership?, MemberDto?, Problem?)> FinishAsync(int groupId, int studentId, DateOnly last, CancellationToken ct)
    {
        var row = await db.GroupMemberships.Where(m => m.TeachingGroupId == groupId && m.StudentId == studentId && (m.To == null || m.To >= last))
            .OrderBy(m => m.From).FirstOrDefaultAsync(ct);
        if (row is null || row.From > last)
            return (null, null, Problem.BadRequest("Ученик не в группе на эту дату",
                $"{last:dd.MM.yyyy} ученик не состоит в группе: завершить можно только участие, которое идёт в этот день."));
        var before = new MemberDto(row.Id, row.StudentId, "", row.From, row.To);
        row.To = last;
        return (row, before, null);
    }

    private Task<AuditEvent> RecordAsync(GroupMembership row, MemberDto? before, CancellationToken ct) =>
        audit.RecordAsync(AuditEventType.RosterChanged, Entity, row.Id,
            before is null ? null : new { groupId = row.TeachingGroupId, before.StudentId, before.From, before.To },
            new { groupId = row.TeachingGroupId, row.StudentId, row.From, row.To }, ct: ct);

    private async Task<MemberDto> DtoAsync(GroupMembership row, CancellationToken ct)
    {
        var s = await db.Students.AsNoTracking()
            .Where(s => s.Id == row.StudentId).Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstAsync(ct);
        return new MemberDto(row.Id, row.StudentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), row.From, row.To);
    }
}
