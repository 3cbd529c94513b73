using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Backups (R-ARCH-3): one zip per copy — the database (<see cref="DatabaseCopy"/>), the attachments folder (Files:Path) and
/// <see cref="BackupManifest"/> — written under Backup:Directory or any folder given; old copies removed by count and age.
/// Restore refuses a damaged, foreign or newer copy and a database with data (without force), and then changes nothing.
/// </summary>
public sealed class Backups(DatabaseCopy database, ArchiveSettings settings, TimeProvider time, ILogger<Backups> log,
    BackupProgress progress)
{
    public sealed record Listed(string Name, string Path, long Size, DateTimeOffset CreatedAt, string SchemaVersion, long Attachments);

    public sealed record Created(string Path, long Size, BackupManifest Manifest);

    private const string Prefix = "backup-";

    /// <summary>Held, exclusively, by the copy being made in a folder: a second copy there (a double click, the nightly run, the
    /// <c>backup</c> command in another process) is refused instead of running beside it.</summary>
    public const string LockName = ".backup.lock";

    /// <summary>Another copy is being made in the same folder.</summary>
    public sealed class InProgressException(string directory)
        : IOException($"Резервная копия в каталог {directory} уже создаётся: дождитесь её окончания.");

    /// <summary>Copies of this directory, newest first; a zip without our manifest is not listed.</summary>
    public IReadOnlyList<Listed> List(string? directory = null)
    {
        var dir = directory ?? settings.BackupDirectory;
        if (!Directory.Exists(dir)) return [];
        return [.. Directory.EnumerateFiles(dir, Prefix + "*.zip")
            .Select(f => (File: f, Manifest: BackupManifest.Peek(f)))
            .Where(x => x.Manifest is not null)
            .Select(x => new Listed(Path.GetFileName(x.File), x.File, new FileInfo(x.File).Length, x.Manifest!.CreatedAt, x.Manifest.SchemaVersion,
                x.Manifest.Attachments))
            .OrderByDescending(b => b.CreatedAt)];
    }

    /// <summary>A copy of the list by its file name (a download); null for any other name.</summary>
    public Listed? Find(string? name) => List().FirstOrDefault(b => b.Name == name);

    public async Task<Created> CreateAsync(string? directory = null, CancellationToken ct = default)
    {
        var dir = Path.GetFullPath(directory ?? settings.BackupDirectory);
        Directory.CreateDirectory(dir);
        await using var gate = Lock(dir);
        var at = time.GetUtcNow();
        var final = Path.Combine(dir, $"{Prefix}{at:yyyyMMdd-HHmmss}Z.zip");
        for (var n = 2; File.Exists(final); n++) final = Path.Combine(dir, $"{Prefix}{at:yyyyMMdd-HHmmss}Z-{n}.zip");
        var temp = final + ".part";
        var dbFile = Path.Combine(Path.GetTempPath(), "sj-backup-" + Guid.NewGuid().ToString("N") + "-" + database.FileName);
        progress.Start();
        try
        {
            var snapshot = await database.CopyToAsync(dbFile, ct);
            var parts = new List<BackupManifest.Part>();
            await using (var stream = new FileStream(temp, FileMode.CreateNew))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                progress.Stage("Сжатие базы данных", 0, 1);
                parts.Add(await AddAsync(zip, BackupManifest.DatabaseFolder + database.FileName, dbFile, ct));
                var files = Directory.Exists(settings.FilesPath)
                    ? Directory.EnumerateFiles(settings.FilesPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
                    : [];
                progress.Stage("Прикреплённые файлы", 0, files.Count);
                foreach (var file in files)
                {
                    parts.Add(await AddAsync(zip,
                        BackupManifest.FilesFolder + Path.GetRelativePath(settings.FilesPath, file).Replace('\\', '/'), file, ct));
                    progress.Stage("Прикреплённые файлы", parts.Count - 1, files.Count);
                }
                progress.Stage("Опись", files.Count, files.Count);
                var manifest = new BackupManifest(BackupManifest.OurFormat, 1, at, database.Provider, snapshot.SchemaVersion, snapshot.Tables, parts);
                await using var entry = zip.CreateEntry(BackupManifest.Name).Open();
                await JsonSerializer.SerializeAsync(entry, manifest, BackupManifest.Json, ct);
            }
            File.Move(temp, final);
            log.LogInformation("Резервная копия {File} создана: {Parts} частей, {Bytes} байт", Path.GetFileName(final), parts.Count,
                new FileInfo(final).Length);
            var created = new Created(final, new FileInfo(final).Length, BackupManifest.Peek(final)!);
            if (directory is null) Prune();
            progress.Finish(Path.GetFileName(final), created.Size);
            return created;
        }
        catch (Exception e)
        {
            progress.Fail(e is OperationCanceledException ? "прервана" : e.Message);
            throw;
        }
        finally
        {
            if (File.Exists(dbFile)) File.Delete(dbFile);
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The folder's lock file, opened for this copy alone (FileShare.None is an exclusive lock across processes too).</summary>
    private static FileStream Lock(string dir)
    {
        try
        {
            return new FileStream(Path.Combine(dir, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InProgressException(dir);
        }
    }

    private static async Task<BackupManifest.Part> AddAsync(ZipArchive zip, string path, string file, CancellationToken ct)
    {
        await using (var source = File.OpenRead(file))
        await using (var entry = zip.CreateEntry(path, CompressionLevel.Optimal).Open())
            await source.CopyToAsync(entry, ct);
        await using var again = File.OpenRead(file);
        var (size, hash) = BackupManifest.Measure(again);
        return new BackupManifest.Part(path, size, hash);
    }

    /// <summary>Removes copies beyond the newest Backup:KeepCount and those older than Backup:KeepDays; the newest one always stays.</summary>
    public IReadOnlyList<string> Prune()
    {
        var removed = new List<string>();
        var now = time.GetUtcNow();
        var copies = List();
        for (var i = 1; i < copies.Count; i++)
        {
            var tooMany = settings.KeepCount > 0 && i >= settings.KeepCount;
            var tooOld = settings.KeepDays > 0 && copies[i].CreatedAt < now.AddDays(-settings.KeepDays);
            if (!tooMany && !tooOld) continue;
            File.Delete(copies[i].Path);
            removed.Add(copies[i].Name);
        }
        if (removed.Count > 0) log.LogInformation("Удалены старые резервные копии: {Count}", removed.Count);
        return removed;
    }

    public sealed record RestoreResult(bool Done, string Message);

    /// <summary>
    /// Checks the whole copy first; refuses with the reason in Russian and changes nothing, or restores the database and the files.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string file, bool force, CancellationToken ct = default)
    {
        if (!File.Exists(file)) return new(false, $"Файл «{file}» не найден.");
        var (manifest, refusal) = BackupManifest.Check(file);
        if (manifest is null) return new(false, refusal!);
        if (manifest.Provider != database.Provider)
            return new(false, $"Копия сделана с базы {manifest.Provider}, а приложение настроено на {database.Provider}: " +
                "восстановите её в базу того же вида. " +
                "База данных не изменена.");
        var known = database.KnownMigrations;
        if (!known.Contains(manifest.SchemaVersion))
            return new(false, $"Копия сделана более новой версией программы (схема «{manifest.SchemaVersion}»; эта версия знает схемы до " +
                $"«{known.LastOrDefault()}»). Обновите программу и повторите. База данных не изменена.");
        var dbPart = manifest.Parts.FirstOrDefault(p => p.Path.StartsWith(BackupManifest.DatabaseFolder, StringComparison.Ordinal));
        if (dbPart is null) return new(false, $"В копии «{Path.GetFileName(file)}» нет базы данных. База данных не изменена.");
        if (!force && await database.HasDataAsync(ct))
            return new(false, "База данных не пуста: восстановление заменит все её данные данными копии. Если это и нужно, повторите с --force. " +
                "База данных не изменена.");
        var filesRoot = Path.GetFullPath(settings.FilesPath);
        var unsafePart = manifest.Parts.FirstOrDefault(p => p.Path.StartsWith(BackupManifest.FilesFolder, StringComparison.Ordinal)
            && !Path.GetFullPath(Path.Combine(filesRoot, p.Path[BackupManifest.FilesFolder.Length..]))
                .StartsWith(filesRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        if (unsafePart is not null)
            return new(false, $"Часть копии «{unsafePart.Path}» указывает за пределы каталога файлов. " +
                "Восстановление не выполнено, база данных не изменена.");

        var work = Path.Combine(Path.GetTempPath(), "sj-restore-" + Guid.NewGuid().ToString("N"));
        var staged = filesRoot + ".restoring";
        try
        {
            Directory.CreateDirectory(work);
            using (var zip = ZipFile.OpenRead(file))
            {
                zip.GetEntry(dbPart.Path)!.ExtractToFile(Path.Combine(work, database.FileName));
                if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true);
                Directory.CreateDirectory(staged);
                foreach (var part in manifest.Parts.Where(p => p.Path.StartsWith(BackupManifest.FilesFolder, StringComparison.Ordinal)))
                {
                    var target = Path.Combine(staged, part.Path[BackupManifest.FilesFolder.Length..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    zip.GetEntry(part.Path)!.ExtractToFile(target);
                }
            }
            await database.RestoreFromAsync(Path.Combine(work, database.FileName), ct);
            await database.MigrateAsync(ct);
            var old = filesRoot + ".before-restore";
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            if (Directory.Exists(filesRoot)) Directory.Move(filesRoot, old);
            Directory.Move(staged, filesRoot);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            log.LogInformation("База данных восстановлена из копии {File}", Path.GetFileName(file));
            var counts = manifest.Tables.Where(t => t.Key != DatabaseCopy.History).Sum(t => t.Value);
            return new(true, string.Create(CultureInfo.InvariantCulture,
                $"Восстановлено из копии от {manifest.CreatedAt:dd.MM.yyyy HH:mm} UTC: схема «{manifest.SchemaVersion}», строк {counts}, " +
                $"файлов {manifest.Attachments}."));
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true);
        }
    }
}
