using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolJournal.Web.Data;

/// <summary>
/// SQLite has one writer, and every EF transaction on it is <c>BEGIN IMMEDIATE</c>: it takes the write lock at its start. A
/// second writer that meets the lock is left to SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25… 100 ms between
/// tries and does not queue: at 16 writers the lock stood idle while the waiters slept, the app used half of the two cores,
/// and the unlucky writer waited 170 ms (issue 16). This gate queues the app's own writers in the order they came, without a
/// thread blocked, and hands the lock on the moment the last one ends: a transaction from its BEGIN to its commit or rollback,
/// and a write outside a transaction (a single-statement save, <c>ExecuteUpdate</c>, <c>ExecuteDelete</c> — the outbox's and
/// the mail sender's claims) for its one statement. One gate per app (the database file is the app's); writers that bypass
/// EF (a restore) still meet the busy handler. A writer waits at most as long as the busy timeout, then gets SQLite's own
/// "database is locked". How long writers wait for it and hold it is measured (the meter <see cref="MeterName"/>, read with
/// <c>dotnet-counters</c>; the administrator's guide): a gate busy half the time makes the slowest writes wait for it most.
/// A writer that waited out the busy timeout is told how long the writer ahead of it had held the gate, and, with
/// <c>Database:TraceWriteGate</c> on (the test apps), which of the app's methods took it: a rare "database is locked" under load
/// then names its cause.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor, IDisposable
{
    public const string MeterName = "SchoolJournal.Sqlite";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sync = new();
    private DbConnection? _holder;
    private DbTransaction? _holdingTransaction;
    private long _heldSince;
    private int _waiting;
    private string? _holderTrace;
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _hold;
    private readonly bool _trace;
    private readonly Timer _sweep;

    public SqliteWriteGate(IMeterFactory meters, IConfiguration config)
    {
        _sweep = new Timer(static gate => ((SqliteWriteGate)gate!).Sweep(), this, SweepPeriod, SweepPeriod);
        _trace = config.GetValue<bool>("Database:TraceWriteGate");
        var meter = meters.Create(MeterName);
        _wait = meter.CreateHistogram<double>("sqlite.write_gate.wait", "ms",
            "How long a writer waited for SQLite's one writer (0 when the gate was free)");
        _hold = meter.CreateHistogram<double>("sqlite.write_gate.hold", "ms",
            "How long a writer held it: a transaction from its BEGIN to its end, or a write outside one for its statement");
        meter.CreateObservableGauge("sqlite.write_gate.waiting", () => Waiting, description: "Writers waiting for the gate now");
    }

    /// <summary>Writers waiting for the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>How long a writer waits for the gate before it is refused: SQLite's busy timeout; shorter in a test.</summary>
    internal TimeSpan WaitLimit { get; set; } = TimeSpan.FromMilliseconds(SqliteBusyTimeout.Milliseconds);

    // ---- transactions: from BEGIN to the end ----

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result) =>
        InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel, Enter(connection)));

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel,
            await EnterAsync(connection, cancellationToken)));

    // Let in, the writer's BEGIN runs here at once, without the request's token: EF's own BEGIN came after the gate and took the
    // token, and a request aborted between the two left the gate held by a connection with no transaction (seen 7 December, after
    // aborted writes: the holder had no transaction and a closed connection). Waiting for the gate stays cancellable. The BEGIN is
    // the one EF would run: the connection's own, at the isolation level asked.
    private DbTransaction Begin(DbConnection connection, System.Data.IsolationLevel level, bool entered)
    {
        try
        {
            return connection.BeginTransaction(level);
        }
        catch
        {
            if (entered) Release(connection);
            throw;
        }
    }

    // The transaction that holds the gate is noted when it has begun: once it has committed or rolled back, SQLite's transaction
    // no longer names its connection, so it is known by itself.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Began(connection, result);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Began(connection, result);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    // ---- a write outside a transaction: for its statement ----

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsLoneWrite(command)) Enter(command.Connection!);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command)) await EnterAsync(command.Connection!, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ReleaseLone(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        ReleaseLone(command);
        return ValueTask.FromResult(result);
    }

    // A save of one row is INSERT … RETURNING, a reader: SQLite holds the lock until the reader is done with the statement.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        if (IsLoneWrite(command)) Enter(command.Connection!);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command)) await EnterAsync(command.Connection!, cancellationToken);
        return result;
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ReleaseLone(command);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ReleaseLone(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseLone(command);
        return Task.CompletedTask;
    }

    // EF tells a cancelled command apart from a failed one: a lone write cancelled (a request aborted) lets the next writer in too.
    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => ReleaseLone(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseLone(command);
        return Task.CompletedTask;
    }

    // ---- the safety net ----

    // A transaction that failed to begin, to commit or to roll back, or was disposed without either (an exception between
    // them), ends when its connection closes: EF closes the connection it opened for the transaction, and the context's at its end.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    // ---- a transaction that ended unheard ----

    /// <summary>How often writers already waiting look for a holder whose transaction has ended unheard.</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(100);

    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        if (Volatile.Read(ref _waiting) > 0) ReleaseIfEnded();
    }

    // A transaction disposed without a commit or a rollback (`await using` after an exception) is rolled back in its disposal,
    // which no interceptor hears; when its connection stays open after it, nothing else gave the gate back. So it went on
    // 7 December (issue 16): at the end of a wrk run that aborted 16 writers in the middle of their saves, EF's savepoint command
    // took a cancelled token, the transaction was disposed, EF closed no connection, and every writer after it waited the 30 s
    // and was refused, until a later request's command on that pooled context's connection gave the gate back. Microsoft.Data.Sqlite's
    // transaction names no connection once it has ended, so such a holder is known: the next writer to come gives its gate back,
    // and writers already waiting do within the sweep's period. (Between a commit and its event the holder looks the same for a
    // moment: giving back a gate whose transaction has ended is right either way.) A holder whose connection is closed holds
    // nothing either: a connection closed past EF is not heard by the interceptors.
    private void ReleaseIfEnded()
    {
        DbConnection? ended;
        lock (_sync)
            ended = _holdingTransaction is { Connection: null } || _holder is { State: System.Data.ConnectionState.Closed } ? _holder : null;
        Release(ended);
    }

    /// <summary>A statement that writes, on a connection with no transaction of its own (inside one, the transaction holds the gate).</summary>
    private static bool IsLoneWrite(DbCommand command)
    {
        if (command.Transaction is not null || command.Connection is null) return false;
        var sql = command.CommandText.AsSpan().TrimStart();
        return sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private void ReleaseLone(DbCommand command)
    {
        if (command.Transaction is null) Release(command.Connection);
    }

    // A connection has one transaction at a time: when it begins another while it holds the gate, the last one ended without
    // EF telling (the migrator commits some of its own on the connection itself), and the gate is already its own.
    /// <summary>True when it took the gate; false when the connection held it already.</summary>
    private bool Enter(DbConnection connection)
    {
        if (Holds(connection)) return false;
        ReleaseIfEnded();
        // Before the wait: once it has waited, an async writer's callers are no longer on its stack.
        var trace = _trace ? AppFrames(new StackTrace(1, false)) : null;
        var asked = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            if (!_gate.Wait(WaitLimit)) throw Locked();
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Hold(connection, asked, trace);
        return true;
    }

    /// <summary>True when it took the gate; false when the connection held it already.</summary>
    private async ValueTask<bool> EnterAsync(DbConnection connection, CancellationToken ct)
    {
        if (Holds(connection)) return false;
        ReleaseIfEnded();
        // Before the wait: once it has waited, an async writer's callers are no longer on its stack.
        var trace = _trace ? AppFrames(new StackTrace(1, false)) : null;
        var asked = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            if (!await _gate.WaitAsync(WaitLimit, ct)) throw Locked();
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Hold(connection, asked, trace);
        return true;
    }

    private bool Holds(DbConnection connection)
    {
        lock (_sync) return ReferenceEquals(_holder, connection);
    }

    private void Hold(DbConnection connection, long asked, string? trace)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_sync)
        {
            _holder = connection;
            _heldSince = now;
            _holderTrace = trace;
        }
        _wait.Record(Stopwatch.GetElapsedTime(asked, now).TotalMilliseconds);
    }

    private void Began(DbConnection connection, DbTransaction transaction)
    {
        lock (_sync)
            if (ReferenceEquals(_holder, connection)) _holdingTransaction = transaction;
    }

    private void Ended(DbTransaction transaction)
    {
        DbConnection? connection;
        lock (_sync) connection = ReferenceEquals(_holdingTransaction, transaction) ? _holder : null;
        Release(connection);
    }

    private void Release(DbConnection? connection)
    {
        long since;
        lock (_sync)
        {
            if (connection is null || !ReferenceEquals(_holder, connection)) return;
            _holder = null;
            _holdingTransaction = null;
            _holderTrace = null;
            since = _heldSince;
        }
        _gate.Release();
        _hold.Record(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
    }

    private SqliteException Locked()
    {
        string? trace;
        double held;
        lock (_sync)
        {
            trace = _holderTrace;
            held = _holder is null ? 0 : Stopwatch.GetElapsedTime(_heldSince).TotalSeconds;
        }
        var by = trace is null ? "" : $", taken in {trace}";
        return new(FormattableString.Invariant(
            $"database is locked (the app's write queue waited {WaitLimit.TotalSeconds:0.#} s; the writer ahead had held it {held:0.0} s{by})"), 5);
    }

    // The app's own methods on the way to the gate, innermost first: an async method by its name, not its state machine's.
    private static string AppFrames(StackTrace stack)
    {
        var names = new List<string>();
        foreach (var frame in stack.GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            var generated = type is { IsNested: true } && type.Name.StartsWith('<');
            var owner = generated ? type!.DeclaringType : type;
            if (owner is null || owner == typeof(SqliteWriteGate) || owner.Namespace?.StartsWith("SchoolJournal", StringComparison.Ordinal) != true)
                continue;
            // <HandleAsync>d__3 is HandleAsync's state machine; a lambda's closure (<>c…) is known by its method.
            var method = generated && type!.Name.IndexOf('>') > 1 ? type.Name[1..type.Name.IndexOf('>')] : frame.GetMethod()!.Name;
            var name = $"{owner.Name}.{method}";
            if (names.Count == 0 || names[^1] != name) names.Add(name);
            if (names.Count == 6) break;
        }
        return names.Count == 0 ? "a method outside the app" : string.Join(" ← ", names);
    }
}
