using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using SchoolJournal.Web.Demo;

namespace SchoolJournal.NodeTests;

[CollectionDefinition(Name)]
public sealed class NodeLaneCollection : ICollectionFixture<NodeLane>
{
    public const string Name = "two nodes";
}

/// <summary>
/// The production layout of docs/guides/admin.md («Несколько узлов») on this machine, for the lane's tests: a fresh database
/// on the PostgreSQL of test.sh, its schema and the smallest demo school made once by the app's own seed-demo command
/// straight against PostgreSQL; PgBouncer in transaction mode in front of it; two app nodes as real processes
/// (<c>dotnet SchoolJournal.Web.dll</c>, Production) that reach PostgreSQL only through PgBouncer, share Redis (keys,
/// cache, SignalR backplane) and send mail to the SMTP server of test.sh; HAProxy in front of both, round robin,
/// WebSockets passed through. Everything it starts is stopped in <see cref="DisposeAsync"/>; the pids are also written to
/// the lane folder (SJ_TEST_NODES_DIR) so test.sh can stop what a crashed test host left.
/// </summary>
public sealed class NodeLane : IAsyncLifetime
{
    /// <summary>PgBouncer's name for the lane's database; the nodes' connection string names it.</summary>
    public const string PooledDatabase = "sjnodes";
    /// <summary>PgBouncer's server connections to PostgreSQL (default_pool_size): fewer than the nodes' clients, so pooling shows.</summary>
    public const int PoolSize = 6;
    /// <summary>The outbox's and the sender's lease on a node (production: 2 minutes): a row a killed node held is taken over after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    private readonly List<Process> _helpers = [];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private bool _ownDir;

    public string Dir { get; private set; } = "";
    public string Database { get; private set; } = "";
    public int BouncerPort { get; private set; }
    public int ProxyPort { get; private set; }
    public string ProxyUrl => $"http://127.0.0.1:{ProxyPort}";
    public Node A { get; private set; } = null!;
    public Node B { get; private set; } = null!;

    /// <summary>The sender address of this run's letters: the Maildir is shared with the other lanes.</summary>
    public string MailFrom => $"nodes-{_tag}@schooljournal.test";
    public string Maildir { get; } = Required("SJ_TEST_MAILDIR");
    public string RunTag => _tag;
    /// <summary>How long the lane took to start (printed by a test).</summary>
    public string Started { get; private set; } = "";

    private static readonly string PostgresServer = Required("SJ_TEST_POSTGRES");
    private static readonly string Redis = Required("SJ_TEST_REDIS");
    private static readonly string Smtp = Required("SJ_TEST_SMTP");
    /// <summary>
    /// The hook for the read replica (issue 16, built apart): when SJ_TEST_NODES_REPLICA holds a connection string, the nodes get it
    /// as ConnectionStrings:Replica.
    /// </summary>
    private static readonly string? Replica = Environment.GetEnvironmentVariable("SJ_TEST_NODES_REPLICA") is { Length: > 0 } r ? r : null;

    /// <summary>The lane's database straight on PostgreSQL (the tests' own reads; the schema and seed).</summary>
    public string DirectConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = Database }.ConnectionString;

    /// <summary>
    /// What a node is given: PgBouncer's port and database name; No Reset On Close (PgBouncer, not the client, owns a server
    /// connection between transactions: Npgsql's DISCARD ALL on a pooled connection would only cost a round trip);
    /// Max Auto Prepare=0 (the default, written out: PgBouncer 1.18 cannot keep a prepared statement across transactions).
    /// </summary>
    public string NodeConnectionString =>
        $"Host=127.0.0.1;Port={BouncerPort};Database={PooledDatabase};Username=postgres;No Reset On Close=true;Max Auto Prepare=0;" +
        "Maximum Pool Size=30;Timeout=15";

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable("SJ_TEST_NODES_DIR") is { Length: > 0 } dir) Dir = dir;
        else
        {
            Dir = Path.Combine(Path.GetTempPath(), "sj-nodes-" + _tag);
            _ownDir = true;
        }
        Directory.CreateDirectory(Dir);

        Database = "sj_nodes_" + _tag;
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        // The schema and the demo school once, by the app's command, straight on PostgreSQL: migrations take session-level
        // locks and run for seconds, and PgBouncer is no place for them.
        var seed = await RunToEndAsync(Dotnet(), $"\"{WebDll}\" seed-demo --students-per-school 1", new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production", ["Database__Provider"] = "Postgres", ["ConnectionStrings__Postgres"] = DirectConnectionString,
            ["Audit__KeyFile"] = Path.Combine(Dir, "audit-anchor.key"), ["Audit__AnchorDirectory"] = Path.Combine(Dir, "audit-anchors"),
        }, TimeSpan.FromSeconds(120));
        File.WriteAllText(Path.Combine(Dir, "seed.log"), seed.Output);
        var seeded = clock.Elapsed;
        if (seed.ExitCode != 0) throw new InvalidOperationException("seed-demo завершилась с кодом " + seed.ExitCode + ":\n" + seed.Output);

        BouncerPort = FreePort();
        StartBouncer();
        await WaitForPortAsync(BouncerPort, "PgBouncer", Path.Combine(Dir, "pgbouncer.log"));

        A = new Node(this, "a", FreePort());
        B = new Node(this, "b", FreePort());
        A.Start();
        B.Start();
        await Task.WhenAll(A.WaitHealthyAsync(), B.WaitHealthyAsync());

        ProxyPort = FreePort();
        StartProxy();
        await WaitHealthyAsync(ProxyUrl, "HAProxy", Path.Combine(Dir, "haproxy.log"));
        Started = $"seed-demo {seeded.TotalSeconds:0.0} s, PgBouncer + two nodes + HAProxy up at {clock.Elapsed.TotalSeconds:0.0} s";
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { A, B }) node?.Stop();
        foreach (var p in _helpers)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync();
            p.Dispose();
        }
        if (Database.Length > 0)
        {
            try
            {
                await using var admin = new NpgsqlConnection(PostgresServer);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException) { } // the cluster of test.sh goes away with its folder anyway
        }
        // Stopped: the pid files go, so that test.sh's cleanup never signals a pid the system has given to another process since.
        foreach (var pid in Directory.Exists(Dir) ? Directory.GetFiles(Dir, "*.pid") : []) File.Delete(pid);
        if (_ownDir) try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    // ---- PgBouncer and HAProxy ----

    private void StartBouncer()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer);
        var users = Path.Combine(Dir, "userlist.txt");
        File.WriteAllText(users, "\"postgres\" \"\"\n");
        var ini = Path.Combine(Dir, "pgbouncer.ini");
        // The production settings of docs/guides/admin.md; trust instead of scram-sha-256 because the throwaway cluster trusts.
        File.WriteAllText(ini, $"""
            [databases]
            {PooledDatabase} = host={server.Host} port={server.Port} dbname={Database}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {BouncerPort}
            unix_socket_dir =
            auth_type = trust
            auth_file = {users}
            admin_users = postgres
            pool_mode = transaction
            default_pool_size = {PoolSize}
            max_client_conn = 200
            server_reset_query =
            ignore_startup_parameters = extra_float_digits
            """);
        // PgBouncer refuses to run as root; test.sh runs as root in its container.
        var asUser = Environment.UserName == "root" ? "-u postgres " : "";
        _helpers.Add(StartLogged("/usr/sbin/pgbouncer", $"{asUser}\"{ini}\"", Path.Combine(Dir, "pgbouncer.log"), "pgbouncer"));
    }

    private void StartProxy()
    {
        var cfg = Path.Combine(Dir, "haproxy.cfg");
        // Round robin over both nodes for a client without the proxy's cookie; a browser keeps the node it got (SJNODE cookie):
        // SignalR's negotiate request and the WebSocket that follows must reach the same node. A node that stops answering
        // /health leaves the rotation within a second, and a request whose connection is refused goes to the other node
        // (redispatch; a cookie naming a dead node is ignored). WebSockets: HAProxy passes the Upgrade through and keeps the
        // tunnel open for «timeout tunnel».
        File.WriteAllText(cfg, $"""
            global
                maxconn 2000

            defaults
                mode http
                timeout connect 2s
                timeout client 60s
                timeout server 60s
                timeout tunnel 1h
                retries 2
                option redispatch
                option forwardfor

            frontend web
                bind 127.0.0.1:{ProxyPort}
                default_backend nodes

            backend nodes
                balance roundrobin
                cookie SJNODE insert indirect nocache httponly
                option httpchk GET /health
                http-response set-header X-Served-By %s
                default-server inter 500ms fall 2 rise 1
                server a 127.0.0.1:{A.Port} check cookie a
                server b 127.0.0.1:{B.Port} check cookie b
            """ + "\n");
        _helpers.Add(StartLogged("/usr/sbin/haproxy", $"-db -f \"{cfg}\"", Path.Combine(Dir, "haproxy.log"), "haproxy"));
    }

    // ---- the app nodes ----

    public sealed class Node(NodeLane lane, string name, int port)
    {
        private Process? _process;

        public string Name => name;
        public int Port => port;
        public string Url => $"http://127.0.0.1:{port}";
        public bool Running => _process is { HasExited: false };

        public void Start()
        {
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = Url,
                ["Database__Provider"] = "Postgres",
                ["Database__Migrate"] = "false",
                ["Database__SeedDemo"] = "false",
                ["ConnectionStrings__Postgres"] = lane.NodeConnectionString,
                // The lane's own Redis database (keys and cache) and channel prefix (backplane): the other lanes share this Redis.
                ["ConnectionStrings__Redis"] = $"{Redis},defaultDatabase=9",
                ["Redis__ChannelPrefix"] = $"sj-nodes-{lane._tag}:",
                ["Notifications__Smtp__Host"] = Smtp.Split(':')[0],
                ["Notifications__Smtp__Port"] = Smtp.Split(':')[1],
                ["Notifications__Smtp__From"] = $"Электронный дневник <{lane.MailFrom}>",
                ["Notifications__Lease"] = Lease.ToString(),
                ["Outbox__Lease"] = Lease.ToString(),
                ["Outbox__PollInterval"] = "00:00:01",
                ["Audit__KeyFile"] = Path.Combine(lane.Dir, "audit-anchor.key"),
                ["Audit__AnchorDirectory"] = Path.Combine(lane.Dir, "audit-anchors"),
                ["Files__Path"] = Path.Combine(lane.Dir, "files"),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            };
            if (Replica is not null) env["ConnectionStrings__Replica"] = Replica;
            _process = StartLogged(Dotnet(), $"\"{WebDll}\"", Path.Combine(lane.Dir, $"node-{name}.log"), $"node-{name}", env);
            File.WriteAllText(Path.Combine(lane.Dir, $"node-{name}.pid"), _process.Id.ToString(CultureInfo.InvariantCulture));
        }

        public Task WaitHealthyAsync() => NodeLane.WaitHealthyAsync(Url, $"узел {name}", Path.Combine(lane.Dir, $"node-{name}.log"));

        /// <summary>kill -9: no shutdown, no flush, no goodbye to PgBouncer, Redis or the proxy.</summary>
        public void KillHard()
        {
            if (_process is null) return;
            using var kill = Process.Start("kill", ["-9", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            _process.WaitForExit();
        }

        /// <summary>Starts the node again if a test killed it.</summary>
        public async Task EnsureRunningAsync()
        {
            if (Running) return;
            _process?.Dispose();
            Start();
            await WaitHealthyAsync();
        }

        public void Stop()
        {
            if (_process is null) return;
            try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
            _process.WaitForExit();
            _process.Dispose();
            _process = null;
        }
    }

    // ---- processes ----

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v
            : throw new InvalidOperationException(
                $"{name} не задана: полоса двух узлов запускается из test.sh, который задаёт SJ_TEST_POSTGRES, SJ_TEST_REDIS и SJ_TEST_SMTP.");

    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The web project's build output of this configuration, found from the test's own bin folder.</summary>
    private static string WebDll
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = bin.Name;
            var configuration = bin.Parent!.Name;
            var root = bin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "SchoolJournal.slnx"))) root = root.Parent;
            if (root is null)
                throw new InvalidOperationException("Не найден корень репозитория (SchoolJournal.slnx) выше " + AppContext.BaseDirectory);
            var dll = Path.Combine(root.FullName, "src", "SchoolJournal.Web", "bin", configuration, framework, "SchoolJournal.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Нет сборки приложения: " + dll);
        }
    }

    /// <summary>Starts a program with its output appended to a log file (through sh, so the pid is the program's own).</summary>
    private static Process StartLogged(string file, string arguments, string log, string name, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", $"exec \"{file}\" {arguments} >>\"{log}\" 2>&1"]) { UseShellExecute = false };
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Не запустился " + name);
        var pids = Environment.GetEnvironmentVariable("SJ_TEST_NODES_DIR");
        if (pids is { Length: > 0 }) File.WriteAllText(Path.Combine(pids, name + ".pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        return process;
    }

    public sealed record Run(int ExitCode, string Output);

    public static async Task<Run> RunToEndAsync(string file, string arguments, IDictionary<string, string>? env, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {arguments} не завершился за {timeout.TotalSeconds} с");
        }
        return new Run(process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, string what, string log)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"{what} не открыл порт {port}:\n" + Tail(log));
    }

    private static async Task WaitHealthyAsync(string url, string what, string log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if ((await http.GetAsync(url + "/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{what} не ответил 200 на /health за 60 с:\n" + Tail(log));
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(40)) : "(нет журнала " + log + ")";

    public static string DemoPassword => DemoSeeder.Password;
}
