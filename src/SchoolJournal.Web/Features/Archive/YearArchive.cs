using System.Security.Cryptography;
using System.Text.Json;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// «Архив учебного года» (R-ARCH-2, R-YEAR-16): the package of a closed year (or of the current one after its last day) under
/// <c>data/archive/&lt;year&gt;/</c>, next to the printed journals: <c>journals/</c> (every class's journal as PDF, by
/// <see cref="JournalPrints"/>), <c>summary/</c> (every class's summary sheet of final grades, XLSX, as the journal page gives it),
/// <c>data/</c> (the year's journal rows as CSV: lessons, marks, attendance, grades) and the top-level <c>manifest.json</c> in
/// <see cref="JournalPrints.Manifest"/>'s form with every file's SHA-256, paths relative to the folder — what the director signs and
/// <c>verify-archive</c> checks. One run at a time in the process, as the prints; audited as <see cref="AuditEventType.YearArchived"/>.
/// </summary>
public sealed class YearArchive(IServiceScopeFactory scopes, ArchiveSettings settings, JournalPrints prints, TimeProvider time,
    ILogger<YearArchive> log) : ArchiveJobs<YearArchive.Request, YearArchive.Progress>(time, log)
{
    public sealed record Request(int SchoolId, int AcademicYearId, string StartedBy) : IArchiveJobRequest;

    public sealed record Progress(int SchoolId, string YearName, string Folder, string Step, int Total, int Done, bool Running,
        string? Error, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, ArchiveManifest? Manifest);

    /// <summary>A file of the package; <see cref="Part"/> decides how long it is kept (<see cref="ArchiveRetention"/>).</summary>
    public sealed record ArchivedFile(string Part, string FileName, long Size, string Sha256);

    /// <summary>A part destroyed after its retention date: when and by whom, so the package says what it no longer holds.</summary>
    public sealed record DestroyedPart(string Part, DateOnly On, string By, int Files);

    /// <summary>The top-level manifest: <see cref="JournalPrints.Manifest"/>'s fields (year, updatedAt, files with fileName, size,
    /// sha256) and the year's dates, for the retention report without the database.</summary>
    public sealed record ArchiveManifest(string Year, DateTimeOffset UpdatedAt, List<ArchivedFile> Files, DateOnly YearStart,
        DateOnly YearEnd, List<DestroyedPart> Destroyed);

    public const string ManifestName = "manifest.json";

    protected override string FailedMessage => "Архив учебного года не собран";

    protected override Progress Initial(int schoolId, DateTimeOffset at) => new(schoolId, "", "", "", 0, 0, true, null, at, null, null);

    protected override Progress Failed(Progress progress, string error, DateTimeOffset at) =>
        progress with { Running = false, Error = error, FinishedAt = at };

    /// <summary>Why the year may not be archived yet, or null: it is closed, or current and its last day has passed.</summary>
    public static Problem? Refusal(AcademicYear? year, DateOnly today) => year switch
    {
        null => Problem.NotFound("Учебный год не найден"),
        { IsClosed: false } when today <= year.End => new Problem(StatusCodes.Status409Conflict, "Учебный год ещё идёт",
            $"Архив учебного года «{year.Name}» собирается после его окончания ({year.End:dd.MM.yyyy}) или после перехода на новый год: " +
                "пока год идёт, журнал меняется."),
        _ => null,
    };

    /// <summary>Queues a run; false when one is going.</summary>
    public bool TryStart(Request request, string yearName) =>
        TryQueue(request, Initial(request.SchoolId, Clock.GetUtcNow()) with { YearName = yearName, Step = "в очереди" });

    /// <summary>Builds the package step by step, reporting after each file; the <c>archive-year</c> command calls it directly.</summary>
    public override async Task<Progress> RunAsync(Request request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var year = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(y => y.Id == request.AcademicYearId && y.SchoolId == request.SchoolId, ct);
        var zone = await db.Schools.IgnoreQueryFilters().Where(s => s.Id == request.SchoolId).Select(s => s.TimeZone).FirstAsync(ct);
        if (Refusal(year, SchoolClock.Today(Clock, zone)) is { } refusal) throw new InvalidOperationException(refusal.Detail);
        var classes = await db.SchoolClasses.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SchoolId == request.SchoolId && c.AcademicYearId == year!.Id)
            .OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var folder = await FolderAsync(db, settings, request.SchoolId, year!, ct);
        Directory.CreateDirectory(folder);
        var total = classes.Count * 2 + 1;
        Update(request.SchoolId, _ => new Progress(request.SchoolId, year!.Name, folder, "журналы классов", total, 0, true, null,
            Clock.GetUtcNow(), null, null));

        foreach (var c in classes)
        {
            await prints.RunAsync(new JournalPrints.Request(request.SchoolId, year!.Id, c.Id), ct);
            Update(request.SchoolId, p => p with { Done = p.Done + 1 });
        }
        Update(request.SchoolId, p => p with { Step = "сводные ведомости" });
        Directory.CreateDirectory(Path.Combine(folder, "summary"));
        foreach (var c in classes)
        {
            db.ChangeTracker.Clear();
            var sheet = await SummarySheetView.ReadAsync(db, c.Id, ct);
            if (sheet is not null) await WriteAsync(Path.Combine(folder, "summary", $"{c.Grade}{c.Letter}.xlsx"), SummarySheetView.ToXlsx(sheet), ct);
            Update(request.SchoolId, p => p with { Done = p.Done + 1 });
        }
        Update(request.SchoolId, p => p with { Step = "данные года" });
        await YearData.WriteAsync(db, year!.Id, Path.Combine(folder, "data"), ct);
        Update(request.SchoolId, p => p with { Done = p.Done + 1, Step = "контрольные суммы" });

        var manifest = await WriteManifestAsync(folder, year!, ct);
        var manifestHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, ManifestName), ct)));
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await audit.RecordAsync(AuditEventType.YearArchived, "year", year!.Id, null,
            new
            {
                yearId = year.Id, name = year.Name, startedBy = request.StartedBy, files = manifest.Files.Count,
                bytes = manifest.Files.Sum(f => f.Size), manifestSha256 = manifestHash,
                parts = manifest.Files.GroupBy(f => f.Part).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => new { files = g.Count(), bytes = g.Sum(f => f.Size) }),
            }, schoolId: request.SchoolId, ct: ct);
        await audit.SaveAsync(ct);
        log.LogInformation("Архив учебного года собран: файлов {Count}, байт {Bytes}", manifest.Files.Count, manifest.Files.Sum(f => f.Size));
        return Update(request.SchoolId, p => p with { Running = false, FinishedAt = Clock.GetUtcNow(), Manifest = manifest, Step = "готово" });
    }

    /// <summary><c>data/archive/2026-2027</c> — the parent of <see cref="JournalPrints.Folder"/>, per school in a deployment of several.</summary>
    public static async Task<string> FolderAsync(JournalDbContext db, ArchiveSettings settings, int schoolId, AcademicYear year,
        CancellationToken ct)
    {
        var single = !await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id != schoolId, ct);
        return Path.GetDirectoryName(JournalPrints.Folder(settings.ArchiveDirectory, schoolId, single, year.Start.Year, year.End.Year))!;
    }

    /// <summary>Lists every file under the folder but the manifest itself and signatures (<c>*.p7s</c>, added after it is written).</summary>
    public async Task<ArchiveManifest> WriteManifestAsync(string folder, AcademicYear year, CancellationToken ct)
    {
        var previous = Read(folder);
        var files = new List<ArchivedFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (name == ManifestName || name.EndsWith(".p7s", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
                continue;
            await using var stream = File.OpenRead(path);
            files.Add(new ArchivedFile(ArchiveRetention.PartOf(name), name, stream.Length,
                Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct))));
        }
        var manifest = new ArchiveManifest(year.Name, Clock.GetUtcNow(), files, year.Start, year.End, previous?.Destroyed ?? []);
        await SaveManifestAsync(folder, manifest, ct);
        return manifest;
    }

    public static Task SaveManifestAsync(string folder, ArchiveManifest manifest, CancellationToken ct) =>
        WriteAsync(Path.Combine(folder, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);

    public static ArchiveManifest? Read(string folder)
    {
        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ArchiveManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(string path, byte[] bytes, CancellationToken ct)
    {
        await File.WriteAllBytesAsync(path + ".tmp", bytes, ct);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}
