using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Closing a group's period and reopening it with a written reason (R-JRN-6): the API's lock and reopen routes and
/// the grid page's buttons. Refusals come in the API's order: 404 unknown group or period, 403 not allowed, 400 no reason.
/// </summary>
public sealed class LockPeriod(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<JournalApi.LockDto>> LockAsync(int groupId, int periodId, CancellationToken ct)
    {
        if (await GroupPeriodAsync(groupId, periodId, ct) is { } missing) return missing;
        if (!await access.CanLockPeriodAsync(groupId, ct))
            return new Problem(StatusCodes.Status403Forbidden, "Нет права закрыть период",
                "Период группы закрывают её учитель, заместитель директора или директор.");
        if (await JournalWrite.IsYearClosedAsync(groupId, db, ct)) return JournalProblems.YearClosed;

        var active = await ActiveLockAsync(groupId, periodId, ct);
        if (active is not null) return Outcome<JournalApi.LockDto>.Ok(ToDto(active));
        var lockRow = new PeriodLock
        {
            SchoolId = user.SchoolId!.Value, TeachingGroupId = groupId, StudyPeriodId = periodId,
            LockedAt = time.GetUtcNow(), LockedById = user.Id,
        };
        db.PeriodLocks.Add(lockRow);
        await JournalWrite.SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.PeriodLocked, "periodLock", lockRow.Id,
            null, new { groupId, periodId, locked = true }, ct: ct));
        return Outcome<JournalApi.LockDto>.Ok(ToDto(lockRow));
    }

    public async Task<Outcome<JournalApi.LockDto>> ReopenAsync(int groupId, int periodId, string? reasonText, CancellationToken ct)
    {
        if (await GroupPeriodAsync(groupId, periodId, ct) is { } missing) return missing;
        if (!access.CanReopenPeriod)
            return new Problem(StatusCodes.Status403Forbidden, "Нет права открыть период",
                "Закрытый период открывают только заместитель директора или директор, с указанием причины.");
        if (await JournalWrite.IsYearClosedAsync(groupId, db, ct)) return JournalProblems.YearClosed;
        var reason = JournalWrite.Blank(reasonText);
        if (reason is null) return Problem.BadRequest("Не указана причина", "Напишите, почему период открывается: причина попадёт в журнал аудита.");
        if (reason.Length > JournalApi.ReasonMax) return Problem.TooLong("Причина", JournalApi.ReasonMax);

        var active = await ActiveLockAsync(groupId, periodId, ct);
        if (active is null) return Outcome<JournalApi.LockDto>.Ok(new JournalApi.LockDto(groupId, periodId, false, null, null, null));
        active.ReopenedAt = time.GetUtcNow();
        active.ReopenedById = user.Id;
        active.ReopenReason = reason;
        await JournalWrite.SaveAuditedAsync(db, audit, ct, () => audit.RecordAsync(AuditEventType.PeriodReopened, "periodLock", active.Id,
            new { groupId, periodId, locked = true }, new { groupId, periodId, locked = false }, reason, ct: ct));
        return Outcome<JournalApi.LockDto>.Ok(ToDto(active));
    }

    private Task<PeriodLock?> ActiveLockAsync(int groupId, int periodId, CancellationToken ct) =>
        db.PeriodLocks.FirstOrDefaultAsync(l => l.TeachingGroupId == groupId && l.StudyPeriodId == periodId && l.ReopenedAt == null, ct);

    private static JournalApi.LockDto ToDto(PeriodLock l) =>
        new(l.TeachingGroupId, l.StudyPeriodId, l.IsActive, l.LockedAt, l.ReopenedAt, l.ReopenReason);

    private async Task<Problem?> GroupPeriodAsync(int groupId, int periodId, CancellationToken ct)
    {
        var year = await db.TeachingGroups.Where(g => g.Id == groupId).Select(g => (int?)g.AcademicYearId).FirstOrDefaultAsync(ct);
        if (year is null) return Problem.NotFound("Группа не найдена");
        if (!await db.StudyPeriods.AnyAsync(p => p.Id == periodId && p.AcademicYearId == year, ct))
            return Problem.NotFound("Учебный период не найден", "В учебном году группы нет такого периода.");
        return null;
    }
}
