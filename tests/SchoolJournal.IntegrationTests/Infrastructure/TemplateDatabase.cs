using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// One migrated database per provider and test run, copied for every test: running every migration for each of
/// two thousand tests was most of the suite's time. Each test still gets a database of its own — a copy of the
/// SQLite file, or <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL — and the template goes at the end of the run.
/// A test that wants the app to migrate an empty database itself sets <see cref="JournalApp.Migrate"/>.
/// </summary>
public static class TemplateDatabase
{
    private static readonly string Name = $"sj_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
    private static readonly Lazy<string> SqliteFile = new(CreateSqlite);
    private static readonly Lazy<string> PostgresName = new(CreatePostgres);

    /// <summary>Makes <paramref name="sqlitePath"/> a migrated database of its own.</summary>
    public static void CopySqlite(string sqlitePath) => File.Copy(SqliteFile.Value, sqlitePath);

    /// <summary>Creates the PostgreSQL database <paramref name="name"/>, migrated, from the run's template.</summary>
    public static void CreatePostgres(string name)
    {
        using var conn = new NpgsqlConnection(JournalApp.PostgresServer);
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{PostgresName.Value}\"", conn);
        cmd.ExecuteNonQuery();
    }

    private static string CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), Name + ".db");
        var cs = $"Data Source={path};Foreign Keys=True;Pooling=False";
        using (var db = new SqliteJournalDbContext(new DbContextOptionsBuilder<SqliteJournalDbContext>().UseSqlite(cs).Options))
        {
            db.Database.Migrate();
            // As the app's start does (DataSetup.MigrateAsync): WAL is a property of the file, so every copy has it.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            // Everything into the main file, so that copying that one file copies the whole database.
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        };
        return path;
    }

    private static string CreatePostgres()
    {
        var cs = new NpgsqlConnectionStringBuilder(JournalApp.PostgresServer) { Database = Name, Pooling = false }.ConnectionString;
        using (var db = new PostgresJournalDbContext(new DbContextOptionsBuilder<PostgresJournalDbContext>().UseNpgsql(cs).Options))
            db.Database.Migrate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var conn = new NpgsqlConnection(JournalApp.PostgresServer);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        };
        return Name;
    }
}
