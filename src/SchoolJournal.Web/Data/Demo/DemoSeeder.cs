using Microsoft.EntityFrameworkCore;

namespace SchoolJournal.Web.Data.Demo;

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
        $"школ: {Schools}, классов: {Classes}, учеников: {Students}, родителей: {Parents}, сотрудников: {Staff}, уроков: {Lessons}, отметок: {Marks}, за {Elapsed.TotalSeconds:F1} с";
}

/// <summary>Deterministic demo school generator (issue 2). PLACEHOLDER until the seeder lands.</summary>
public sealed class DemoSeeder(JournalDbContext db)
{
    public Task<bool> HasDataAsync(CancellationToken ct = default) => db.Schools.IgnoreQueryFilters().AnyAsync(ct);

    public Task<DemoSummary> SeedAsync(DemoOptions options, CancellationToken ct = default) =>
        Task.FromResult(new DemoSummary(0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero));
}

public static class DemoSetup
{
    public static IServiceCollection AddDemoSeeder(this IServiceCollection services) => services.AddScoped<DemoSeeder>();
}
