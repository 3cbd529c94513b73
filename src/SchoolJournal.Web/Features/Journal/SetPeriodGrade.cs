using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.PeriodGradesApi;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Sets a period, year or final grade: PUT /api/v1/groups/{id}/period-grades and the grid page's grade cell. The grade
/// that completes the group's period grades locks the period in the same transaction.
/// </summary>
public sealed class SetPeriodGrade(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<SetResult>> HandleAsync(int groupId, GradeInput input, CancellationToken ct)
    {
        var (target, refusal) = await TargetAsync(groupId, input.StudentId, input.Kind, input.PeriodId, access, db, time, ct);
        if (target is null) return refusal!;
        var existing = await FindAsync(db, groupId, input.StudentId, target, ct);
        if (target.Period?.Locked == true && existing?.Deferred != true) return Locked();

        var deferred = input.DeferredUntil is not null;
        var value = deferred ? (string.IsNullOrWhiteSpace(input.Value) ? NotAssessed : Normalize(target.Scale, input.Value))
            : Normalize(target.Scale, input.Value);
        if (value is null) return BadRequest("Недопустимая отметка", Error(target.Scale, input.Value));
        if (deferred && value != NotAssessed)
            return BadRequest("Отсрочка без отметки",
                "При отсрочке (deferredUntil) отметка не ставится: оставьте value пустым или «н/а», а отметку поставьте, когда ученик её получит.");
        if (!await IsMemberAsync(db, groupId, input.StudentId, target, ct))
            return BadRequest("Ученик не в группе", "Этот ученик не учился в группе в этом периоде: отметку за период ему здесь поставить нельзя.");

        var before = existing is null ? null : Snapshot(existing);
        var grade = existing ?? new PeriodGrade
        {
            SchoolId = user.SchoolId!.Value, TeachingGroupId = groupId, StudentId = input.StudentId, StudyPeriodId = target.Period?.Id,
            Kind = target.Kind, Value = value, CreatedAt = time.GetUtcNow(), CreatedById = user.Id,
        };
        (grade.Value, grade.Deferred, grade.DeferredUntil) = (value, deferred, input.DeferredUntil);
        if (before is not null && before == Snapshot(grade)) return Outcome<SetResult>.Ok(new SetResult(ToDto(grade), target.Period?.Locked == true));
        if (existing is null) db.PeriodGrades.Add(grade);
        else grade.UpdatedAt = time.GetUtcNow();
        grade.IsLate = Deadlines.IsLate(Deadlines.ForPeriodGrade(target.Period?.End ?? target.YearEnd), SchoolClock.Now(time, target.TimeZone));

        var lockRow = target.Period is { Locked: false } p && await CompletesAsync(db, groupId, input.StudentId, p, target.Today, ct)
            ? new PeriodLock { SchoolId = grade.SchoolId, TeachingGroupId = groupId, StudyPeriodId = p.Id, LockedAt = time.GetUtcNow(),
                LockedById = user.Id }
            : null;
        if (lockRow is not null) db.PeriodLocks.Add(lockRow);

        await JournalWrite.SaveAuditedAsync(db, audit, ct, async () =>
        {
            await audit.RecordAsync(AuditEventType.PeriodGradeSet, "periodGrade", grade.Id, before, Snapshot(grade), ct: ct);
            await SummarySheet.CopyAsync(db, grade, time.GetUtcNow(), ct);
            if (lockRow is not null)
                await audit.RecordAsync(AuditEventType.PeriodLocked, "periodLock", lockRow.Id, null,
                    new { groupId, periodId = lockRow.StudyPeriodId, locked = true }, "Выставлены отметки за период всем ученикам группы", ct: ct);
        });
        return Outcome<SetResult>.Ok(new SetResult(ToDto(grade), lockRow is not null || target.Period?.Locked == true));
    }
}
