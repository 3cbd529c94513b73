using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Period, year and final grades of a group (R-JRN-5) and the lock they bring (R-JRN-6). The group's own teacher
/// writes them (not a substitute: one lesson gives no say in a quarter's grade); the class teacher and the
/// administration read. When the teacher has set the period grade of every student of the group, the period
/// locks itself; the deputy or the director reopens it with a reason. A grade deferred for an ill student
/// («н/а» with a date) may still be replaced while the period is locked: that is what the deferral is for.
/// </summary>
public static class PeriodGradesApi
{
    public sealed record GradeInput(int StudentId, int? PeriodId, string? Kind, string? Value, DateOnly? DeferredUntil);
    public sealed record GradeDto(int Id, int StudentId, string Kind, int? PeriodId, string Value, bool Deferred, DateOnly? DeferredUntil,
        bool IsLate, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);
    public sealed record SetResult(GradeDto Grade, bool PeriodLocked);
    public sealed record SheetDto(GroupPeriods.Period Period, GradeThresholds Thresholds, IReadOnlyList<SheetRow> Students);
    public sealed record SheetRow(int Id, string DisplayName, decimal? Average, string? SuggestedGrade, GradeDto? Grade, GradeDto? YearGrade,
        GradeDto? FinalGrade);

    /// <summary>Marks that stand for a grade which is not a number: exempt, not assessed, ungraded learning.</summary>
    public static readonly IReadOnlyList<string> Special = ["осв", "н/а", "безотм"];

    /// <summary>The mark a deferred grade carries until the real one is set.</summary>
    public const string NotAssessed = "н/а";

    public static RouteGroupBuilder MapPeriodGradesApi(this RouteGroupBuilder v1)
    {
        const string route = "/groups/{groupId:int}/period-grades";
        var api = v1.MapGroup("").WithTags("Журнал");
        api.MapGet(route, SheetAsync)
            .WithSummary(
                "Отметки за период группы: для каждого ученика средний взвешенный балл, предлагаемая по порогам школы отметка, отметки за период, " +
                    "год и итоговая.")
            .ProducesProblems(403, 404);
        api.MapPut(route, SetAsync)
            .WithSummary("Поставить отметку за период (kind=period, periodId обязателен), за год (year), экзамен (exam) или итоговую (final). " +
                "value — отметка шкалы группы или «осв», «н/а», «безотм»; deferredUntil — отсрочка: value пусто или «н/а». Ставит учитель группы.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapDelete(route, DeleteAsync)
            .WithSummary("Удалить отметку за период: ?studentId=&kind=&periodId=. Если отметки нет, ответ тот же (204).")
            .ProducesProblems(400, 403, 404, 409);
        return v1;
    }

    // ---- read ----

    private static async Task<IResult> SheetAsync(int groupId, int? periodId, AccessService access, JournalDbContext db, TimeProvider time,
        CancellationToken ct)
    {
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return NotFound("Группа не найдена").ToResult();
        if (!header.CanRead)
            return new Problem(StatusCodes.Status403Forbidden, "Нет доступа к журналу",
                "Отметки группы видят её учителя, классный руководитель и администрация школы.").ToResult();
        var period = header.Pick(periodId, SchoolClock.Today(time, header.TimeZone));
        if (period is null) return NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году.").ToResult();

        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= period.Start))
            .Select(m => new { m.StudentId, m.Student!.LastName, m.Student.FirstName, m.Student.MiddleName })
            .ToListAsync(ct);
        var averages = Averages.PerJournal(await Averages.Counted(db.Marks.AsNoTracking().Where(m => m.Lesson!.TeachingGroupId == groupId),
            period.Start, period.End).ToListAsync(ct));
        var grades = await db.PeriodGrades.AsNoTracking()
            .Where(g => g.TeachingGroupId == groupId && (g.StudyPeriodId == period.Id || g.StudyPeriodId == null))
            .ToListAsync(ct);

        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var rows = members.DistinctBy(m => m.StudentId)
            .OrderBy(m => m.LastName, ru).ThenBy(m => m.FirstName, ru)
            .Select(m =>
            {
                var average = averages.GetValueOrDefault((m.StudentId, groupId));
                GradeDto? Of(PeriodGradeKind kind) => grades.Where(g => g.StudentId == m.StudentId && g.Kind == kind).Select(ToDto).LastOrDefault();
                return new SheetRow(m.StudentId, PersonName.Full(m.LastName, m.FirstName, m.MiddleName), average,
                    Averages.SuggestedGrade(average, header.Thresholds), Of(PeriodGradeKind.Period), Of(PeriodGradeKind.Year),
                    Of(PeriodGradeKind.Final));
            })
            .ToList();
        return Results.Ok(new SheetDto(period, header.Thresholds, rows));
    }

    // ---- write ----

    private static async Task<IResult> SetAsync(int groupId, GradeInput input, SetPeriodGrade write, CancellationToken ct) =>
        (await write.HandleAsync(groupId, input, ct)).ToResult();

    private static async Task<IResult> DeleteAsync(int groupId, int studentId, string? kind, int? periodId, AccessService access,
        JournalDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var (target, refusal) = await TargetAsync(groupId, studentId, kind, periodId, access, db, time, ct);
        if (target is null) return refusal!.ToResult();
        var existing = await FindAsync(db, groupId, studentId, target, ct);
        if (existing is null) return Results.NoContent();
        if (target.Period?.Locked == true && !existing.Deferred) return Locked().ToResult();

        db.PeriodGrades.Remove(existing);
        await SummarySheet.RemoveAsync(db, existing, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditEventType.PeriodGradeDeleted, "periodGrade", existing.Id, Snapshot(existing), null, ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    // ---- shared ----

    /// <summary>What a write is about once it may go ahead: the kind, the period (null for year and final grades), the scale.</summary>
    internal sealed record Target(PeriodGradeKind Kind, GroupPeriods.Period? Period, GradingKind Scale, DateOnly YearEnd, string TimeZone,
        DateOnly Today);

    /// <summary>403 not a teacher, 404 unknown group, 403 not his group, 400 kind, 404 unknown period: the journal's order.</summary>
    internal static async Task<(Target? Target, Problem? Refusal)> TargetAsync(int groupId, int studentId, string? kind, int? periodId,
        AccessService access, JournalDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!access.WritesJournals) return (null, NotHisGroup());
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return (null, NotFound("Группа не найдена"));
        if (!await access.CanWriteJournalAsync(groupId, ct)) return (null, NotHisGroup());
        if (await JournalWrite.IsYearClosedAsync(groupId, db, ct)) return (null, JournalProblems.YearClosed);
        var k = ParseKind(kind);
        if (k is null)
            return (null,
                BadRequest("Неизвестный вид отметки",
                    $"Вида «{kind}» нет. Допустимые: «period» — за период, «year» — за год, «exam» — экзаменационная, «final» — итоговая."));
        if (studentId <= 0) return (null, BadRequest("Не указан ученик", "Укажите studentId."));
        GroupPeriods.Period? period = null;
        if (k == PeriodGradeKind.Period)
        {
            if (periodId is null) return (null, BadRequest("Не указан период", "Для отметки за период укажите periodId."));
            period = header.Periods.FirstOrDefault(p => p.Id == periodId);
            if (period is null) return (null, NotFound("Учебный период не найден", "У группы нет такого периода в её учебном году."));
        }
        else if (periodId is not null)
            return (null, BadRequest("Период не нужен", "Годовая, экзаменационная и итоговая отметки ставятся за год: periodId не указывается."));
        return (new Target(k.Value, period, header.Kind, header.YearEnd, header.TimeZone, SchoolClock.Today(time, header.TimeZone)), null);
    }

    private static PeriodGradeKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "period" => PeriodGradeKind.Period,
        "year" => PeriodGradeKind.Year,
        "exam" => PeriodGradeKind.Exam,
        "final" => PeriodGradeKind.Final,
        _ => null,
    };

    private static string KindName(PeriodGradeKind kind) => kind switch
    {
        PeriodGradeKind.Period => "period",
        PeriodGradeKind.Year => "year",
        PeriodGradeKind.Exam => "exam",
        _ => "final",
    };

    /// <summary>The grade scale's marks and the special ones, as stored (trimmed, lower case); null when not allowed.</summary>
    public static string? Normalize(GradingKind scale, string? value)
    {
        var v = value?.Trim().ToLowerInvariant();
        return v is not null && (MarkScale.Marks(scale).Contains(v) || Special.Contains(v)) ? v : null;
    }

    internal static string Error(GradingKind scale, string? value) =>
        $"Отметка «{value?.Trim()}» не подходит для отметки за период. " +
            $"Допустимые: {string.Join(", ", MarkScale.Marks(scale).Concat(Special).Select(v => $"«{v}»"))}.";

    internal static Task<PeriodGrade?> FindAsync(JournalDbContext db, int groupId, int studentId, Target t, CancellationToken ct)
    {
        var periodId = t.Period?.Id;
        return db.PeriodGrades.OrderByDescending(g => g.Id).FirstOrDefaultAsync(g => g.TeachingGroupId == groupId && g.StudentId == studentId
            && g.Kind == t.Kind && g.StudyPeriodId == periodId, ct);
    }

    /// <summary>A period grade for a student of the group in that period; a year grade for anyone who was in it this year.</summary>
    internal static Task<bool> IsMemberAsync(JournalDbContext db, int groupId, int studentId, Target t, CancellationToken ct)
    {
        var (from, to) = t.Period is { } p ? (p.Start, p.End) : (DateOnly.MinValue, DateOnly.MaxValue);
        return db.GroupMemberships.AnyAsync(m => m.TeachingGroupId == groupId
            && m.StudentId == studentId && m.From <= to && (m.To == null || m.To >= from), ct);
    }

    /// <summary>
    /// Whether this grade is the last one missing: every student still in the group (on the period's last day, or
    /// today if that is earlier) then has a period grade. Leavers do not hold the period open.
    /// </summary>
    internal static async Task<bool> CompletesAsync(JournalDbContext db, int groupId, int studentId, GroupPeriods.Period period, DateOnly today,
        CancellationToken ct)
    {
        var on = today < period.End ? today : period.End;
        var required = await db.GroupMemberships
            .Where(m => m.TeachingGroupId == groupId && m.From <= period.End && (m.To == null || m.To >= on))
            .Select(m => m.StudentId).Distinct().ToListAsync(ct);
        var graded = await db.PeriodGrades
            .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == period.Id && g.Kind == PeriodGradeKind.Period)
            .Select(g => g.StudentId).ToListAsync(ct);
        return required.Count > 0 && required.All(id => id == studentId || graded.Contains(id));
    }

    internal sealed record GradeSnapshot(int StudentId, string Kind, int? PeriodId, string Value, bool Deferred, DateOnly? DeferredUntil);

    internal static GradeSnapshot Snapshot(PeriodGrade g) =>
        new(g.StudentId, KindName(g.Kind), g.StudyPeriodId, g.Value, g.Deferred, g.DeferredUntil);

    internal static GradeDto ToDto(PeriodGrade g) =>
        new(g.Id, g.StudentId, KindName(g.Kind), g.StudyPeriodId, g.Value, g.Deferred, g.DeferredUntil, g.IsLate, g.CreatedAt, g.UpdatedAt);

    internal static Problem Locked() => new(StatusCodes.Status409Conflict, "Период закрыт",
        "Период закрыт: отметки за него не меняются (кроме отложенных). Открыть его может заместитель директора или директор.");

    private static Problem NotHisGroup() => new(StatusCodes.Status403Forbidden, "Нет права ставить отметки за период",
        "Отметки за период, год и итоговые ставит учитель группы. Классный руководитель и администрация их только просматривают.");

    private static Problem NotFound(string title, string? detail = null) => Problem.NotFound(title, detail);

    internal static Problem BadRequest(string title, string detail) => Problem.BadRequest(title, detail);
}
