#pragma warning disable EF1001 // The design-time scaffolder is internal API: dotnet-ef is not available here, this is its stand-in.
using System.Reflection;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;

namespace SchoolJournal.Web.Data;

/// <summary>Development-only <c>add-migration NAME</c>: writes a migration for each provider into its own folder.</summary>
public static class MigrationScaffold
{
    public static void AddMigration(IServiceProvider services, string name, string projectDir)
    {
        AddFor<SqliteJournalDbContext>(services, name, projectDir, "Sqlite");
        AddFor<PostgresJournalDbContext>(services, name, projectDir, "Postgres");
    }

    private static void AddFor<TContext>(IServiceProvider services, string name, string projectDir, string folder)
        where TContext : JournalDbContext
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var assembly = Assembly.GetExecutingAssembly();
        var reporter = new OperationReporter(new OperationReportHandler(
            m => Console.Error.WriteLine(m), m => Console.Error.WriteLine(m), m => Console.WriteLine(m), m => { }));
        var design = new DesignTimeServicesBuilder(assembly, assembly, reporter, []).Build(db);
        var scaffolder = design.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(name, "SchoolJournal.Web", $"Data.Migrations.{folder}", "C#");
        var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Data", "Migrations", folder));
        Console.WriteLine($"{folder}: {files.MigrationFile}");
    }
}
