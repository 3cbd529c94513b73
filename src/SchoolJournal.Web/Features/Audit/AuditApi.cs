using System.Text.Json;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Audit;

/// <summary>The history of one record from the audit log (R-SEC-6, API.md «Audit»).</summary>
public static class AuditApi
{
    public sealed record AuditEntryDto(DateTimeOffset At, string Actor, string Action, string Title, JsonElement? Before, JsonElement? After,
        string? Reason);

    /// <summary>The records whose history the route shows; the journal ones are read by whoever may read their journal.</summary>
    public static readonly string[] Entities = ["mark", "attendance", "lesson", "homework", "periodGrade", "periodLock", "account"];

    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<AuditHistory>();

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder v1)
    {
        v1.MapGroup("").WithTags("Журнал аудита")
            .MapGet("/audit", HistoryAsync)
            .WithSummary("История одной записи: кто, когда и что изменил (сотрудникам, которым доступен журнал записи).")
            .ProducesProblems(400, 403, 404);
        return v1;
    }

    private static async Task<IResult> HistoryAsync(string? entity, string? id, AuditHistory history, CancellationToken ct) =>
        (await history.ReadAsync(entity, id, ct)).ToResult();

    /// <summary>
    /// The events of one record, oldest first, for whoever may read its journal: 400 no or unknown entity, 404 neither
    /// the record nor its history, 403 not allowed. GET /api/v1/audit and the page /Journal/History read it here.
    /// </summary>
    public sealed class AuditHistory(JournalDbContext db, AccessService access, CurrentUser user)
    {
        public async Task<Outcome<IReadOnlyList<AuditEntryDto>>> ReadAsync(string? entity, string? id, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(entity) || string.IsNullOrWhiteSpace(id))
                return Problem.BadRequest("Не указана запись", "Передайте параметры entity (например, mark) и id.");
            var kind = Entities.FirstOrDefault(e => string.Equals(e, entity, StringComparison.OrdinalIgnoreCase));
            if (kind is null)
                return Problem.BadRequest("Неизвестный вид записи", $"entity может быть одним из: {string.Join(", ", Entities)}.");
            id = id.Trim();

            var events = await db.AuditEvents.AsNoTracking().Where(e => e.Entity == kind && e.EntityId == id)
                .OrderBy(e => e.Sequence).ToListAsync(ct);
            // SQLite cannot order by a DateTimeOffset; a record's history is a handful of rows.
            events = [.. events.OrderBy(e => e.At).ThenBy(e => e.Sequence)];
            var (exists, groupId) = await JournalOfAsync(db, kind, id, user.SchoolId, events, ct);
            if (!exists && events.Count == 0)
                return Problem.NotFound("Запись не найдена", "Ни самой записи, ни её истории нет в журнале аудита школы.");
            if (!await MayReadAsync(kind, groupId, access, ct))
                return new Problem(StatusCodes.Status403Forbidden, "Нет доступа к истории записи",
                    kind == "account"
                        ? "Историю учётной записи видят директор, его заместители и системный администратор."
                        : "Историю записи журнала видят администрация школы и сотрудники, которым доступен этот журнал.");

            return Outcome<IReadOnlyList<AuditEntryDto>>.Ok(
                [.. events.Select(e =>
                    new AuditEntryDto(e.At, e.ActorName, ActionOf(e.Type), TitleOf(e.Type), Json(e.Before), Json(e.After), e.Reason))]);
        }
    }

    private static async Task<bool> MayReadAsync(string kind, int? groupId, AccessService access, CancellationToken ct) =>
        kind == "account" ? access.ReadsAccountHistory : await access.CanReadJournalHistoryAsync(groupId, ct);

    /// <summary>
    /// Whether the record still exists, and the group whose journal it belongs to: from the record itself, or,
    /// once it is deleted, from the lesson or group its recorded values name.
    /// </summary>
    private static async Task<(bool Exists, int? GroupId)> JournalOfAsync(JournalDbContext db, string kind, string id, int? school,
        List<AuditEvent> events, CancellationToken ct)
    {
        if (kind == "account")
            return (await db.Users.AnyAsync(u => u.Id == id && u.SchoolId == school, ct), null);
        if (!int.TryParse(id, out var key)) return (false, null);
        var live = kind switch
        {
            "mark" => await db.Marks.Where(x => x.Id == key).Select(x => (int?)x.Lesson!.TeachingGroupId).FirstOrDefaultAsync(ct),
            "attendance" => await db.Attendance.Where(x => x.Id == key)
                .Select(x => (int?)db.Lessons.Where(l => l.Id == x.LessonId).Select(l => l.TeachingGroupId).First()).FirstOrDefaultAsync(ct),
            "lesson" => await db.Lessons.Where(x => x.Id == key).Select(x => (int?)x.TeachingGroupId).FirstOrDefaultAsync(ct),
            "homework" => await db.Homework.Where(x => x.Id == key)
                .Select(x => (int?)db.Lessons.Where(l => l.Id == x.LessonId).Select(l => l.TeachingGroupId).First()).FirstOrDefaultAsync(ct),
            "periodGrade" => await db.PeriodGrades.Where(x => x.Id == key).Select(x => (int?)x.TeachingGroupId).FirstOrDefaultAsync(ct),
            _ => await db.PeriodLocks.Where(x => x.Id == key).Select(x => (int?)x.TeachingGroupId).FirstOrDefaultAsync(ct),
        };
        if (live is not null) return (true, live);
        foreach (var e in events.AsEnumerable().Reverse())
            foreach (var json in new[] { e.Before, e.After })
            {
                if (Number(json, "teachingGroupId") is int group) return (false, group);
                if (Number(json, "lessonId") is int lesson &&
                    await db.Lessons.Where(l => l.Id == lesson).Select(l => (int?)l.TeachingGroupId).FirstOrDefaultAsync(ct) is int g)
                    return (false, g);
            }
        return (false, null);
    }

    private static int? Number(string? json, string property)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.EnumerateObject()
                    .FirstOrDefault(p =>
                        string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Number } found
                && found.Value.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Json(string? json)
    {
        if (json is null) return null;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>"markCreated" from <see cref="AuditEventType.MarkCreated"/>: stable codes for other systems.</summary>
    public static string ActionOf(AuditEventType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string TitleOf(AuditEventType type) => type switch
    {
        AuditEventType.AccountCreated => "Учётная запись создана",
        AuditEventType.AccountChanged => "Учётная запись изменена",
        AuditEventType.AccountLocked => "Учётная запись заблокирована",
        AuditEventType.PasswordChanged => "Пароль изменён",
        AuditEventType.PasswordReset => "Выдан новый начальный пароль",
        AuditEventType.AccountUnlocked => "Учётная запись разблокирована",
        AuditEventType.AccountClosed => "Учётная запись закрыта",
        AuditEventType.AccountReopened => "Учётная запись открыта вновь",
        AuditEventType.AccountCompromised => "Учётная запись скомпрометирована",
        AuditEventType.CompromiseRolledBack => "Действие скомпрометированной учётной записи отменено",
        AuditEventType.AccountRestored => "Учётная запись восстановлена",
        AuditEventType.TwoFactorEnabled => "Вход с кодом подтверждения включён",
        AuditEventType.TwoFactorDisabled => "Вход с кодом подтверждения выключен",
        AuditEventType.RecoveryCodesRenewed => "Выданы новые коды восстановления",
        AuditEventType.RecoveryCodeUsed => "Вход по коду восстановления",
        AuditEventType.MarkCreated => "Отметка выставлена",
        AuditEventType.MarkChanged => "Отметка исправлена",
        AuditEventType.MarkDeleted => "Отметка удалена",
        AuditEventType.JournalBaseline => "Исходные записи журнала зафиксированы",
        AuditEventType.AttendanceSet => "Посещаемость отмечена",
        AuditEventType.AttendanceCleared => "Отметка о посещаемости снята",
        AuditEventType.LessonChanged => "Урок изменён",
        AuditEventType.HomeworkSet => "Домашнее задание задано",
        AuditEventType.HomeworkCleared => "Домашнее задание снято",
        AuditEventType.LessonMoved => "Урок перенесён",
        AuditEventType.PeriodGradeSet => "Итоговая отметка выставлена",
        AuditEventType.PeriodGradeDeleted => "Итоговая отметка удалена",
        AuditEventType.PeriodLocked => "Период закрыт",
        AuditEventType.PeriodReopened => "Период открыт заново",
        AuditEventType.RosterChanged => "Состав изменён",
        AuditEventType.StudentCardChanged => "Личное дело ученика исправлено",
        AuditEventType.StaffDutyAppointed => "Назначен ответственный",
        AuditEventType.StaffDutyEnded => "Назначение ответственного прекращено",
        AuditEventType.AccessRefused => "Отказ в доступе",
        _ => type.ToString(),
    };
}
