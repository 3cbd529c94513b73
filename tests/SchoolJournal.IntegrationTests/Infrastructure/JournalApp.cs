using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP on a database of its own: a fresh SQLite file, or a fresh PostgreSQL database
/// when SJ_TEST_DB=Postgres (SJ_TEST_POSTGRES holds the server's connection string; test.sh sets both).
/// The database is a copy of the run's migrated template (<see cref="TemplateDatabase"/>) unless the test asks the
/// app to migrate it (<see cref="Migrate"/>) or points the app at another app's database (two nodes, one database).
/// </summary>
public class JournalApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-pass1";

    private readonly string _ownName = "sj_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _sqlitePath;
    private string? _dbName;
    private bool _rented;

    public JournalApp()
    {
        _sqlitePath = Path.Combine(Path.GetTempPath(), _ownName + ".db");
        FilesPath = Path.Combine(Path.GetTempPath(), _ownName + "-files");
        DataPath = Path.Combine(Path.GetTempPath(), _ownName + "-data");
    }

    /// <summary>The app's backups, audit anchors, anchor key and check results: a folder of its own, removed with the app.</summary>
    public string DataPath { get; }

    /// <summary>The app's Files:Path (homework attachments): a folder of its own, removed with the app.</summary>
    public string FilesPath { get; }

    /// <summary>The database's own name: part of its connection string on either provider.</summary>
    public string DatabaseName => _dbName ??= RentOrName();

    // On PostgreSQL a migrated database comes from the run's pool; one the app migrates itself is a new name.
    private string RentOrName()
    {
        if (!OnPostgres || Migrate) return _ownName;
        _rented = true;
        return TemplateDatabase.RentPostgres();
    }

    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("SJ_TEST_DB"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("SJ_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres";

    /// <summary>The clock the app sees; tests move it.</summary>
    public FixedTime Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3)));

    /// <summary>Extra settings a test wants (e.g. a lower lockout threshold).</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>The app migrates an empty database on start, as a new installation does, instead of the template copy.</summary>
    public bool Migrate { get; init; }

    /// <summary>A SQLite file to start from instead of the migrated template (a school another app seeded); copied, never opened.</summary>
    public string? SqliteCopyOf { get; set; }

    /// <summary>
    /// PBKDF2 iterations of the tests' password hashes. Production keeps Identity's 100,000 (a test proves it); a
    /// hash at that strength costs about 40 ms of CPU, and a test's school signs up several accounts.
    /// </summary>
    public const int TestHashIterations = 1_000;

    /// <summary>The app hashes passwords at its production strength (the test of that setting).</summary>
    public bool ProductionPasswordHashing { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:SeedDemo"] = "false",
            ["Database:Migrate"] = Migrate ? "true" : "false",
            ["Files:Path"] = FilesPath,
            // The outbox dispatcher runs only in the tests that watch it (they set Outbox:Enabled=true or call OutboxWorker).
            ["Outbox:Enabled"] = "false",
            // Tests sign in many times a minute from one client; the rate-limit tests turn the limiter on.
            ["RateLimits:Enabled"] = "false",
            // The nightly backup and check run only when a test calls them.
            ["Backup:Enabled"] = "false",
            // A withdrawal's account is closed on its day by a background pass; the tests that watch it run the pass themselves.
            ["Accounts:CloseLeavers"] = "false",
            ["Backup:Directory"] = Path.Combine(DataPath, "backups"),
            ["Archive:Directory"] = Path.Combine(DataPath, "archive"),
            ["Audit:AnchorDirectory"] = Path.Combine(DataPath, "audit-anchors"),
            ["Audit:KeyFile"] = Path.Combine(DataPath, "keys", "audit-anchor.key"),
            ["Audit:ResultFile"] = Path.Combine(DataPath, "verify", "last.json"),
        };
        var ownDatabase = !Settings.ContainsKey("ConnectionStrings:Postgres") && !Settings.ContainsKey("ConnectionStrings:Sqlite");
        if (OnPostgres)
        {
            settings["Database:Provider"] = "Postgres";
            // The application name is the app's own, so its connection string, and with it Npgsql's pool, is its own too. A rented
            // database's name comes back in a later test, and the return ends every backend still connected to it: an idle
            // connection left in a pool both apps shared would reach the next test dead.
            if (ownDatabase)
                settings["ConnectionStrings:Postgres"] =
                    new NpgsqlConnectionStringBuilder(PostgresServer) { Database = DatabaseName, ApplicationName = _ownName }.ConnectionString;
        }
        else
        {
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Sqlite"] = $"Data Source={_sqlitePath};Foreign Keys=True";
        }
        // A writer refused after waiting out the busy timeout then names where the writer ahead took the gate (SqliteWriteGate).
        if (Environment.GetEnvironmentVariable("SJ_TEST_APP_ERRORS") is { Length: > 0 }) settings["Database:TraceWriteGate"] = "true";
        foreach (var (k, v) in Settings) settings[k] = v;
        if (ownDatabase && !Migrate && !OnPostgres)
        {
            if (SqliteCopyOf is not null) File.Copy(SqliteCopyOf, _sqlitePath);
            else TemplateDatabase.CopySqlite(_sqlitePath);
        }
        // Program reads the provider, connection string and security options while building, before
        // ConfigureAppConfiguration callbacks run; settings given as host settings are visible by then.
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        var errors = Environment.GetEnvironmentVariable("SJ_TEST_APP_ERRORS") is { Length: > 0 } file ? file : null;
        if (errors is not null)
            builder.ConfigureLogging(l => l.AddProvider(new AppErrorLog(errors, _ownName)));
        builder.ConfigureServices(s =>
        {
            if (errors is not null) s.AddSingleton<IStartupFilter>(new AppErrorLog.ServerErrors(errors, _ownName));
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Time);
            if (!ProductionPasswordHashing)
                s.Configure<PasswordHasherOptions>(o => o.IterationCount = TestHashIterations);
            s.RemoveAll<IModelMetadataProvider>();
            s.AddSingleton<IModelMetadataProvider>(SharedMetadata.Of);
            // A context from EF's pool keeps EF's logging cache from lease to lease: having found no diagnostic listener, it raises
            // no event for a second. A CommandCounter that starts listening after a warm-up request would hear none of the next
            // request's commands (the PostgreSQL lane's round-trip tests, 6 December; on SQLite it heard them, most likely because the
            // write gate's command interceptor makes EF build every command's event). The counter hears every command.
            var failures = errors is null ? null : new AppErrorLog.ConnectionFailures(errors, _ownName);
            void Configure(DbContextOptionsBuilder o)
            {
                o.ConfigureLoggingCacheTime(TimeSpan.Zero);
                if (failures is not null) o.AddInterceptors(failures);
            }
            s.ConfigureDbContext<PostgresJournalDbContext>(Configure, ServiceLifetime.Singleton);
            s.ConfigureDbContext<SqliteJournalDbContext>(Configure, ServiceLifetime.Singleton);
        });
    }

    /// <summary>
    /// One model-metadata cache for every app of the test run. Each app builds its Razor Pages' descriptors on start, and with them
    /// the metadata of every page-model property (attributes and nullability read by reflection): 7.6 % of the SQLite lane's CPU in
    /// a perf profile (6 December), repeated for each of the lane's thousand apps. The metadata is a function of the types and of
    /// MVC's options, which every app configures alike (the app changes none of them), so the first app's provider serves the rest.
    /// Its details providers hold nothing an app disposes (no string localizer: the app has no data-annotation localization).
    /// </summary>
    private static class SharedMetadata
    {
        private static readonly Lock Gate = new();
        private static DefaultModelMetadataProvider? _provider;

        public static IModelMetadataProvider Of(IServiceProvider services)
        {
            lock (Gate)
                return _provider ??= new DefaultModelMetadataProvider(
                    services.GetRequiredService<ICompositeMetadataDetailsProvider>(), services.GetRequiredService<IOptions<MvcOptions>>());
        }
    }

    /// <summary>Builds data straight in the database, as a school would have it, before the test calls HTTP.</summary>
    public async Task<T> SeedAsync<T>(Func<SchoolBuilder, Task<T>> build)
    {
        _ = Server; // the host migrates on start
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        db.SuppressDiaryEvents = true; // seeded data is the school's past, not news for the diaries
        var builder = new SchoolBuilder(
            db,
            scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>());
        return await build(builder);
    }

    /// <summary>A client signed in with a bearer token from /api/v1/auth/login.</summary>
    public async Task<HttpClient> ApiClientAsync(string login, string password = Password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client signed in through the login page (cookie and antiforgery).</summary>
    public async Task<HttpClient> PageClientAsync(string login, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await Forms.PostAsync(client, "/Account/Login", new() { ["Input.Login"] = login, ["Input.Password"] = password });
        if ((int)response.StatusCode != 302)
            throw new InvalidOperationException($"Вход {login} не удался: {(int)response.StatusCode}");
        return client;
    }

    public sealed record TokenResponse(string AccessToken, int ExpiresIn);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        if (Directory.Exists(FilesPath)) Directory.Delete(FilesPath, recursive: true);
        if (Directory.Exists(DataPath)) Directory.Delete(DataPath, recursive: true);
        if (OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            // The factory's Dispose and DisposeAsync both end here: a database handed back twice would serve two tests at once.
            if (_rented)
            {
                _rented = false;
                TemplateDatabase.ReturnPostgres(_dbName!);
            }
            else
            {
                using var conn = new NpgsqlConnection(PostgresServer);
                conn.Open();
                using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_ownName}\" WITH (FORCE)", conn);
                cmd.ExecuteNonQuery();
            }
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }
}

/// <summary>A clock the test sets; the app reads it through TimeProvider.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
