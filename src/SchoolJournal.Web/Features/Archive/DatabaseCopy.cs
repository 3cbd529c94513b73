using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// The configured database into one file and back, consistent while the app writes: SQLite through its online backup API,
/// PostgreSQL through <c>pg_dump -Fc</c> on a snapshot the row counts are read in too, and <c>pg_restore</c> in one transaction.
/// </summary>
public sealed class DatabaseCopy(JournalDbContext db, IConfiguration config, IHostEnvironment env)
{
    public sealed record Snapshot(string SchemaVersion, SortedDictionary<string, long> Tables);

    public const string History = "__EFMigrationsHistory";

    public string Provider => DataSetup.Provider(config);

    public string FileName => Provider == DataSetup.Postgres ? "journal.dump" : "journal.db";

    /// <summary>The migrations this version of the app knows, oldest first: a copy whose schema is not among them is newer.</summary>
    public IReadOnlyList<string> KnownMigrations => [.. db.Database.GetMigrations()];

    /// <summary>The model's tables and the migrations history: what a manifest counts.</summary>
    public IReadOnlyList<string> Tables =>
        [.. db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append(History).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A copy of an older schema is brought up to this version's after it is restored.</summary>
    public Task MigrateAsync(CancellationToken ct) => db.Database.MigrateAsync(ct);

    /// <summary>Whether the database holds a school; a database without the app's tables holds nothing to lose.</summary>
    public async Task<bool> HasDataAsync(CancellationToken ct)
    {
        try
        {
            return await db.Schools.IgnoreQueryFilters().AnyAsync(ct);
        }
        catch (DbException)
        {
            return false;
        }
    }

    public Task<Snapshot> CopyToAsync(string file, CancellationToken ct) =>
        Provider == DataSetup.Postgres ? DumpPostgresAsync(file, ct) : CopySqliteAsync(file, ct);

    public async Task RestoreFromAsync(string file, CancellationToken ct)
    {
        if (Provider == DataSetup.Postgres) await RestorePostgresAsync(file, ct);
        else await RestoreSqliteAsync(file, ct);
    }

    private static string ReadOnly(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString();

    private string SqliteSource => DataSetup.SqliteConnectionString(config, env.ContentRootPath);

    private async Task<Snapshot> CopySqliteAsync(string file, CancellationToken ct)
    {
        await using (var source = new SqliteConnection(SqliteSource))
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            // One step under one read transaction: the copy is the database as of a single moment; WAL writers go on meanwhile.
            source.BackupDatabase(target);
            await using var mode = target.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode=DELETE;";
            await mode.ExecuteNonQueryAsync(ct);
        }
        await using var copy = new SqliteConnection(ReadOnly(file));
        await copy.OpenAsync(ct);
        return await ReadSnapshotAsync(copy, null, ct);
    }

    private async Task RestoreSqliteAsync(string file, CancellationToken ct)
    {
        SqliteConnection.ClearAllPools();
        await using var source = new SqliteConnection(ReadOnly(file));
        await using var target = new SqliteConnection(SqliteSource);
        await source.OpenAsync(ct);
        await target.OpenAsync(ct);
        // The backup API replaces the target's pages in one write transaction: a failure leaves the target as it was.
        source.BackupDatabase(target);
        await using var wal = target.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        await wal.ExecuteNonQueryAsync(ct);
        SqliteConnection.ClearAllPools();
    }

    private NpgsqlConnectionStringBuilder PostgresTarget => new(config.GetConnectionString(DataSetup.Postgres));

    private async Task<Snapshot> DumpPostgresAsync(string file, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(PostgresTarget.ConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshotId;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", conn, tx))
            snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;
        // The counts and pg_dump read the same snapshot: the manifest describes exactly what the dump holds.
        var snapshot = await ReadSnapshotAsync(conn, tx, ct);
        await RunAsync(Tool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshotId}", $"--file={file}"], ct);
        await tx.CommitAsync(ct);
        return snapshot;
    }

    private async Task RestorePostgresAsync(string file, CancellationToken ct)
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Tool("pg_restore"),
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", file], ct);
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<Snapshot> ReadSnapshotAsync(DbConnection conn, DbTransaction? tx, CancellationToken ct)
    {
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            await using var count = conn.CreateCommand();
            count.Transaction = tx;
            // Table names come from the app's own model, never from input; identifiers cannot be parameters.
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            tables[table] = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        await using var last = conn.CreateCommand();
        last.Transaction = tx;
        last.CommandText = $"SELECT \"MigrationId\" FROM \"{History}\" ORDER BY \"MigrationId\" DESC LIMIT 1";
        var schema = await last.ExecuteScalarAsync(ct) as string ?? "";
        return new Snapshot(schema, tables);
    }

    /// <summary>Backup:PgBin if set, else PATH, else the newest /usr/lib/postgresql/*/bin.</summary>
    private string Tool(string name)
    {
        if (config["Backup:PgBin"] is { Length: > 0 } bin) return Path.Combine(bin, name);
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(dir => Path.Combine(dir, "bin", name)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            $"Не найдена программа {name}: установите клиент PostgreSQL или укажите каталог с ней в настройке Backup:PgBin.");
    }

    /// <summary>Runs a PostgreSQL client on the configured database; the password goes by environment, never on the command line.</summary>
    private async Task RunAsync(string tool, string[] args, CancellationToken ct)
    {
        var target = PostgresTarget;
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add($"--host={target.Host}");
        start.ArgumentList.Add($"--port={target.Port}");
        start.ArgumentList.Add($"--username={target.Username}");
        start.ArgumentList.Add($"--dbname={target.Database}");
        start.ArgumentList.Add("--no-password");
        if (target.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Не удалось запустить {tool}.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(tool)} завершился с кодом {process.ExitCode}: {(await stderr).Trim()}");
    }
}
