using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// manifest.json of a backup: what it is (<see cref="Format"/>), when and from which database it was made, the schema version
/// (the last migration), the row count of every table at that moment, and each part's size and SHA-256.
/// </summary>
public sealed record BackupManifest(string Format, int FormatVersion, DateTimeOffset CreatedAt, string Provider, string SchemaVersion,
    SortedDictionary<string, long> Tables, IReadOnlyList<BackupManifest.Part> Parts)
{
    public const string Name = "manifest.json";
    public const string OurFormat = "SchoolJournal.Backup";
    public const string DatabaseFolder = "database/", FilesFolder = "files/";

    public sealed record Part(string Path, long Size, string Sha256);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public long Attachments => Parts.Count(p => p.Path.StartsWith(FilesFolder, StringComparison.Ordinal));

    /// <summary>
    /// The manifest of a zip, or the Russian reason it cannot be trusted: not ours (no manifest of our format), or damaged (the
    /// archive unreadable, a part missing, extra, or not matching its size and hash). Reads every part once.
    /// </summary>
    public static (BackupManifest? Manifest, string? Refusal) Check(string file)
    {
        var name = System.IO.Path.GetFileName(file);
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var entry = zip.GetEntry(Name);
            BackupManifest? manifest;
            try
            {
                using var stream = entry?.Open();
                manifest = stream is null ? null : JsonSerializer.Deserialize<BackupManifest>(stream, Json);
            }
            catch (JsonException)
            {
                manifest = null;
            }
            if (manifest?.Format != OurFormat || manifest.Parts is null || manifest.Tables is null)
                return (null, $"Файл «{name}» — не резервная копия электронного журнала: в нём нет описи {Name} нашего формата.");
            var listed = manifest.Parts.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            var extra = zip.Entries.FirstOrDefault(e => e.FullName != Name && !e.FullName.EndsWith('/') && !listed.Contains(e.FullName));
            if (extra is not null) return (null, Damaged(name, $"часть «{extra.FullName}» не значится в описи"));
            foreach (var part in manifest.Parts)
            {
                var stored = zip.GetEntry(part.Path);
                if (stored is null) return (null, Damaged(name, $"нет части «{part.Path}»"));
                using var content = stored.Open();
                var (size, hash) = Measure(content);
                if (size != part.Size || hash != part.Sha256) return (null, Damaged(name, $"часть «{part.Path}» не совпадает с контрольной суммой"));
            }
            return (manifest, null);
        }
        catch (InvalidDataException)
        {
            return (null, Damaged(name, "архив не читается"));
        }
    }

    private static string Damaged(string name, string why) =>
        $"Резервная копия «{name}» повреждена ({why}). Восстановление не выполнено, база данных не изменена.";

    /// <summary>Size and lower-case hex SHA-256 of a stream read to its end.</summary>
    public static (long Size, string Sha256) Measure(Stream stream)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }
        return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>The manifest alone, for the list of backups; null for a file that has none of ours.</summary>
    public static BackupManifest? Peek(string file)
    {
        try
        {
            using var zip = ZipFile.OpenRead(file);
            using var stream = zip.GetEntry(Name)?.Open();
            var manifest = stream is null ? null : JsonSerializer.Deserialize<BackupManifest>(stream, Json);
            return manifest?.Format == OurFormat ? manifest : null;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return null;
        }
    }
}
