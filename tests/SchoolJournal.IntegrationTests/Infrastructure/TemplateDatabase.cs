using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// One migrated database per provider and test run, copied for every test: running every migration for each of
/// two thousand tests was most of the suite's time. Each test still gets a database of its own — a copy of the
/// SQLite file, or on PostgreSQL a database no other test uses at the same time, as empty as the template — and
/// the run's databases go at its end. A test that wants the app to migrate an empty database itself sets
/// <see cref="JournalApp.Migrate"/>.
/// </summary>
/// <remarks>
/// On PostgreSQL a finished test's database is emptied and handed to the next test instead of dropped:
/// <c>CREATE DATABASE … TEMPLATE</c> copies some 10 MB of catalogues and <c>DROP DATABASE</c> removes them again, about
/// ten times the cost of deleting a test's few hundred rows and restarting the sequences (measured with psql's \timing).
/// </remarks>
public static class TemplateDatabase
{
    private static readonly string Name = $"sj_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
    private static readonly Lazy<string> SqliteFile = new(CreateSqlite);
    private static readonly Lazy<string> PostgresName = new(CreatePostgres);
    private static readonly ConcurrentBag<string> FreePostgres = [];
    private static readonly ConcurrentDictionary<string, bool> AllPostgres = new();
    private static readonly Lazy<string> TemplateSchema = new(() =>
    {
        using var conn = Open(Connection(PostgresName.Value));
        return Schema(conn);
    });

    /// <summary>Makes <paramref name="sqlitePath"/> a migrated database of its own.</summary>
    public static void CopySqlite(string sqlitePath) => File.Copy(SqliteFile.Value, sqlitePath);

    /// <summary>A migrated, empty PostgreSQL database for one test: one a finished test gave back, or a new copy of the template.</summary>
    public static string RentPostgres()
    {
        if (FreePostgres.TryTake(out var free)) return free;
        var name = "sj_test_" + Guid.NewGuid().ToString("N")[..12];
        Execute(JournalApp.PostgresServer, $"CREATE DATABASE \"{name}\" TEMPLATE \"{PostgresName.Value}\"");
        AllPostgres[name] = true;
        return name;
    }

    /// <summary>
    /// Takes back a rented database: every row deleted and every sequence restarted, so that the next test finds it as the
    /// template left it. A database whose schema a test changed (a failure provoked by renaming a table) is dropped instead, and
    /// so is one a test filled with a whole demo school: deleted rows stay in the tables' pages until a vacuum, and the next
    /// test's queries would read through them (a demo test timed out on such a database).
    /// </summary>
    public static void ReturnPostgres(string name)
    {
        try
        {
            // One connection for the checks and the reset, not one apiece: each is a PostgreSQL backend started and ended, and
            // starting and ending backends was 17 % of the server's CPU under 155 tests (perf, 6 December).
            using var conn = Open(Connection(name));
            if (Schema(conn) != TemplateSchema.Value)
                throw new NpgsqlException($"the schema of {name} differs from the template's");
            if (TableBytes(conn) > ReusableTableBytes)
                throw new NpgsqlException($"{name} holds more than a test's few rows");
            // A host that did not stop cleanly may still hold a connection, or a transaction with locks.
            Execute(conn, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            Execute(conn, Reset);
            FreePostgres.Add(name);
        }
        catch (NpgsqlException)
        {
            AllPostgres.TryRemove(name, out _);
            Execute(JournalApp.PostgresServer, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    // Foreign keys are triggers, which a superuser may switch off for the session, so the tables empty in any order.
    private const string Reset = """
        SET session_replication_role = replica;
        DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' LOOP
                EXECUTE format('DELETE FROM %I', r.tablename);
            END LOOP;
            FOR r IN SELECT c.oid::regclass AS seq FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind = 'S' AND n.nspname = 'public' LOOP
                PERFORM setval(r.seq, 1, false);
            END LOOP;
        END $$;
        """;

    private static string Connection(string database) =>
        new NpgsqlConnectionStringBuilder(JournalApp.PostgresServer) { Database = database, Pooling = false }.ConnectionString;

    private const long ReusableTableBytes = 4 * 1024 * 1024;

    private static long TableBytes(NpgsqlConnection conn)
    {
        using var cmd = new NpgsqlCommand("""
            SELECT coalesce(sum(pg_relation_size(c.oid)), 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """, conn);
        return (long)cmd.ExecuteScalar()!;
    }

    // Every relation, column and type of the public schema, as one string to compare.
    private static string Schema(NpgsqlConnection conn)
    {
        using var cmd = new NpgsqlCommand("""
            SELECT md5(string_agg(c.relname || '.' || a.attname || ':' || a.atttypid, ',' ORDER BY c.relname, a.attnum))
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
            """, conn);
        return (string)cmd.ExecuteScalar()!;
    }

    // The names come from this class (a GUID), never from a test's input.
    private static void Execute(string connectionString, string sql)
    {
        using var conn = Open(connectionString);
        Execute(conn, sql);
    }

    private static NpgsqlConnection Open(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        conn.Open();
        return conn;
    }

    private static void Execute(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
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
            NpgsqlConnection.ClearAllPools();
            foreach (var db in AllPostgres.Keys.Append(Name))
                Execute(JournalApp.PostgresServer, $"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)");
        };
        return Name;
    }
}
