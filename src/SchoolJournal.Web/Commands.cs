using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Features.Signatures;

namespace SchoolJournal.Web;

/// <summary>Admin commands of the same binary: <c>dotnet run --project src/SchoolJournal.Web -- &lt;command&gt;</c>.</summary>
public static class Commands
{
    public static readonly string[] Names =
        ["migrate", "seed-demo", "add-migration", "verify", "backup", "restore", "print-journals", "archive-year", "demo-certificates",
            "verify-archive", "export-school", "import-school"];

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
                var result = await scope.ServiceProvider.GetRequiredService<Integrity>().VerifyAsync();
                foreach (var r in result.Schools)
                {
                    Console.WriteLine($"Школа {r.Id} «{r.Name}»: событий {r.Events}, последнее № {r.HeadSequence}, хеш {r.HeadHash}");
                    foreach (var problem in r.Problems) Console.WriteLine($"  — {problem}");
                }
                var broken = result.Schools.Count(r => r.Problems.Count > 0);
                if (broken == 0)
                {
                    Console.WriteLine("Журнал аудита цел, отметки и посещаемость совпадают с ним.");
                    return 0;
                }
                Console.Error.WriteLine($"Журнал аудита или данные нарушены в школах: {broken}.");
                return 1;
            }
            case "backup":
            {
                var to = Option(args, "--to");
                if (to == "") return Usage("Укажите каталог: backup --to КАТАЛОГ");
                await using var scope = app.Services.CreateAsyncScope();
                Backups.Created created;
                try
                {
                    created = await scope.ServiceProvider.GetRequiredService<Backups>().CreateAsync(to);
                }
                catch (Backups.InProgressException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 1;
                }
                var m = created.Manifest;
                Console.WriteLine($"Резервная копия создана: {created.Path} ({created.Size} байт); схема {m.SchemaVersion}, " +
                    $"строк {m.Tables.Where(t => t.Key != DatabaseCopy.History).Sum(t => t.Value)}, файлов {m.Attachments}.");
                return 0;
            }
            case "restore":
            {
                var from = Option(args, "--from");
                if (string.IsNullOrEmpty(from)) return Usage("Укажите файл копии: restore --from ФАЙЛ [--force]");
                await using var scope = app.Services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<Backups>().RestoreAsync(from, args.Contains("--force"));
                if (result.Done)
                {
                    Console.WriteLine(result.Message);
                    return 0;
                }
                Console.Error.WriteLine(result.Message);
                return 1;
            }
            case "print-journals":
            {
                // print-journals [--school ID] [--class ID]: the current year of every school (or one), every class (or one).
                int? Id(string name) => int.TryParse(Option(args, name), CultureInfo.InvariantCulture, out var v) ? v : null;
                var (schoolId, classId) = (Id("--school"), Id("--class"));
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
                var years = await db.AcademicYears.IgnoreQueryFilters()
                    .Where(y => y.IsCurrent && (schoolId == null || y.SchoolId == schoolId)
                        && (classId == null || db.SchoolClasses.IgnoreQueryFilters().Any(c => c.Id == classId && c.AcademicYearId == y.Id)))
                    .Select(y => new { y.Id, y.SchoolId }).ToListAsync();
                if (years.Count == 0) return Usage("Нет текущего учебного года (или класса) для печати: print-journals [--school ID] [--class ID]");
                var prints = app.Services.GetRequiredService<JournalPrints>();
                foreach (var y in years)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var done = await prints.RunAsync(new JournalPrints.Request(y.SchoolId, y.Id, classId), CancellationToken.None);
                    Console.WriteLine($"Школа {y.SchoolId}: напечатано классов {done.Done} из {done.Total}, "
                        + $"страниц {done.Files.Sum(f => f.Pages)}, " +
                        $"{done.Files.Sum(f => f.Size)} байт, {clock.Elapsed.TotalSeconds:0.0} с → {done.Folder}");
                }
                return 0;
            }
            case "archive-year":
            {
                // archive-year [--year NAME] [--school ID]: the named year, else the latest closed one (or the current after its end).
                var name = Option(args, "--year");
                if (name == "") return Usage("Укажите учебный год: archive-year --year 2026/2027");
                int? schoolId = int.TryParse(Option(args, "--school"), CultureInfo.InvariantCulture, out var sid) ? sid : null;
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
                var time = app.Services.GetRequiredService<TimeProvider>();
                var schools = await db.Schools.IgnoreQueryFilters().Where(s => schoolId == null || s.Id == schoolId)
                    .Select(s => new { s.Id, s.TimeZone }).ToListAsync();
                var archive = app.Services.GetRequiredService<YearArchive>();
                var built = 0;
                foreach (var school in schools)
                {
                    var today = Infrastructure.SchoolClock.Today(time, school.TimeZone);
                    var years = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking()
                        .Where(y => y.SchoolId == school.Id && (name == null || y.Name == name)).OrderByDescending(y => y.End).ToListAsync();
                    var year = name is null ? years.FirstOrDefault(y => YearArchive.Refusal(y, today) is null) : years.FirstOrDefault();
                    if (year is null) continue;
                    if (YearArchive.Refusal(year, today) is { } refusal)
                    {
                        Console.Error.WriteLine($"Школа {school.Id}: {refusal.Detail}");
                        return 1;
                    }
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var done = await archive.RunAsync(new YearArchive.Request(school.Id, year.Id, "команда archive-year"), CancellationToken.None);
                    Console.WriteLine($"Школа {school.Id}: архив {year.Name} — файлов {done.Manifest!.Files.Count}, " +
                        $"{done.Manifest.Files.Sum(f => f.Size)} байт, {clock.Elapsed.TotalSeconds:0.0} с → {done.Folder}");
                    built++;
                }
                return built > 0 ? 0 : Usage(name is null
                    ? "Нет закрытого или закончившегося учебного года для архива: archive-year [--year НАЗВАНИЕ] [--school ID]"
                    : $"Учебный год «{name}» не найден: archive-year [--year НАЗВАНИЕ] [--school ID]");
            }
            case "demo-certificates":
                return await SignatureCommands.DemoAsync(app.Services, args, Console.Out,
                    [DemoSeeder.Logins.Teacher, DemoSeeder.Logins.Director]);
            case "verify-archive":
                return await SignatureCommands.VerifyArchiveAsync(app.Services, args, Console.Out, Console.Error);
            case "export-school":
            {
                // export-school --school ID [--to FILE]: the whole school as one zip (docs/formats/school-package.md).
                if (!int.TryParse(Option(args, "--school"), CultureInfo.InvariantCulture, out var schoolId))
                    return Usage("Укажите школу: export-school --school ID [--to ФАЙЛ]");
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
                if (!await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id == schoolId)) return Usage($"Школы № {schoolId} нет.");
                var to = Option(args, "--to") is { Length: > 0 } path ? path : $"school-{schoolId}.zip";
                var package = scope.ServiceProvider.GetRequiredService<Features.Export.SchoolPackage>();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Features.Export.SchoolManifest manifest;
                await using (var file = new FileStream(to, FileMode.Create))
                    manifest = await package.WriteAsync(schoolId, file, CancellationToken.None);
                await package.AuditAsync(manifest, "команда export-school", CancellationToken.None);
                Console.WriteLine($"Школа {schoolId}: таблиц {manifest.Tables.Count}, строк {manifest.Tables.Sum(t => t.Rows)}, " +
                    $"файлов {manifest.Files.Count}, {new FileInfo(to).Length} байт, {clock.Elapsed.TotalSeconds:0.0} с → {to}");
                return 0;
            }
            case "import-school":
            {
                // import-school FILE: a school package into this installation (migrated first, as a fresh one needs).
                if (args.Length == 0 || args[0].StartsWith('-') || !File.Exists(args[0])) return Usage("Укажите файл архива: import-school ФАЙЛ");
                await DataSetup.MigrateAsync(app.Services);
                await using var scope = app.Services.CreateAsyncScope();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await using var file = File.OpenRead(args[0]);
                var outcome = await scope.ServiceProvider.GetRequiredService<Features.Export.SchoolPackageImport>()
                    .ImportAsync(file, "команда import-school", CancellationToken.None);
                if (outcome.Problem is { } problem)
                {
                    Console.Error.WriteLine($"{problem.Title}. {problem.Detail}");
                    return 1;
                }
                var done = outcome.Value!;
                Console.WriteLine($"Школа {done.SchoolId} «{done.SchoolName}» загружена: таблиц {done.Tables}, строк {done.Rows}, " +
                    $"файлов {done.Files}, " +
                    $"{clock.Elapsed.TotalSeconds:0.0} с.");
                return 0;
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

    /// <summary>The value after an option; "" when the option is given without one, null when absent.</summary>
    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i < 0 ? null : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : "";
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
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
