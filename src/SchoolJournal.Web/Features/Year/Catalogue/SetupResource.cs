using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Catalogue;

/// <summary>What every catalogue resource needs from the request: the database, the access rules, the audit log, the user.</summary>
public sealed record CatalogueContext(JournalDbContext Db, AccessService Access, AuditLog Audit, CurrentUser User, TimeProvider Time);

/// <summary>
/// One list of the year set-up (subjects, rooms, staff, classes, bells, grading systems, work types): the create, change
/// and delete that the API and the page share. Every write answers in one order — 403 for anyone who does not manage the
/// year, 404 unknown (or another school's) record, 400 bad input, 409 a clash with what is stored — and every accepted
/// write lands with its audit event (before/after) in one transaction. A refused write changes nothing.
/// </summary>
public abstract class SetupResource<TEntity, TInput, TDto>(CatalogueContext c)
    where TEntity : class, ISchoolOwned
    where TInput : class
{
    protected JournalDbContext Db => c.Db;
    protected AccessService Access => c.Access;
    protected CurrentUser User => c.User;
    protected AuditLog Audit => c.Audit;
    protected TimeProvider Time => c.Time;

    /// <summary>The audit log's entity name: «subject», «room» …</summary>
    public abstract string Entity { get; }

    /// <summary>«Предмет не найден».</summary>
    protected abstract string NotFoundTitle { get; }

    /// <summary>The rows with what a change needs loaded (positions, slots).</summary>
    protected virtual IQueryable<TEntity> Rows => Db.Set<TEntity>();

    /// <summary>Bad input (400) or a clash with stored rows (409); <paramref name="existing"/> is null on create.</summary>
    protected abstract Task<Problem?> ValidateAsync(TInput input, TEntity? existing, CancellationToken ct);

    /// <summary>An empty row; <see cref="Apply"/> fills it.</summary>
    protected abstract TEntity New();

    /// <summary>Copies checked input onto the row.</summary>
    protected abstract void Apply(TInput input, TEntity row);

    /// <summary>What the audit log keeps of the row.</summary>
    protected abstract object Snapshot(TEntity row);

    public abstract TDto ToDto(TEntity row);

    /// <summary>The answer to a write: the row as the list shows it.</summary>
    protected virtual Task<TDto> ResultAsync(TEntity row, CancellationToken ct) => Task.FromResult(ToDto(row));

    /// <summary>Why the row may not be deleted (it is used), or null.</summary>
    protected virtual Task<string?> InUseAsync(TEntity row, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>Who may read the list: every signed-in user unless the resource says otherwise.</summary>
    public virtual bool CanRead => User.IsAuthenticated;

    /// <summary>The set-up pages are the staff's (<see cref="AccessService.IsStaff"/>).</summary>
    public bool IsStaff => Access.IsStaff;

    public bool CanWrite => Access.CanManageYear;

    public abstract Task<List<TDto>> ListAsync(CancellationToken ct);

    public static readonly Problem NotManager = new(StatusCodes.Status403Forbidden, "Нет права менять настройки учебного года",
        "Справочники учебного года ведут директор, заместитель директора и системный администратор.");

    public async Task<Outcome<TDto>> CreateAsync(TInput input, CancellationToken ct)
    {
        if (!CanWrite) return NotManager;
        if (await ValidateAsync(input, null, ct) is { } problem) return problem;
        var row = New();
        row.SchoolId = User.SchoolId ?? 0;
        Apply(input, row);
        await BeforeCreateAsync(row, ct);
        Db.Add(row);
        await c.Audit.SaveAuditedAsync(Db,
            async () => await c.Audit.RecordAsync(AuditEventType.SetupCreated, Entity, IdOf(row), null, Snapshot(row), ct: ct), ct);
        return Outcome<TDto>.Ok(await ResultAsync(row, ct));
    }

    /// <summary>Fields the input does not carry (the current year of a new class).</summary>
    protected virtual Task BeforeCreateAsync(TEntity row, CancellationToken ct) => Task.CompletedTask;

    public async Task<Outcome<TDto>> UpdateAsync(int id, TInput input, CancellationToken ct)
    {
        if (!CanWrite) return NotManager;
        var row = await FindAsync(id, ct);
        if (row is null) return Problem.NotFound(NotFoundTitle);
        if (await ValidateAsync(input, row, ct) is { } problem) return problem;
        var before = Snapshot(row);
        Apply(input, row);
        await c.Audit.SaveAuditedAsync(Db,
            async () => await c.Audit.RecordAsync(AuditEventType.SetupChanged, Entity, id, before, Snapshot(row), ct: ct), ct);
        return Outcome<TDto>.Ok(await ResultAsync(row, ct));
    }

    public async Task<Outcome<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!CanWrite) return NotManager;
        var row = await FindAsync(id, ct);
        if (row is null) return Problem.NotFound(NotFoundTitle);
        if (await InUseAsync(row, ct) is { } reason) return new Problem(StatusCodes.Status409Conflict, "Удалить нельзя", reason);
        var before = Snapshot(row);
        Db.Remove(row);
        await c.Audit.SaveAuditedAsync(Db, async () => await c.Audit.RecordAsync(AuditEventType.SetupDeleted, Entity, id, before, null, ct: ct), ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The row for a change, or null when it does not exist in this school.</summary>
    public Task<TEntity?> FindAsync(int id, CancellationToken ct) =>
        Rows.FirstOrDefaultAsync(r => EF.Property<int>(r, "Id") == id, ct);

    /// <summary>«5А, 6Б» of the current year's and earlier years' classes, for a message.</summary>
    protected async Task<string> ClassNamesAsync(IQueryable<SchoolClass> classes, CancellationToken ct) =>
        string.Join(", ", (await classes.OrderBy(s => s.Grade).ThenBy(s => s.Letter).Select(s => new { s.Grade, s.Letter }).ToListAsync(ct))
            .Select(s => $"{s.Grade}{s.Letter}"));

    protected int IdOf(TEntity row) => (int)Db.Entry(row).Property("Id").CurrentValue!;

    public abstract TInput ToInput(TEntity row);

    /// <summary>The list as an XLSX sheet: its file name, sheet name, header and rows.</summary>
    public abstract (string File, string Sheet, string[] Headers, IEnumerable<IReadOnlyList<object?>> Rows) Export(IReadOnlyList<TDto> items);
}

/// <summary>Checks of typed text shared by the catalogue's inputs: each returns a Russian 400 problem or null.</summary>
public static class Check
{
    public static Problem Bad(string title, string detail) => Problem.BadRequest(title, detail);

    public static Problem Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);

    /// <summary>A required text of at most <paramref name="max"/> characters.</summary>
    public static Problem? Required(string? text, string what, int max) =>
        string.IsNullOrWhiteSpace(text) ? Bad($"Не указано: {what}", $"Заполните поле «{what}».") : Optional(text, what, max);

    public static Problem? Optional(string? text, string what, int max) =>
        text is not null && text.Trim().Length > max ? Problem.TooLong(what, max) : null;

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A date as «2026-09-01» or «01.09.2026».</summary>
    public static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return false;
        date = d;
        return true;
    }

    public static Problem BadDate(string what, string? text) =>
        Bad($"Неверная дата: {what}", $"«{text}» — не дата. Укажите дату в виде 2026-09-01 или 01.09.2026.");

    /// <summary>A time of day as «8:30» or «08:30».</summary>
    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The first problem of several checks, in the order given.</summary>
    public static Problem? First(params Problem?[] problems) => problems.FirstOrDefault(p => p is not null);
}
