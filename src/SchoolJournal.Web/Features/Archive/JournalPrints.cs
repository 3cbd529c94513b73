using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// «Печать журналов за год» (R-ARCH-1): an in-process queue of one run at a time. A run prints every class of a year (or one
/// class) to <c>data/archive/&lt;year&gt;/journals/&lt;class&gt;.pdf</c> and lists the files with their SHA-256 in that folder's
/// manifest.json; the page polls <see cref="Of"/> for «N из M классов». A second run while one is going is refused: the machine
/// prints one class at a time however many people press the button.
/// </summary>
public sealed class JournalPrints(IServiceScopeFactory scopes, ArchiveSettings settings, TimeProvider time, ILogger<JournalPrints> log)
    : ArchiveJobs<JournalPrints.Request, JournalPrints.Progress>(time, log)
{
    public sealed record Request(int SchoolId, int AcademicYearId, int? ClassId) : IArchiveJobRequest;

    public sealed record PrintedFile(string ClassName, string FileName, int Pages, long Size, string Sha256);

    public sealed record Progress(int SchoolId, string Folder, int Total, int Done, bool Running, IReadOnlyList<PrintedFile> Files,
        string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

    public sealed record Manifest(string Year, DateTimeOffset UpdatedAt, List<PrintedFile> Files);

    protected override string FailedMessage => "Печать журналов за год не закончена";

    protected override Progress Initial(int schoolId, DateTimeOffset at) => new(schoolId, "", 0, 0, true, [], null, at, null);

    protected override Progress Failed(Progress progress, string error, DateTimeOffset at) =>
        progress with { Running = false, Error = error, FinishedAt = at };

    /// <summary>Queues a run; false when one is going (for any school of the deployment).</summary>
    public bool TryStart(Request request) => TryQueue(request, Initial(request.SchoolId, Clock.GetUtcNow()));

    /// <summary>Prints the classes one by one, reporting after each; the <c>print-journals</c> command calls it directly.</summary>
    public override async Task<Progress> RunAsync(Request request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var year = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking()
            .Where(y => y.Id == request.AcademicYearId && y.SchoolId == request.SchoolId).Select(y => new { y.Name, y.Start, y.End })
            .FirstOrDefaultAsync(ct) ?? throw new InvalidOperationException("Учебный год не найден.");
        var classes = await db.SchoolClasses.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SchoolId == request.SchoolId && c.AcademicYearId == request.AcademicYearId
                && (request.ClassId == null || c.Id == request.ClassId))
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        if (request.ClassId is not null && classes.Count == 0) throw new InvalidOperationException("Класс не найден в этом учебном году.");
        var single = !await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id != request.SchoolId, ct);
        var folder = Folder(settings.ArchiveDirectory, request.SchoolId, single, year.Start.Year, year.End.Year);
        Directory.CreateDirectory(folder);
        var started = Clock.GetUtcNow();
        var files = new List<PrintedFile>();
        Update(request.SchoolId, _ => new Progress(request.SchoolId, folder, classes.Count, 0, true, [], null, started, null));
        var clock = Stopwatch.StartNew();
        foreach (var c in classes)
        {
            db.ChangeTracker.Clear();
            var journal = await ClassYearJournal.LoadAsync(db, c.Id, ct) ?? throw new InvalidOperationException("Класс не найден.");
            var printed = JournalPrintPdf.Render(journal);
            var name = $"{c.Grade}{c.Letter}.pdf";
            var path = Path.Combine(folder, name);
            await File.WriteAllBytesAsync(path + ".tmp", printed.Bytes, ct);
            File.Move(path + ".tmp", path, overwrite: true);
            files.Add(new PrintedFile($"{c.Grade}{c.Letter}", name, printed.Pages, printed.Bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(printed.Bytes))));
            Update(request.SchoolId, p => p with { Done = files.Count, Files = [.. files] });
        }
        await WriteManifestAsync(folder, year.Name, files, ct);
        log.LogInformation("Журналы за год напечатаны: классов {Count}, {Elapsed} мс", files.Count, clock.ElapsedMilliseconds);
        return Update(request.SchoolId, p => p with { Running = false, FinishedAt = Clock.GetUtcNow() });
    }

    /// <summary><c>data/archive/2026-2027/journals</c>; a deployment of several schools keeps each school's under its id.</summary>
    public static string Folder(string root, int schoolId, bool single, int startYear, int endYear) =>
        Path.Combine(single ? root : Path.Combine(root, $"school-{schoolId.ToString(CultureInfo.InvariantCulture)}"),
            $"{startYear.ToString(CultureInfo.InvariantCulture)}-{endYear.ToString(CultureInfo.InvariantCulture)}", "journals");

    /// <summary>The folder's manifest: this run's files replace the same classes' earlier ones, the others stay listed.</summary>
    private async Task WriteManifestAsync(string folder, string yearName, List<PrintedFile> files, CancellationToken ct)
    {
        var path = Path.Combine(folder, "manifest.json");
        var kept = File.Exists(path) ? Read(path)?.Files ?? [] : [];
        var names = files.Select(f => f.FileName).ToHashSet();
        var all = kept.Where(f => !names.Contains(f.FileName) && File.Exists(Path.Combine(folder, f.FileName))).Concat(files)
            .OrderBy(f => f.FileName, StringComparer.Ordinal).ToList();
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Manifest(yearName, Clock.GetUtcNow(), all), Json), ct);
    }

    public static Manifest? Read(string manifestPath)
    {
        try
        {
            return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
