using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Data;

/// <summary>
/// Reports read from a real PostgreSQL streaming replica (decision 0019): test.sh starts one of its throwaway cluster and names
/// it in SJ_TEST_POSTGRES_REPLICA. The tests pause the replica's replay to see who reads what: another user reads the replica's
/// older copy, the writer his own write from the primary. The diary's week and marks are read models of the read cache, built
/// on the primary (decision 0020: a model built from a lagging replica would be kept as fresh), so a parent sees a new mark at once.
/// These tests run in the PostgreSQL lane
/// only (the SQLite lane filters the trait out); without the replica they fail, saying so. One class, so they run one after
/// another: they pause the one replica.
/// </summary>
[Trait("Database", "Postgres")]
public sealed class ReplicaReadTests : IDisposable
{
    private readonly JournalApp _app = new();
    private readonly string _replicaServer;

    public ReplicaReadTests()
    {
        if (!JournalApp.OnPostgres || Environment.GetEnvironmentVariable("SJ_TEST_POSTGRES_REPLICA") is not { Length: > 0 } replica)
            throw new InvalidOperationException(
                "The replica tests need SJ_TEST_DB=Postgres and SJ_TEST_POSTGRES_REPLICA (a streaming replica of SJ_TEST_POSTGRES); "
                + "./test.sh starts one and sets both. The SQLite lane runs with --filter \"Database!=Postgres\".");
        _replicaServer = replica;
    }

    public void Dispose() => _app.Dispose();

    private sealed record School(Lesson Lesson, Student Pupil, StudyPeriod Quarter2, SchoolClass Class, TeachingGroup Math, StaffMember Teacher);

    // A class 5А whose class teacher «kozlova» teaches it mathematics (she writes marks and reads her class's reports), a
    // pupil with a parent «andreeva», the director «petrov»; a lesson on the test clock's Monday 23.11.
    private static async Task<School> BuildAsync(SchoolBuilder b, string suffix = "")
    {
        await b.SchoolAsync("МБОУ «СОШ № 1" + suffix + "»");
        await b.StaffAsync("Петров", "Олег", "Иванович", "petrov" + suffix, Roles.Director);
        var kozlova = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova" + suffix, Roles.ClassTeacher, Roles.Teacher);
        var a = await b.ClassAsync(5, "А", kozlova);
        var pupil = await b.StudentAsync(a, "Андреев", "Иван");
        var math = await b.GroupAsync("Математика", kozlova, [a]);
        var lesson = await b.LessonAsync(math, new DateOnly(2026, 11, 23), 1, kozlova, "Дроби");
        await b.ParentAsync("Андреева", "Елена", "andreeva" + suffix, pupil);
        return new School(lesson, pupil, b.Quarters[1], a, math, kozlova);
    }

    private void UseReplica(string server) =>
        _app.Settings["ConnectionStrings:Replica"] = new NpgsqlConnectionStringBuilder(server) { Database = _app.DatabaseName }.ConnectionString;

    private static string FailingMarks(School s) => $"/api/v1/reports/failing-marks?periodId={s.Quarter2.Id}&classId={s.Class.Id}";

    private static async Task<int> FailingCountAsync(HttpClient client, School s) =>
        (await client.GetFromJsonAsync<JsonElement>(FailingMarks(s))).GetProperty("total").GetProperty("marks").GetInt32();

    private static async Task<List<string>> DiaryMarksAsync(HttpClient client) =>
        (await client.GetPageAsync("/Diary?date=2026-11-23")).TextsOf("section#diary-week .mark");

    [Fact]
    public async Task Another_user_reads_the_replica_while_the_writer_reads_his_own_write_from_the_primary()
    {
        UseReplica(_replicaServer);
        var s = await _app.SeedAsync(b => BuildAsync(b));
        var writer = await _app.ApiClientAsync("kozlova");
        var director = await _app.ApiClientAsync("petrov");
        var parent = await _app.PageClientAsync("andreeva");
        await CaughtUpAsync();
        Assert.Equal(0, await FailingCountAsync(director, s));
        Assert.Empty(await DiaryMarksAsync(parent));

        await using (await PausedAsync())
        {
            var posted = await writer.PostAsJsonAsync($"/api/v1/lessons/{s.Lesson.Id}/marks", new { studentId = s.Pupil.Id, value = "2" });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

            // The writer sees his «2» at once: the replica has not replayed it, so his reads go to the primary.
            Assert.Equal(1, await FailingCountAsync(writer, s));
            var diary = await writer.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.Pupil.Id}/diary?from=2026-11-23&to=2026-11-23");
            Assert.Equal("2", diary.GetProperty("days")[0].GetProperty("lessons")[0].GetProperty("marks")[0].GetProperty("value").GetString());
            // The director's report comes from the paused replica: it does not have it yet. The parent's diary week is the
            // read cache's, rebuilt on the primary after the write: it has it.
            using (var commands = new ReplicaCommands(_app.DatabaseName, Port(_replicaServer)))
            {
                Assert.Equal(0, await FailingCountAsync(director, s));
                Assert.True(commands.Count >= 1, $"the report ran {commands.Count} commands on the replica");
                Assert.Equal(["2"], await DiaryMarksAsync(parent));
            }
        }

        // Replay resumed: the others catch up.
        await CaughtUpAsync();
        Assert.Equal(1, await FailingCountAsync(director, s));
        Assert.Equal(["2"], await DiaryMarksAsync(parent));
    }

    [Fact]
    public async Task With_the_replica_down_reports_and_the_diary_read_from_the_primary()
    {
        UseReplica($"Host=127.0.0.1;Port={DeadPort()};Username=postgres;Timeout=2");
        var s = await _app.SeedAsync(async b =>
        {
            var school = await BuildAsync(b);
            await b.MarkAsync(school.Lesson, school.Pupil, "2");
            return school;
        });
        var director = await _app.ApiClientAsync("petrov");
        var parent = await _app.PageClientAsync("andreeva");

        Assert.Equal(1, await FailingCountAsync(director, s));
        Assert.Equal(["2"], await DiaryMarksAsync(parent));
        var page = await director.GetAsync($"/api/v1/students/{s.Pupil.Id}/diary?from=2026-11-23&to=2026-11-29");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task When_the_replica_stops_under_a_running_app_the_next_reads_come_from_the_primary()
    {
        var replica = new NpgsqlConnectionStringBuilder(_replicaServer);
        await using var relay = new TcpRelay(replica.Host!, replica.Port);
        replica.Port = relay.Port;
        UseReplica(replica.ConnectionString);
        // Ask the replica on every request (by default a node trusts what it saw within the last second).
        _app.Settings["Replica:CheckSeconds"] = "0";
        var s = await _app.SeedAsync(async b =>
        {
            var school = await BuildAsync(b);
            await b.MarkAsync(school.Lesson, school.Pupil, "2");
            return school;
        });
        var director = await _app.ApiClientAsync("petrov");
        var parent = await _app.PageClientAsync("andreeva");
        await CaughtUpAsync();
        using (var commands = new ReplicaCommands(_app.DatabaseName, relay.Port))
        {
            Assert.Equal(1, await FailingCountAsync(director, s));
            Assert.Equal(["2"], await DiaryMarksAsync(parent));
            Assert.True(commands.Count >= 1, $"the report ran {commands.Count} commands on the replica");
        }

        // The pooled connections to the replica break, new ones are refused.
        relay.Stop();

        Assert.Equal(1, await FailingCountAsync(director, s));
        Assert.Equal(["2"], await DiaryMarksAsync(parent));
    }

    [Fact]
    public async Task On_the_replica_a_school_reads_only_its_own_data()
    {
        UseReplica(_replicaServer);
        var (first, second) = await _app.SeedAsync(async b =>
        {
            var one = await BuildAsync(b);
            await b.MarkAsync(one.Lesson, one.Pupil, "2");
            var two = await BuildAsync(b, "2");
            await b.MarkAsync(two.Lesson, two.Pupil, "2");
            await b.MarkAsync(await b.LessonAsync(two.Math, new DateOnly(2026, 11, 24), 1, two.Teacher), two.Pupil, "1");
            return (one, two);
        });
        var director = await _app.ApiClientAsync("petrov");
        var parent = await _app.PageClientAsync("andreeva");
        await CaughtUpAsync();

        using var commands = new ReplicaCommands(_app.DatabaseName, Port(_replicaServer));
        // The whole school's report: the first school's one «2», not the second's «2» and «1».
        var report = await director.GetFromJsonAsync<JsonElement>($"/api/v1/reports/failing-marks?periodId={first.Quarter2.Id}");
        Assert.Equal(1, report.GetProperty("total").GetProperty("marks").GetInt32());
        // Another school's pupil and period are not found through the replica either.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await director.GetAsync($"/api/v1/students/{second.Pupil.Id}/diary?from=2026-11-23&to=2026-11-29")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await director.GetAsync($"/api/v1/reports/failing-marks?periodId={second.Quarter2.Id}")).StatusCode);
        Assert.Equal(["2"], await DiaryMarksAsync(parent));
        Assert.True(commands.Count >= 3, $"the reads ran {commands.Count} commands on the replica");
    }

    // --- the replica --------------------------------------------------------------------------------------------------

    private static int Port(string server) => new NpgsqlConnectionStringBuilder(server).Port;

    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<T> ScalarAsync<T>(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the replica has replayed everything the primary had written when it was called.</summary>
    private async Task CaughtUpAsync()
    {
        var written = await ScalarAsync<NpgsqlLogSequenceNumber>(JournalApp.PostgresServer, "SELECT pg_current_wal_insert_lsn()");
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<NpgsqlLogSequenceNumber>(_replicaServer, "SELECT pg_last_wal_replay_lsn()") < written)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"the replica has not replayed {written} in 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Pauses the replica's replay (it keeps receiving WAL) until disposed.</summary>
    private async Task<IAsyncDisposable> PausedAsync()
    {
        await ExecuteAsync(_replicaServer, "SELECT pg_wal_replay_pause()");
        var clock = Stopwatch.StartNew();
        // Paused once the startup process has seen the request; before that no record is replayed after it anyway.
        while (await ScalarAsync<string>(_replicaServer, "SELECT pg_get_wal_replay_pause_state()") != "paused" && clock.Elapsed.TotalSeconds < 3)
            await Task.Delay(20);
        return new Resume(_replicaServer);
    }

    private sealed class Resume(string server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExecuteAsync(server, "SELECT pg_wal_replay_resume()");
    }

    /// <summary>A TCP relay in front of the replica that the test can cut: its open connections close, new ones are refused.</summary>
    private sealed class TcpRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _open = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly string _host;
        private readonly int _port;

        public TcpRelay(string host, int port)
        {
            (_host, _port) = (host, port);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
                var server = new TcpClient();
                await server.ConnectAsync(_host, _port);
                lock (_open) { _open.Add(client); _open.Add(server); }
                _ = PumpAsync(client.GetStream(), server.GetStream());
                _ = PumpAsync(server.GetStream(), client.GetStream());
            }
        }

        private async Task PumpAsync(Stream from, Stream to)
        {
            try { await from.CopyToAsync(to, _stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
        }

        public void Stop()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_open) foreach (var c in _open) c.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Stop();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Counts the commands EF Core sends to this test's database on the replica's port.</summary>
    private sealed class ReplicaCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly int _port;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public ReplicaCommands(string database, int port)
        {
            (_database, _port) = (database, port);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && data.Command.Connection is NpgsqlConnection c && c.Port == _port && c.Database == _database)
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}
