using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over HTTP on a database of its own: a fresh SQLite file, or a fresh PostgreSQL database
/// when SJ_TEST_DB=Postgres (SJ_TEST_POSTGRES holds the server's connection string; test.sh sets both).
/// </summary>
public class JournalApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-pass1";

    private readonly string _dbName = "sj_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _sqlitePath;

    public JournalApp()
    {
        _sqlitePath = Path.Combine(Path.GetTempPath(), _dbName + ".db");
        FilesPath = Path.Combine(Path.GetTempPath(), _dbName + "-files");
    }

    /// <summary>The app's Files:Path (homework attachments): a folder of its own, removed with the app.</summary>
    public string FilesPath { get; }

    /// <summary>The database's own name: part of its connection string on either provider.</summary>
    public string DatabaseName => _dbName;

    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("SJ_TEST_DB"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("SJ_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres";

    /// <summary>The clock the app sees; tests move it.</summary>
    public FixedTime Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3)));

    /// <summary>Extra settings a test wants (e.g. a lower lockout threshold).</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:SeedDemo"] = "false",
            ["Database:Migrate"] = "true",
            ["Files:Path"] = FilesPath,
            // The outbox dispatcher runs only in the tests that watch it (they set Outbox:Enabled=true or call OutboxWorker).
            ["Outbox:Enabled"] = "false",
        };
        if (OnPostgres)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _dbName }.ConnectionString;
        }
        else
        {
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Sqlite"] = $"Data Source={_sqlitePath};Foreign Keys=True";
        }
        foreach (var (k, v) in Settings) settings[k] = v;
        // Program reads the provider, connection string and security options while building, before
        // ConfigureAppConfiguration callbacks run; settings given as host settings are visible by then.
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Time);
        });
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
        if (OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            using var conn = new NpgsqlConnection(PostgresServer);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_dbName}\" WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
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
