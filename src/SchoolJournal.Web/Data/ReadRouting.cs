using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Npgsql;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Data;

/// <summary>
/// The read context (decision 0019): reports and the diary's reads ask for
/// <c>[FromKeyedServices(ReadRouting.Reads)] JournalDbContext</c> and the <see cref="AccessService"/> over it (its rules as
/// queries compose into the reads' queries, and EF Core runs a query on one context). Without <c>ConnectionStrings:Replica</c>
/// (and always on SQLite) it is the request's own context. With it, it is a second context of the same type, model and query
/// filters whose connection goes to the PostgreSQL streaming replica — unless the user has written something the replica has
/// not replayed yet (the writer reads his own writes), or the replica is down: then it goes to the primary. The choice is made
/// once per request, at the context's first connection; the read context refuses to save.
/// </summary>
public static class ReadRouting
{
    public const string Reads = "reads";

    public static void AddReadRouting(this IServiceCollection services, IConfiguration config, string provider, string? primary)
    {
        var replica = config.GetConnectionString("Replica");
        if (string.IsNullOrWhiteSpace(replica))
        {
            services.AddKeyedScoped<JournalDbContext>(Reads, (sp, _) => sp.GetRequiredService<JournalDbContext>());
            services.AddKeyedScoped<AccessService>(Reads, (sp, _) => sp.GetRequiredService<AccessService>());
            return;
        }
        if (provider != DataSetup.Postgres || primary is null)
            throw new InvalidOperationException(
                "ConnectionStrings:Replica задана, а Database:Provider не Postgres: реплика для чтения бывает только у PostgreSQL. "
                + "Уберите ConnectionStrings:Replica или перейдите на PostgreSQL.");
        var settings = new ReplicaSettings(primary, WithTimeout(replica),
            TimeSpan.FromSeconds(config.GetValue("Replica:CheckSeconds", 1.0)),
            TimeSpan.FromSeconds(config.GetValue("Replica:RetrySeconds", 5.0)),
            TimeSpan.FromMinutes(config.GetValue("Replica:RememberWritesMinutes", 10.0)));
        services.AddSingleton(settings);
        services.AddSingleton<WritePositions>();
        services.AddSingleton<ReplicaRouter>();
        services.AddKeyedScoped<JournalDbContext>(Reads, (sp, _) => sp.GetRequiredService<ReplicaRouter>().Create(sp));
        // The access rules as queries compose into the read's own queries, so they run on the same context: one snapshot. Their
        // sets are not kept: one read from a lagging replica would outlive the write that changed them (decision 0020).
        services.AddKeyedScoped<AccessService>(Reads, (sp, _) => new AccessService(sp.GetRequiredKeyedService<JournalDbContext>(Reads),
            sp.GetRequiredService<CurrentUser>(), sp.GetRequiredService<TimeProvider>(), Infrastructure.ReadModels.ReadCache.Nothing));
    }

    // A replica that does not answer must not hold a page for the driver's default 15 s before the primary takes over.
    private static string WithTimeout(string cs)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        if (b.Timeout == new NpgsqlConnectionStringBuilder().Timeout) b.Timeout = 3;
        return b.ConnectionString;
    }
}

public sealed record ReplicaSettings(string Primary, string Replica, TimeSpan Check, TimeSpan Retry, TimeSpan RememberWrites);

/// <summary>
/// Makes read contexts and routes their connections. One per app: it remembers the replica's last replayed WAL position
/// (which only grows) and when it was seen, so most reads go to the replica without asking it anything; it asks again
/// when that is older than <see cref="ReplicaSettings.Check"/> or when the user needs a later position than it knows.
/// </summary>
public sealed class ReplicaRouter(ReplicaSettings settings, WritePositions positions, ILogger<ReplicaRouter> log)
    : DbConnectionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Route> _routes = new();
    private DbContextOptions<PostgresJournalDbContext>? _options;
    private long _replayed;
    private long _seenAt = long.MinValue / 2;
    private long _downUntil = long.MinValue / 2;

    private sealed class Route(CurrentUser user)
    {
        public CurrentUser User { get; } = user;
        public bool Decided { get; set; }
    }

    public JournalDbContext Create(IServiceProvider sp)
    {
        // The primary's own options (same internal services, so the same model and filters) with this router among the
        // interceptors: it points the connection at the replica or the primary when it first opens.
        _options ??= ReadOptions(sp.GetRequiredService<DbContextOptions<PostgresJournalDbContext>>());
        var db = new PostgresJournalDbContext(_options, sp.GetRequiredService<ISchoolScope>());
        _routes.Add(db, new Route(sp.GetRequiredService<CurrentUser>()));
        return db;
    }

    private DbContextOptions<PostgresJournalDbContext> ReadOptions(DbContextOptions<PostgresJournalDbContext> primary) =>
        new DbContextOptionsBuilder<PostgresJournalDbContext>(primary).AddInterceptors(this).Options;

    public bool IsReadContext(DbContext? db) => db is not null && _routes.TryGetValue(db, out _);

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is null || !_routes.TryGetValue(eventData.Context, out var route) || route.Decided) return result;
        route.Decided = true;
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _downUntil)) return ToPrimary(connection, result);
        var needed = await positions.NeededAsync(route.User.Id, cancellationToken);
        connection.ConnectionString = settings.Replica;
        if (needed <= (ulong)Interlocked.Read(ref _replayed) && now - Interlocked.Read(ref _seenAt) < settings.Check.TotalMilliseconds)
            return result;
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_last_wal_replay_lsn()";
            var replayed = await command.ExecuteScalarAsync(cancellationToken) is NpgsqlTypes.NpgsqlLogSequenceNumber lsn ? (ulong)lsn : 0;
            Seen(replayed, now);
            if (replayed >= needed) return InterceptionResult.Suppress();
            await connection.CloseAsync();
            return ToPrimary(connection, result);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Interlocked.Exchange(ref _downUntil, now + (long)settings.Retry.TotalMilliseconds);
            log.LogWarning("Реплика PostgreSQL недоступна ({Error}); чтение идёт с основного сервера {Seconds} с.", e.Message,
                settings.Retry.TotalSeconds);
            await connection.CloseAsync();
            return ToPrimary(connection, result);
        }
    }

    /// <summary>A synchronous query cannot wait for the checks without blocking a thread: it reads from the primary.</summary>
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is null || !_routes.TryGetValue(eventData.Context, out var route) || route.Decided) return result;
        route.Decided = true;
        return ToPrimary(connection, result);
    }

    /// <summary>A pooled connection to a replica that went away fails its first command: the next requests read from the primary.</summary>
    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Failed(eventData.Context);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.Exception is NpgsqlException { IsTransient: true }) Failed(eventData.Context);
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private void Failed(DbContext? db)
    {
        if (IsReadContext(db)) Interlocked.Exchange(ref _downUntil, Environment.TickCount64 + (long)settings.Retry.TotalMilliseconds);
    }

    private InterceptionResult ToPrimary(DbConnection connection, InterceptionResult result)
    {
        connection.ConnectionString = settings.Primary;
        return result;
    }

    private void Seen(ulong replayed, long now)
    {
        long known;
        do known = Interlocked.Read(ref _replayed);
        while ((ulong)known < replayed && Interlocked.CompareExchange(ref _replayed, (long)replayed, known) != known);
        Interlocked.Exchange(ref _seenAt, now);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        IsReadContext(eventData.Context) ? throw ReadOnly() : result;

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default) =>
        IsReadContext(eventData.Context) ? throw ReadOnly() : ValueTask.FromResult(result);

    private static InvalidOperationException ReadOnly() =>
        new("Контекст чтения (реплика) не сохраняет изменений: запись идёт через JournalDbContext запроса.");
}

/// <summary>
/// The WAL position each user must find on the replica: after a request of his wrote on the primary, the primary's current
/// WAL insert position, kept in the distributed cache (Redis across nodes) under his id. The insert position, not
/// <c>pg_current_wal_lsn()</c> (the write position): with <c>synchronous_commit = off</c> a commit record may still sit in
/// the WAL buffers, behind the write position; the insert position is never behind it.
/// </summary>
public sealed class WritePositions(ReplicaSettings settings, IDistributedCache cache, ILogger<WritePositions> log)
{
    private static string Key(string userId) => "replica-lsn:" + userId;

    public async Task<ulong> NeededAsync(string? userId, CancellationToken ct)
    {
        if (userId is null) return 0;
        var bytes = await cache.GetAsync(Key(userId), ct);
        return bytes is { Length: 8 } ? BitConverter.ToUInt64(bytes) : 0;
    }

    public async Task RecordAsync(string userId)
    {
        try
        {
            await using var connection = new NpgsqlConnection(settings.Primary);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
            var lsn = (ulong)(NpgsqlTypes.NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())!;
            await cache.SetAsync(Key(userId), BitConverter.GetBytes(lsn),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = settings.RememberWrites });
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The write itself is committed; without its position the user may read the replica's older copy once.
            log.LogWarning("Позиция WAL после записи не сохранена: {Error}", e.Message);
        }
    }
}

/// <summary>
/// Notes a write on the primary during a request (a SaveChanges that changed rows, or a bulk update, delete or raw command)
/// and records the user's WAL position just before the response starts — after the handler's commit, before the client
/// can ask for its next page.
/// </summary>
public sealed class WriteTracker(IHttpContextAccessor accessor, WritePositions positions, ReplicaRouter router)
    : DbCommandInterceptor, ISaveChangesInterceptor
{
    private static readonly object Marker = new();

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0) Wrote(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result > 0) Wrote(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Wrote(eventData.Context);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Wrote(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Wrote(DbContext? db)
    {
        var http = accessor.HttpContext;
        if (http is null || router.IsReadContext(db) || !http.Items.TryAdd(Marker, true)) return;
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return;
        if (!http.Response.HasStarted) http.Response.OnStarting(() => positions.RecordAsync(userId));
        else http.Response.OnCompleted(() => positions.RecordAsync(userId));
    }
}
