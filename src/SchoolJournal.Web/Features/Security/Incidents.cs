using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Security;

/// <summary>
/// A compromised account (R-SEC-5). Reporting locks the account and moves its security stamp, which ends every cookie and
/// token on every node at once (<see cref="BearerStampMiddleware"/>); the incident is the audit event
/// <see cref="AuditEventType.AccountCompromised"/>, and its operations are the account's audit events since the reported
/// time. A rollback undoes them newest first, each undo audited with a <see cref="AuditEventType.CompromiseRolledBack"/>
/// event naming the operation; an operation someone else changed since, or of a kind not undone automatically, is a
/// conflict left to a person. The journal's own change tracking tells the diaries (the outbox) of every undone mark.
/// </summary>
public sealed class Incidents(JournalDbContext db, UserManager<AppUser> users, AccessService access, AuditLog audit, TimeProvider time,
    PasswordPolicy policy)
{
    public sealed record CompromiseInput(DateTimeOffset? Since, string? Reason);
    public sealed record Reported(long IncidentId, int Operations);
    public sealed record Operation(long AuditEventId, DateTimeOffset At, string Action, string Title, string Entity, string EntityId,
        bool RolledBack);
    public sealed record Conflict(long AuditEventId, string Entity, string EntityId, string Reason);
    public sealed record RollbackResult(int RolledBack, IReadOnlyList<Conflict> Conflicts);
    public sealed record Restored(string Login, string Password);
    public sealed record IncidentRow(long Id, string UserId, string Account, DateTimeOffset Since, DateTimeOffset ReportedAt, string ReportedBy,
        string? Reason, int Operations, int RolledBack, bool Restored);

    private sealed record IncidentFacts(DateTimeOffset Since, string? Reason);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string RollbackReason = "Откат: учётная запись скомпрометирована";

    public sealed record Reportable(string UserId, string Name);

    /// <summary>
    /// Whose compromise the signed-in person may report from the page: his own account, and for a class teacher the
    /// accounts of his classes' students and their parents; the administration, the account <paramref name="asked"/>.
    /// </summary>
    public async Task<IReadOnlyList<Reportable>> ReportableAsync(CurrentUser me, string? asked, CancellationToken ct)
    {
        var list = new List<Reportable> { new(me.Id!, "Моя учётная запись") };
        // The administration reports any account of the school: the accounts list links here with ?userId=.
        if (asked is not null && asked != me.Id && access.HandlesIncidents
            && await db.Users.Where(u => u.Id == asked && u.SchoolId == me.SchoolId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { } name)
            list.Add(new(asked, name));
        var links = await access.LinksAsync(ct);
        if (!me.IsInRole(Roles.ClassTeacher) || links.StaffMemberId is not int staffId) return list;
        var today = access.Today();
        var students = db.Students.Where(s => db.Enrolments.Any(e => e.StudentId == s.Id && e.From <= today && (e.To == null || e.To >= today)
            && db.ClassTeachers.Any(c => c.SchoolClassId == e.SchoolClassId && c.StaffMemberId == staffId && c.From <= today
                && (c.To == null || c.To >= today))));
        var pupils = await students.Where(s => s.UserId != null).OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
            .Select(s => new { s.UserId, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct);
        var parents = await db.Parents
            .Where(p => p.UserId != null && db.StudentParents.Any(sp => sp.ParentId == p.Id && students.Any(s => s.Id == sp.StudentId)))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Select(p => new { p.UserId, p.LastName, p.FirstName, p.MiddleName }).ToListAsync(ct);
        list.AddRange(pupils.Select(s => new Reportable(s.UserId!, "Ученик: " + PersonName.Full(s.LastName, s.FirstName, s.MiddleName))));
        list.AddRange(parents.Select(p => new Reportable(p.UserId!, "Родитель: " + PersonName.Full(p.LastName, p.FirstName, p.MiddleName))));
        return list;
    }

    public async Task<Outcome<Reported>> ReportAsync(string userId, CompromiseInput input, CancellationToken ct)
    {
        var account = await users.FindByIdAsync(userId);
        if (account?.SchoolId is not int school) return Problem.NotFound("Учётная запись не найдена");
        if (!await access.CanReportCompromiseAsync(userId, ct))
            return new Problem(StatusCodes.Status403Forbidden, "Нет права сообщить о компрометации",
                "О компрометации сообщает сам владелец учётной записи, классный руководитель (о своих учениках и их родителях) или администрация.");
        var now = time.GetUtcNow();
        if (input.Since is not DateTimeOffset since)
            return Problem.BadRequest("Не указано время", "Укажите since — когда, по вашим сведениям, учётной записью завладел посторонний.");
        if (since > now) return Problem.BadRequest("Время в будущем", "Время компрометации не может быть позже текущего момента.");
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
        if (reason is { Length: > 500 }) return Problem.TooLong("Причина", 500);

        await users.SetLockoutEnabledAsync(account, true);
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(account);
        var count = (await OperationsOf(userId, since, long.MaxValue, ct)).Count;
        var incident = await audit.RecordAsync(AuditEventType.AccountCompromised, "account", userId, null,
            new { since, reason, operations = count }, reason, school, ct);
        await audit.SaveAsync(ct);
        return Outcome<Reported>.Ok(new Reported(incident.Id, count));
    }

    /// <summary>
    /// The account's changes from <paramref name="since"/> up to event <paramref name="before"/>, oldest first. SQLite cannot
    /// compare date-time offsets, so the times of the account's events are read (two columns) and compared here.
    /// </summary>
    private async Task<List<AuditEvent>> OperationsOf(string userId, DateTimeOffset since, long before, CancellationToken ct)
    {
        var mine = db.AuditEvents.AsNoTracking().Where(e => e.ActorUserId == userId && e.Id < before && e.Type != AuditEventType.AccountCompromised
            && e.Type != AuditEventType.AccountLocked && e.Type != AuditEventType.AccessRefused);
        var ids = (await mine.Select(e => new { e.Id, e.At }).ToListAsync(ct)).Where(e => e.At >= since).Select(e => e.Id).ToList();
        return await mine.Where(e => ids.Contains(e.Id)).OrderBy(e => e.Id).ToListAsync(ct);
    }

    private async Task<(AuditEvent Incident, IncidentFacts Facts)?> FindAsync(long id, CancellationToken ct)
    {
        var incident = await db.AuditEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.Type == AuditEventType.AccountCompromised, ct);
        return incident is null ? null : (incident, JsonSerializer.Deserialize<IncidentFacts>(incident.After!, Json)!);
    }

    private static Problem NotFound => Problem.NotFound("Инцидент не найден");

    private static Problem Refused => new(StatusCodes.Status403Forbidden, "Нет доступа к инцидентам",
        "Инциденты скомпрометированных учётных записей разбирают директор и системный администратор.");

    public async Task<Outcome<IReadOnlyList<Operation>>> OperationsAsync(long id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Refused;
        if (await FindAsync(id, ct) is not { } found) return NotFound;
        var (incident, facts) = found;
        var operations = await OperationsOf(incident.EntityId, facts.Since, incident.Id, ct);
        var ids = operations.Select(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var undone = (await db.AuditEvents
            .Where(e => e.Type == AuditEventType.CompromiseRolledBack && e.Entity == "audit" && ids.Contains(e.EntityId))
            .Select(e => e.EntityId).ToListAsync(ct)).ToHashSet();
        return Outcome<IReadOnlyList<Operation>>.Ok([.. operations.Select((o, i) => new Operation(o.Id, o.At, Audit.AuditApi.ActionOf(o.Type),
            Audit.AuditApi.TitleOf(o.Type), o.Entity, o.EntityId, undone.Contains(ids[i])))]);
    }

    public async Task<Outcome<IReadOnlyList<IncidentRow>>> ListAsync(CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Refused;
        var incidents = await db.AuditEvents.AsNoTracking().Where(e => e.Type == AuditEventType.AccountCompromised)
            .OrderByDescending(e => e.Id).ToListAsync(ct);
        var rows = new List<IncidentRow>();
        foreach (var incident in incidents)
        {
            var operations = (await OperationsAsync(incident.Id, ct)).Value!;
            var facts = JsonSerializer.Deserialize<IncidentFacts>(incident.After!, Json)!;
            var account = await db.Users.Where(u => u.Id == incident.EntityId).Select(u => u.DisplayName + " (" + u.UserName + ")")
                .FirstOrDefaultAsync(ct);
            var restored = await db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.AccountRestored && e.EntityId == incident.EntityId
                && e.Id > incident.Id, ct);
            rows.Add(new IncidentRow(incident.Id, incident.EntityId, account ?? incident.EntityId, facts.Since, incident.At, incident.ActorName,
                facts.Reason, operations.Count, operations.Count(o => o.RolledBack), restored));
        }
        return Outcome<IReadOnlyList<IncidentRow>>.Ok(rows);
    }

    public async Task<Outcome<RollbackResult>> RollbackAsync(long id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Refused;
        if (await FindAsync(id, ct) is not { } found) return NotFound;
        var incident = found.Incident;
        var pending = (await OperationsAsync(id, ct)).Value!.Where(o => !o.RolledBack).Select(o => o.AuditEventId).ToHashSet();
        var operations = await db.AuditEvents.AsNoTracking().Where(e => pending.Contains(e.Id)).OrderByDescending(e => e.Id).ToListAsync(ct);
        var conflicts = new List<Conflict>();
        var done = 0;
        foreach (var operation in operations)
        {
            var refusal = await UndoAsync(operation, incident, ct);
            if (refusal is not null)
            {
                conflicts.Add(new Conflict(operation.Id, operation.Entity, operation.EntityId, refusal));
                continue;
            }
            done++;
        }
        return Outcome<RollbackResult>.Ok(new RollbackResult(done, conflicts));
    }

    /// <summary>Undoes one operation in its own audited unit of work; the reason it cannot be, or null.</summary>
    private async Task<string?> UndoAsync(AuditEvent operation, AuditEvent incident, CancellationToken ct)
    {
        if (operation.Entity == "attendance") return await UndoAttendanceAsync(operation, incident, ct);
        if (operation.Entity != "mark" || !int.TryParse(operation.EntityId, out var markId))
            return "Действие этого вида не отменяется автоматически: проверьте и исправьте вручную.";
        var later = await db.AuditEvents.AnyAsync(e => e.Entity == "mark" && e.EntityId == operation.EntityId && e.Id > operation.Id
            && (e.ActorUserId != incident.EntityId || e.Id > incident.Id) && e.Reason != RollbackReason, ct);
        var mark = await db.Marks.Include(m => m.WorkType).FirstOrDefaultAsync(m => m.Id == markId, ct);
        var current = mark is null ? null : JournalWrite.Snapshot(mark, mark.WorkType!);
        var after = operation.After is null ? null : JsonSerializer.Deserialize<JournalWrite.MarkSnapshot>(operation.After, Json);
        var before = operation.Before is null ? null : JsonSerializer.Deserialize<JournalWrite.MarkSnapshot>(operation.Before, Json);
        if (later || current != after)
            return "Отметку после этого изменил другой пользователь: решите вручную, какое значение верно.";

        Func<Task> record;
        if (before is null)
        {
            db.Marks.Remove(mark!);
            record = () => audit.RecordAsync(AuditEventType.MarkDeleted, "mark", markId, current, null, RollbackReason, ct: ct);
        }
        else
        {
            var workType = await JournalWrite.WorkTypeAsync(before.WorkType, db, ct);
            if (workType is null) return $"Вида работы «{before.WorkType}» больше нет: восстановите отметку вручную.";
            if (mark is null)
            {
                mark = new Mark
                {
                    SchoolId = operation.SchoolId, LessonId = before.LessonId, StudentId = before.StudentId, Value = before.Value,
                    WorkTypeId = workType.Id, Comment = before.Comment, CreatedAt = time.GetUtcNow(),
                };
                db.Marks.Add(mark);
                record = () => audit.RecordAsync(AuditEventType.MarkCreated, "mark", mark.Id, null, before, RollbackReason, ct: ct);
            }
            else
            {
                (mark.Value, mark.WorkTypeId, mark.WorkType, mark.Comment) = (before.Value, workType.Id, workType, before.Comment);
                mark.UpdatedAt = time.GetUtcNow();
                record = () => audit.RecordAsync(AuditEventType.MarkChanged, "mark", markId, current, before, RollbackReason, ct: ct);
            }
        }
        await audit.SaveAuditedAsync(db, async () =>
        {
            await record();
            await audit.RecordAsync(AuditEventType.CompromiseRolledBack, "audit", operation.Id, null,
                new { entity = operation.Entity, entityId = mark!.Id }, RollbackReason, ct: ct);
        }, ct);
        return null;
    }

    /// <summary>
    /// Undoes an attendance mark: the student's code in the lesson goes back to what it was before the operation (none, or the
    /// earlier code), in its own audited unit of work. A row is named by its lesson and student, since clearing and setting again
    /// makes a new one; it is a conflict when the row is no longer what the operation left.
    /// </summary>
    private async Task<string?> UndoAttendanceAsync(AuditEvent operation, AuditEvent incident, CancellationToken ct)
    {
        var after = operation.After is null ? null : JsonSerializer.Deserialize<Journal.JournalApi.AttendanceDto>(operation.After, Json);
        var before = operation.Before is null ? null : JsonSerializer.Deserialize<Journal.JournalApi.AttendanceDto>(operation.Before, Json);
        if ((after ?? before) is not { } named) return "Запись о посещаемости не читается: проверьте и исправьте вручную.";
        var later = await db.AuditEvents.AnyAsync(e => e.Entity == "attendance" && e.EntityId == operation.EntityId && e.Id > operation.Id
            && (e.ActorUserId != incident.EntityId || e.Id > incident.Id) && e.Reason != RollbackReason, ct);
        var row = await db.Attendance.FirstOrDefaultAsync(a => a.LessonId == named.LessonId && a.StudentId == named.StudentId, ct);
        var current = row is null ? null : new Journal.JournalApi.AttendanceDto(row.LessonId, row.StudentId, row.Code.ToRussian(), row.LateMinutes);
        if (later || current != after)
            return "Посещаемость после этого изменил другой пользователь: решите вручную, какая отметка верна.";

        Func<Task> record;
        if (before is null)
        {
            db.Attendance.Remove(row!);
            record = () => audit.RecordAsync(AuditEventType.AttendanceCleared, "attendance", row!.Id, current, null, RollbackReason, ct: ct);
        }
        else
        {
            if (AttendanceCodes.Parse(before.Code) is not { } code) return "Прежняя отметка о посещаемости не читается: исправьте вручную.";
            if (row is null)
            {
                row = new Attendance { SchoolId = operation.SchoolId, LessonId = before.LessonId, StudentId = before.StudentId };
                db.Attendance.Add(row);
            }
            (row.Code, row.LateMinutes, row.UpdatedAt) = (code, before.LateMinutes, time.GetUtcNow());
            record = () => audit.RecordAsync(AuditEventType.AttendanceSet, "attendance", row.Id, current, before, RollbackReason, ct: ct);
        }
        await audit.SaveAuditedAsync(db, async () =>
        {
            await record();
            await audit.RecordAsync(AuditEventType.CompromiseRolledBack, "audit", operation.Id, null,
                new { entity = operation.Entity, entityId = row!.Id }, RollbackReason, ct: ct);
        }, ct);
        return null;
    }

    /// <summary>Unlocks the account with a new one-time password, to be changed at first sign-in; the old one is void.</summary>
    public async Task<Outcome<Restored>> RestoreAsync(long id, CancellationToken ct)
    {
        if (!access.HandlesIncidents) return Refused;
        if (await FindAsync(id, ct) is not { } found) return NotFound;
        var incident = found.Incident;
        var account = await users.FindByIdAsync(incident.EntityId);
        if (account is null) return NotFound;
        var password = Accounts.InitialPassword.New(await policy.MinLengthAsync(account.SchoolId));
        await users.RemovePasswordAsync(account);
        var added = await users.AddPasswordAsync(account, password);
        if (!added.Succeeded) return Problem.BadRequest("Пароль не задан", string.Join(" ", added.Errors.Select(e => e.Description)));
        account.MustChangePassword = true;
        await users.UpdateAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        await audit.RecordAsync(AuditEventType.AccountRestored, "account", account.Id, null, new { incident = incident.Id }, ct: ct);
        await audit.SaveAsync(ct);
        return Outcome<Restored>.Ok(new Restored(account.UserName!, password));
    }
}
