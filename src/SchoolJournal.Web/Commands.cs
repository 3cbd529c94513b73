using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web;

/// <summary>Admin commands of the same binary: <c>dotnet run --project src/SchoolJournal.Web -- &lt;command&gt;</c>.</summary>
public static class Commands
{
    public static readonly string[] Names = ["migrate", "seed-demo", "add-migration", "verify"];

    public static (string? Command, string[] Arguments) Split(string[] args) =>
        args.Length > 0 && Names.Contains(args[0]) ? (args[0], args[1..]) : (null, args);

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Commands");
        switch (command)
        {
            case "migrate":
                await DataSetup.MigrateAsync(app.Services);
                log.LogInformation("Миграции применены ({Provider})", DataSetup.Provider(app.Configuration));
                return 0;
            case "seed-demo":
            {
                await DataSetup.MigrateAsync(app.Services);
                var options = DemoOptions.Parse(args);
                await using var scope = app.Services.CreateAsyncScope();
                var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
                if (await seeder.HasDataAsync() && !options.Force)
                {
                    Console.Error.WriteLine("База уже содержит данные. Добавьте --force, чтобы добавить демонстрационные школы к существующим.");
                    return 2;
                }
                var summary = await seeder.SeedAsync(options);
                Console.WriteLine(summary);
                return 0;
            }
            case "verify":
            {
                await using var scope = app.Services.CreateAsyncScope();
                var reports = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
                foreach (var r in reports)
                {
                    Console.WriteLine($"Школа {r.SchoolId} «{r.SchoolName}»: событий {r.Count}, последнее № {r.HeadSequence}, хеш {r.HeadHash}");
                    foreach (var problem in r.Problems) Console.WriteLine($"  — {problem}");
                }
                var broken = reports.Count(r => !r.IsIntact);
                if (broken == 0)
                {
                    Console.WriteLine("Журнал аудита цел.");
                    return 0;
                }
                Console.Error.WriteLine($"Журнал аудита нарушен в школах: {broken}.");
                return 1;
            }
            case "add-migration":
                if (!app.Environment.IsDevelopment())
                {
                    Console.Error.WriteLine("add-migration доступна только в среде Development.");
                    return 2;
                }
                if (args.Length == 0 || args[0].StartsWith('-'))
                {
                    Console.Error.WriteLine("Укажите имя миграции: add-migration ИмяМиграции");
                    return 2;
                }
                MigrationScaffold.AddMigration(DesignServices(), args[0], app.Environment.ContentRootPath);
                return 0;
            default:
                Console.Error.WriteLine($"Неизвестная команда: {command}");
                return 2;
        }
    }

    /// <summary>Both providers' contexts, without connecting anywhere: scaffolding only compares models.</summary>
    private static IServiceProvider DesignServices()
    {
        var services = new ServiceCollection();
        services.AddDbContext<SqliteJournalDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        services.AddDbContext<PostgresJournalDbContext>(o => o.UseNpgsql("Host=localhost;Database=design"));
        return services.BuildServiceProvider();
    }

    /// <summary>On start: migrate, and seed the demo school into an empty database (Database:SeedDemo, on by default).</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:Migrate", true)) return;
        await DataSetup.MigrateAsync(app.Services);
        if (!app.Configuration.GetValue("Database:SeedDemo", true)) return;
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        if (await seeder.HasDataAsync()) return;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Startup");
        log.LogInformation("База пуста: создаётся демонстрационная школа");
        var summary = await seeder.SeedAsync(DemoOptions.Parse([]));
        log.LogInformation("Демонстрационная школа создана: {Summary}", summary.ToString());
    }
}
