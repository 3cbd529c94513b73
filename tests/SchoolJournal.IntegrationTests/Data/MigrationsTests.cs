using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Data;

public sealed class MigrationsTests
{
    [Fact]
    public void The_SQLite_migrations_match_the_model()
    {
        using var db = new SqliteJournalDbContext(new DbContextOptionsBuilder<SqliteJournalDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet run --project src/SchoolJournal.Web --environment Development -- add-migration " +
                "<Name>");
    }

    [Fact]
    public void The_PostgreSQL_migrations_match_the_model()
    {
        // Comparing the model with the snapshot needs no server.
        using var db = new PostgresJournalDbContext(new DbContextOptionsBuilder<PostgresJournalDbContext>()
            .UseNpgsql("Host=localhost;Database=design").Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: dotnet run --project src/SchoolJournal.Web --environment Development -- " +
                "add-migration <Name>");
    }

    [Fact]
    public async Task Every_migration_is_applied_on_this_lanes_database_on_start()
    {
        // An empty database, migrated by the app's own start, as a new installation's (not the tests' template copy).
        using var app = new JournalApp { Migrate = true };
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();

        // The PostgreSQL lane must really run on PostgreSQL, not fall back to SQLite.
        Assert.Equal(JournalApp.OnPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite",
            db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.True(await db.Database.CanConnectAsync());
    }
}
