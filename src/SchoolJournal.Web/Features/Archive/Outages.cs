using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// «Работа без системы» (R-ARCH-5): the days the administrator registers as an outage. Nothing is stored on the entries themselves:
/// an entry (mark, attendance, topic) of a lesson dated inside an outage and made after the outage's last day was entered from the
/// paper form (<see cref="FromPaper"/>); the journal-keeping report does not count such a mark late.
/// </summary>
public sealed class Outages(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public const string Entity = "outage";
    public const int ReasonMax = 500;

    /// <summary>The words a reader sees on an entry made from paper.</summary>
    public const string PaperLabel = "внесено с бумажного носителя";

    public sealed record Span(DateOnly From, DateOnly To);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Нет права регистрировать сбои",
        "Сбои системы регистрируют системный администратор и директор школы.");

    /// <summary>
    /// An entry of a lesson on <paramref name="lessonDate"/> made on <paramref name="madeOn"/> (the school's date) was entered from
    /// paper: the lesson fell inside a registered outage and the entry came after its last day.
    /// </summary>
    public static bool FromPaper(IEnumerable<Span> outages, DateOnly lessonDate, DateOnly madeOn) =>
        outages.Any(o => o.From <= lessonDate && lessonDate <= o.To && madeOn > o.To);

    /// <summary>The school's outages that touch the dates (the query filter picks the school).</summary>
    public static async Task<List<Span>> SpansAsync(JournalDbContext db, DateOnly from, DateOnly to, CancellationToken ct) =>
        [.. (await db.SystemOutages.AsNoTracking().Where(o => o.From <= to && o.To >= from).Select(o => new { o.From, o.To }).ToListAsync(ct))
            .Select(o => new Span(o.From, o.To))];

    /// <summary>The date on the school's clock of a moment stored in UTC.</summary>
    public static DateOnly SchoolDate(DateTimeOffset at, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    /// <summary>
    /// Of <paramref name="marks"/>, the ids of those entered from paper. Only marks of lessons inside an outage are read back, so a
    /// school without outages pays one empty query.
    /// </summary>
    public static async Task<HashSet<int>> PaperMarkIdsAsync(JournalDbContext db, IQueryable<Mark> marks, string timeZone, CancellationToken ct)
    {
        var candidates = await marks.Where(m => db.SystemOutages.Any(o => o.From <= m.Lesson!.Date && m.Lesson.Date <= o.To))
            .Select(m => new { m.Id, m.Lesson!.Date, m.CreatedAt }).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var spans = await SpansAsync(db, candidates.Min(c => c.Date), candidates.Max(c => c.Date), ct);
        return [.. candidates.Where(c => FromPaper(spans, c.Date, SchoolDate(c.CreatedAt, timeZone))).Select(c => c.Id)];
    }

    /// <summary>The outage a lesson's day fell in, if any: the lesson page says that its later entries came from paper.</summary>
    public static Task<SystemOutage?> OfDayAsync(JournalDbContext db, DateOnly day, CancellationToken ct) =>
        db.SystemOutages.AsNoTracking().Where(o => o.From <= day && day <= o.To).OrderBy(o => o.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<SystemOutage>> ListAsync(CancellationToken ct) =>
        await db.SystemOutages.AsNoTracking().OrderByDescending(o => o.From).ThenByDescending(o => o.Id).ToListAsync(ct);

    public async Task<Outcome<SystemOutage>> RegisterAsync(DateOnly? from, DateOnly? to, string? reason, CancellationToken ct)
    {
        if (!access.RegistersOutages) return NotAllowed;
        if (from is not DateOnly first || to is not DateOnly last)
            return Problem.BadRequest("Не указаны дни сбоя", "Укажите первый и последний день, когда система не работала.");
        if (last < first) return Problem.BadRequest("Неверные даты", "Последний день сбоя раньше первого.");
        if (last.DayNumber - first.DayNumber > 30)
            return Problem.BadRequest("Слишком долгий сбой",
                "Сбой регистрируется не больше чем на 31 день; для долгого перерыва зарегистрируйте несколько.");
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text))
            return Problem.BadRequest("Не указана причина", "Напишите, почему система не работала: например, «нет интернета в школе».");
        if (text.Length > ReasonMax) return Problem.TooLong("Причина", ReasonMax);
        if (await db.SystemOutages.AnyAsync(o => o.From <= last && o.To >= first, ct))
            return Problem.BadRequest("Дни уже зарегистрированы",
                "Эти дни пересекаются с уже зарегистрированным сбоем: удалите его или измените даты.");
        var row = new SystemOutage
        {
            SchoolId = user.SchoolId!.Value, From = first, To = last, Reason = text, RegisteredById = user.Id!,
            RegisteredByName = user.DisplayName, RegisteredAt = time.GetUtcNow(),
        };
        db.SystemOutages.Add(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SystemOutageRegistered, Entity, row.Id, null,
            new { from = first, to = last, reason = text }, ct: ct), ct);
        return Outcome<SystemOutage>.Ok(row);
    }

    public async Task<Outcome<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!access.RegistersOutages) return NotAllowed;
        var row = await db.SystemOutages.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (row is null) return Problem.NotFound("Сбой не найден");
        db.SystemOutages.Remove(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SystemOutageDeleted, Entity, id,
            new { from = row.From, to = row.To, reason = row.Reason }, null, ct: ct), ct);
        return Outcome<bool>.Ok(true);
    }
}
