using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Demo;

public sealed record DemoOptions(int Schools = 1, int StudentsPerSchool = 720, bool Force = false, DateOnly? Today = null)
{
    public static DemoOptions Parse(string[] args)
    {
        var o = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"После {args[i]} нужно значение.");
            o = args[i] switch
            {
                "--schools" => o with { Schools = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--students-per-school" => o with { StudentsPerSchool = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--today" => o with { Today = DateOnly.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--force" => o with { Force = true },
                _ => throw new ArgumentException($"Неизвестный параметр: {args[i]}"),
            };
        }
        return o;
    }
}

public sealed record DemoSummary(int Schools, int Classes, int Students, int Parents, int Staff, int Lessons, int Marks, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"школ: {Schools}, классов: {Classes}, учеников: {Students}, родителей: {Parents}, сотрудников: {Staff}, уроков: {Lessons}, " +
            $"отметок: {Marks}, за {Elapsed.TotalSeconds:F1} с";
}

/// <summary>
/// Deterministic demo school generator (issue 2): a fixed-seed <see cref="Random"/> per school, so the same options
/// and "today" give the same school. Rows go straight through the DbContext in batches inside one transaction;
/// all generated accounts share one password hash (<see cref="Password"/>).
/// </summary>
public sealed class DemoSeeder(JournalDbContext db, IPasswordHasher<AppUser> hasher, TimeProvider time, AuditLog audit, ILogger<DemoSeeder> log)
{
    public const string Password = "journal2026";
    public const string TimeZone = "Europe/Moscow";

    /// <summary>The fixed demo logins of the first school.</summary>
    public static class Logins
    {
        public const string Director = "direktor", Deputy = "zavuch", ClassTeacher = "klass", Teacher = "uchitel",
            Admin = "admin", Parent = "roditel", Student = "uchenik";
    }

    public Task<bool> HasDataAsync(CancellationToken ct = default) => db.Schools.IgnoreQueryFilters().AnyAsync(ct);

    public async Task<DemoSummary> SeedAsync(DemoOptions options, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var today = options.Today ?? SchoolClock.Today(time, TimeZone);
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.SuppressDiaryEvents = true; // a generated past is nobody's news: no outbox rows, no notifications
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var roleIds = await Roles.EnsureAllAsync(db, ct);
            var logins = (await db.Users.Select(u => u.NormalizedUserName).ToListAsync(ct)).OfType<string>().ToHashSet();
            var existingSchools = await db.Schools.IgnoreQueryFilters().CountAsync(ct);
            var hash = hasher.HashPassword(new AppUser { DisplayName = "demo" }, Password);
            var total = new DemoSummary(0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < options.Schools; i++)
            {
                var demo = i == 0 && !logins.Contains(Logins.Director.ToUpperInvariant());
                var gen = new SchoolGenerator(db, log, roleIds, logins, hash, existingSchools + i, i, demo, options.StudentsPerSchool, today);
                var s = await gen.RunAsync(ct);
                // The generated marks and attendance have no audited write each: one baseline holds them to their state (decision 0012).
                await JournalBaseline.RecordAsync(db, audit, gen.SchoolId, ct);
                total = total with
                {
                    Schools = total.Schools + 1, Classes = total.Classes + s.Classes, Students = total.Students + s.Students,
                    Parents = total.Parents + s.Parents, Staff = total.Staff + s.Staff, Lessons = total.Lessons + s.Lessons,
                    Marks = total.Marks + s.Marks,
                };
            }
            await tx.CommitAsync(ct);
            return total with { Elapsed = watch.Elapsed };
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}

public static class DemoSetup
{
    public static IServiceCollection AddDemoSeeder(this IServiceCollection services) => services.AddScoped<DemoSeeder>();
}
