using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>
/// Appends audit events to the current school's hash chain in the caller's unit of work: call
/// <see cref="RecordAsync"/> before the same <c>SaveChangesAsync</c> that writes the change, so both land
/// in one transaction or neither does. The unique (SchoolId, Sequence) index refuses a second writer that
/// read the same chain head, so the chain never forks.
/// </summary>
public sealed class AuditLog(JournalDbContext db, CurrentUser user, IHttpContextAccessor http, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // Cyrillic stays readable in the stored before/after values; the hash covers the stored text as it is.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private readonly List<AuditEvent> _pending = [];

    /// <summary>
    /// Set while a unit of work records its events right before <see cref="SaveAsync"/> (<see cref="AuditedSave"/>): the save
    /// numbers them on the head it reads under the chain's lock, so reading the head here too was a wasted query inside the
    /// write's transaction (issue 16).
    /// </summary>
    internal bool NumberedAtSave { get; set; }

    /// <summary>The request's user, for an event that another scope writes (<see cref="GroupCommit"/>).</summary>
    public AuditActor Actor(int schoolId) => new(schoolId, user.Id, user.IsAuthenticated ? user.DisplayName : "система",
        http.HttpContext?.Connection.RemoteIpAddress?.ToString());

    /// <param name="actor">Who made the change when it is not this scope's user: the group commit writes other requests' events.</param>
    public async Task<AuditEvent> RecordAsync(AuditEventType type, string entity, object entityId, object? before, object? after,
        string? reason = null, int? schoolId = null, CancellationToken ct = default, AuditActor? actor = null)
    {
        var school = schoolId ?? actor?.SchoolId ?? user.SchoolId
            ?? throw new InvalidOperationException("Событие журнала аудита без школы.");
        var who = actor ?? Actor(school);
        var head = _pending.LastOrDefault(e => e.SchoolId == school)
            ?? (NumberedAtSave ? null : await db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.SchoolId == school).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct));
        var e = new AuditEvent
        {
            SchoolId = school,
            Sequence = (head?.Sequence ?? 0) + 1,
            At = Microseconds(time.GetUtcNow()),
            Type = type,
            ActorUserId = who.UserId,
            ActorName = who.Name,
            Ip = who.Ip,
            Entity = entity,
            EntityId = Convert.ToString(entityId, CultureInfo.InvariantCulture) ?? "",
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            Reason = reason,
            PreviousHash = head?.Hash ?? Genesis,
            Hash = "",
        };
        e.Hash = HashOf(e);
        db.AuditEvents.Add(e);
        _pending.Add(e);
        return e;
    }

    /// <summary>An event described by a <see cref="GroupCommit.Stage"/> after its save, by this scope's user or the one given.</summary>
    public Task<AuditEvent> RecordAsync(AuditDraft draft, AuditActor? actor = null, CancellationToken ct = default) =>
        RecordAsync(draft.Type, draft.Entity, draft.EntityId, draft.Before, draft.After, ct: ct, actor: actor);

    /// <summary>How many times a unit of work is repeated on a newer chain head before the conflict is given up.</summary>
    public const int MaxAttempts = 10;

    /// <summary>Class key of the PostgreSQL advisory locks that serialise appends to one school's chain.</summary>
    private const int ChainLock = 0x4A41;

    /// <summary>
    /// Saves the unit of work; clears what was recorded so the next unit starts from the stored head.
    /// Appends to a school's chain are serialised: in a transaction (the caller's, or one of its own) it takes
    /// the chain's lock — a PostgreSQL advisory lock per school; SQLite's write lock, which its transactions
    /// take at BEGIN — then renumbers the pending events on the stored head and saves. Should the unique
    /// (SchoolId, Sequence) index still refuse the save (a writer that bypassed this), the unit is rebuilt on the
    /// new head and repeated: EF keeps the other changes pending on failure (and rolls back to its own savepoint
    /// inside a caller's transaction), so they land once.
    /// </summary>
    public async Task<int> SaveAsync(CancellationToken ct = default)
    {
        try
        {
            if (_pending.Count == 0) return await db.SaveChangesAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
                try
                {
                    await LockChainsAsync(ct);
                    await RebaseAsync(ct);
                    var saved = await db.SaveChangesAsync(ct);
                    if (own is not null) await own.CommitAsync(ct);
                    return saved;
                }
                catch (DbUpdateException ex) when (attempt < MaxAttempts && IsUniqueViolation(ex))
                {
                    await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
                }
                finally
                {
                    if (own is not null) await own.DisposeAsync();
                }
            }
        }
        finally
        {
            _pending.Clear();
        }
    }

    /// <summary>Held until the transaction ends; schools in ascending order, so two writers never wait on each other in a circle.</summary>
    private async Task LockChainsAsync(CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        foreach (var school in _pending.Select(e => e.SchoolId).Distinct().Order())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock}, {school})", ct);
    }

    private sealed record Head(long Sequence, string Hash);

    // Every audited write reads it while it holds the chain: compiled once, as the journal's lesson query (issue 16).
    private static readonly Func<JournalDbContext, int, CancellationToken, Task<Head?>> HeadOf = EF.CompileAsyncQuery(
        (JournalDbContext db, int school, CancellationToken ct) => db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.SchoolId == school).OrderByDescending(e => e.Sequence).Select(e => new Head(e.Sequence, e.Hash)).FirstOrDefault());

    /// <summary>Renumbers the pending events after each school's stored head, as it is now.</summary>
    private async Task RebaseAsync(CancellationToken ct)
    {
        foreach (var school in _pending.Select(e => e.SchoolId).Distinct().ToList())
        {
            var head = await HeadOf(db, school, ct);
            var (sequence, hash) = (head?.Sequence ?? 0, head?.Hash ?? Genesis);
            foreach (var e in _pending.Where(e => e.SchoolId == school))
            {
                e.Sequence = ++sequence;
                e.PreviousHash = hash;
                e.Hash = hash = HashOf(e);
            }
        }
    }

    /// <summary>A unique index refused a row: SQLite's constraint error, or PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode == 2067,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>PostgreSQL keeps microseconds; the hash must cover what every provider stores.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));

    /// <summary>The SHA-256 of an event's fields and its predecessor's hash, as lower-case hex.</summary>
    public static string HashOf(AuditEvent e)
    {
        var text = string.Join('\u001f',
            e.SchoolId.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ((int)e.Type).ToString(CultureInfo.InvariantCulture), e.ActorUserId ?? "", e.ActorName, e.Ip ?? "",
            e.Entity, e.EntityId, e.Before ?? "", e.After ?? "", e.Reason ?? "", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
