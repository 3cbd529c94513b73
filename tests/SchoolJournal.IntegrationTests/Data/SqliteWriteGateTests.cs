using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Data;

/// <summary>
/// The app's queue in front of SQLite's one writer (issue 16): writers wait their turn in the order they came and get the
/// lock the moment the last one ends, however it ended. SQLite only: on PostgreSQL there is no such gate (the PostgreSQL lane
/// filters the trait out).
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private SqliteWriteGate Gate => _app.Services.GetRequiredService<SqliteWriteGate>();

    private Task<int> SchoolAsync() => _app.SeedAsync(async b => (await b.SchoolAsync()).Id);

    private async Task<List<string>> RoomsAsync(int school)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Rooms.IgnoreQueryFilters()
            .Where(r => r.SchoolId == school).OrderBy(r => r.Id).Select(r => r.Number).ToListAsync();
    }

    private async Task AddRoomAsync(int school, string number)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Rooms.Add(new Room { SchoolId = school, Number = number });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    private async Task UntilWaitingAsync(int count)
    {
        for (var i = 0; i < 500 && Gate.Waiting < count; i++) await Task.Delay(10);
        Assert.Equal(count, Gate.Waiting);
    }

    [Fact]
    public async Task Writers_that_meet_an_open_transaction_land_in_the_order_they_came()
    {
        var school = await SchoolAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var tx = await first.Database.BeginTransactionAsync();
        first.Rooms.Add(new Room { SchoolId = school, Number = "1" });
        await first.SaveChangesAsync();

        // Five writers come one after another while the first transaction is open: each queues behind the one before.
        var writers = new List<Task>();
        for (var n = 2; n <= 6; n++)
        {
            var number = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            writers.Add(Task.Run(() => AddRoomAsync(school, number)));
            await UntilWaitingAsync(n - 1);
        }
        Assert.All(writers, w => Assert.False(w.IsCompleted));

        await tx.CommitAsync();
        await Task.WhenAll(writers);

        Assert.Equal(["1", "2", "3", "4", "5", "6"], await RoomsAsync(school));
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task A_transaction_that_commits_or_rolls_back_on_a_connection_kept_open_lets_the_next_writer_in_at_once()
    {
        // An authenticated page read keeps its connection open for all its queries (BearerStampMiddleware): a write it makes
        // must not keep the gate until the connection closes. Held, the next writer would wait the busy timeout and fail.
        var school = await SchoolAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await first.Database.OpenConnectionAsync();
        await using (var tx = await first.Database.BeginTransactionAsync())
        {
            first.Rooms.Add(new Room { SchoolId = school, Number = "1" });
            await first.SaveChangesAsync();
            await tx.CommitAsync();
        }
        await AddRoomAsync(school, "2");
        await using (var tx = await first.Database.BeginTransactionAsync())
        {
            first.Rooms.Add(new Room { SchoolId = school, Number = "отменён" });
            await first.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await AddRoomAsync(school, "3");

        Assert.Equal(System.Data.ConnectionState.Open, first.Database.GetDbConnection().State);
        Assert.Equal(["1", "2", "3"], await RoomsAsync(school));
    }

    [Fact]
    public async Task A_single_statement_update_waits_for_the_open_transaction_and_then_lands()
    {
        var school = await SchoolAsync();
        await AddRoomAsync(school, "101");
        await using var scope = _app.Services.CreateAsyncScope();
        var open = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var tx = await open.Database.BeginTransactionAsync();
        open.Rooms.Add(new Room { SchoolId = school, Number = "102" });
        await open.SaveChangesAsync();

        var update = Task.Run(async () =>
        {
            await using var other = _app.Services.CreateAsyncScope();
            return await other.ServiceProvider.GetRequiredService<JournalDbContext>().Rooms.IgnoreQueryFilters()
                .Where(r => r.SchoolId == school).ExecuteUpdateAsync(s => s.SetProperty(r => r.Capacity, 30));
        });
        await UntilWaitingAsync(1);
        await tx.CommitAsync();

        // The update ran after the commit: it saw both rooms.
        Assert.Equal(2, await update);
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task The_gate_is_free_again_after_a_rollback_a_failed_save_and_a_transaction_left_without_either()
    {
        var school = await SchoolAsync();

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Rooms.Add(new Room { SchoolId = school, Number = "rolled back" });
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await AddRoomAsync(school, "after a rollback");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Rooms.Add(new Room { SchoolId = school + 1000, Number = "no such school" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await AddRoomAsync(school, "after a failed save");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            _ = await db.Database.BeginTransactionAsync();
            db.Rooms.Add(new Room { SchoolId = school, Number = "left open" });
            await db.SaveChangesAsync();
            // Neither committed nor rolled back: the scope's end closes the connection.
        }
        await AddRoomAsync(school, "after a transaction left open");

        Assert.Equal(["after a rollback", "after a failed save", "after a transaction left open"], await RoomsAsync(school));
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task A_lone_write_cancelled_after_it_took_the_gate_lets_the_next_writer_in()
    {
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromMilliseconds(400);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "UPDATE \"Rooms\" SET \"Number\" = 'x' WHERE 0";

        // What EF tells the gate of a write whose request is aborted after the gate let it in: executing, then cancelled, not failed.
        await Gate.ReaderExecutingAsync(command, null!, default);
        await Gate.CommandCanceledAsync(command, null!);

        // Without the cancellation heard, the next writer would be refused after the 400 ms.
        await AddRoomAsync(school, "after a cancelled write");
        Assert.Equal(["after a cancelled write"], await RoomsAsync(school));
    }

    [Fact]
    public async Task A_transaction_disposed_after_its_save_was_cancelled_lets_the_next_writer_in()
    {
        // A request aborted in the middle of its save (7 December: wrk's end aborting 16 writers): EF's savepoint command takes the
        // cancelled token and throws, the transaction is disposed unheard — rolled back in its disposal, no commit or rollback
        // event — and no connection is closed through EF (kept open here; in the app EF closed none). Before the gate knew such a
        // holder, every writer after it waited the busy timeout and was refused.
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromMilliseconds(400);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await db.Database.OpenConnectionAsync();
        using var aborted = new CancellationTokenSource();
        await using (await db.Database.BeginTransactionAsync(aborted.Token))
        {
            db.Rooms.Add(new Room { SchoolId = school, Number = "aborted" });
            db.SavingChanges += (_, _) => aborted.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.SaveChangesAsync(aborted.Token));
        }
        Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);

        // Without the gate's look at the holder, refused after the 400 ms.
        await AddRoomAsync(school, "after an aborted save");
        Assert.Equal(["after an aborted save"], await RoomsAsync(school));
    }

    [Fact]
    public async Task A_writer_already_waiting_when_the_holders_transaction_is_disposed_unheard_gets_in()
    {
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromSeconds(2);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await db.Database.OpenConnectionAsync();
        var tx = await db.Database.BeginTransactionAsync();
        db.Rooms.Add(new Room { SchoolId = school, Number = "rolled back unheard" });
        await db.SaveChangesAsync();

        var waiting = Task.Run(() => AddRoomAsync(school, "the writer that waited"));
        await UntilWaitingAsync(1);
        // Neither committed nor rolled back: disposed, with the connection left open. The waiter is let in by the gate's sweep,
        // not by a newcomer, and long before its 2 s are up.
        await tx.DisposeAsync();
        await waiting;

        Assert.Equal(["the writer that waited"], await RoomsAsync(school));
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task A_writer_aborted_the_moment_the_gate_lets_it_in_still_begins_and_gives_the_gate_back_at_its_end()
    {
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromMilliseconds(400);
        using var aborted = new CancellationTokenSource();
        // The gate measures a writer's wait the moment it lets the writer in, in that writer's flow: the request is aborted there,
        // after the gate and before the BEGIN. (EF's own BEGIN took the token then, and the gate stayed with a connection that had
        // no transaction.) Only this writer's flow aborts: the app's own background writers are measured too.
        var thisWriter = new AsyncLocal<bool>();
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "sqlite.write_gate.wait" && ReferenceEquals(instrument.Meter.Scope, meters))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            if (thisWriter.Value) aborted.Cancel();
        });
        listener.Start();

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            await db.Database.OpenConnectionAsync();
            thisWriter.Value = true;
            await using var tx = await db.Database.BeginTransactionAsync(aborted.Token);
            listener.Dispose();
            Assert.True(aborted.IsCancellationRequested);
            db.Rooms.Add(new Room { SchoolId = school, Number = "aborted" });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.SaveChangesAsync(aborted.Token));
        }

        await AddRoomAsync(school, "after the aborted writer");
        Assert.Equal(["after the aborted writer"], await RoomsAsync(school));
    }

    [Fact]
    public async Task A_holder_whose_connection_was_closed_past_ef_lets_the_next_writer_in()
    {
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromMilliseconds(400);
        await using var scope = _app.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<JournalDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE \"Rooms\" SET \"Number\" = 'x' WHERE 0";

        // The gate let the write in; then its connection was closed where no interceptor hears it (seen on 7 December after aborted
        // writes: a holder with no transaction and a closed connection).
        await Gate.NonQueryExecutingAsync(command, null!, default);
        await connection.CloseAsync();

        await AddRoomAsync(school, "after a holder closed unheard");
        Assert.Equal(["after a holder closed unheard"], await RoomsAsync(school));
    }

    [Fact]
    public async Task A_writer_refused_after_its_wait_is_told_how_long_the_one_ahead_held_the_gate_and_where_it_took_it()
    {
        _app.Settings["Database:TraceWriteGate"] = "true";
        var school = await SchoolAsync();
        Gate.WaitLimit = TimeSpan.FromMilliseconds(400);
        await using var scope = _app.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await using var tx = await first.Database.BeginTransactionAsync();

        var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => AddRoomAsync(school, "2"));

        Assert.Equal(5, refused.SqliteErrorCode);
        Assert.Contains("waited 0.4 s", refused.Message);
        var held = System.Text.RegularExpressions.Regex.Match(refused.Message, @"had held it (\d+\.\d) s").Groups[1].Value;
        Assert.InRange(double.Parse(held, System.Globalization.CultureInfo.InvariantCulture), 0.4, 60);
        // The async test method by its own name, not its state machine's.
        const string test = nameof(A_writer_refused_after_its_wait_is_told_how_long_the_one_ahead_held_the_gate_and_where_it_took_it);
        Assert.Contains($"taken in {nameof(SqliteWriteGateTests)}.{test}", refused.Message);
        await tx.RollbackAsync();
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task How_long_a_writer_waited_for_the_gate_and_how_long_the_one_before_held_it_are_measured()
    {
        var school = await SchoolAsync();
        // This app's meter only: other tests' apps in the process publish instruments of the same name.
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentQueue<(string Name, double Ms)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteWriteGate.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, ms, _, _) => measured.Enqueue((instrument.Name, ms)));
        listener.Start();

        await using var scope = _app.Services.CreateAsyncScope();
        var first = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var tx = await first.Database.BeginTransactionAsync();
        first.Rooms.Add(new Room { SchoolId = school, Number = "1" });
        await first.SaveChangesAsync();
        var second = Task.Run(() => AddRoomAsync(school, "2"));
        await UntilWaitingAsync(1);
        // The second writer is already waiting: it waits at least this long, and the first holds the gate at least this long.
        await Task.Delay(300);
        await tx.CommitAsync();
        await second;

        Assert.Contains(measured, m => m is { Name: "sqlite.write_gate.wait", Ms: >= 300 });
        Assert.Contains(measured, m => m is { Name: "sqlite.write_gate.hold", Ms: >= 300 });
        // The first writer found the gate free (the app's background writers may add their own short entries).
        Assert.Contains(measured, m => m is { Name: "sqlite.write_gate.wait", Ms: < 300 });
    }
}
