using System.Collections;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// Reads a school package (<see cref="SchoolPackage"/>) into this installation: the whole package is checked first — the manifest,
/// every file's SHA-256, row count and columns against this installation's model, every value against its column's type — and the
/// school, its logins and its record numbers must be new here; then every table is written in one transaction in the order of the
/// foreign keys, keeping the ids (PostgreSQL's identity sequences moved past them), the built-in roles matched by name, and
/// «школа загружена» (8015) appended to the school's own chain, which goes on verifying. A refusal writes nothing.
/// </summary>
public sealed class SchoolPackageImport(JournalDbContext db, AuditLog audit, IConfiguration config, IWebHostEnvironment env,
    ReadCacheInterceptor? readCache = null)
{
    public sealed record Imported(int SchoolId, string SchoolName, int Tables, long Rows, int Files);

    private const int MaxProblems = 20;

    private static Problem Damaged(IEnumerable<string> problems) =>
        Problem.BadRequest("Пакет школы повреждён или не подходит", string.Join("; ", problems.Take(MaxProblems)) + ". Ничего не записано.");

    private static Problem Damaged(string problem) => Damaged([problem]);

    public async Task<Outcome<Imported>> ImportAsync(Stream package, string? reason, CancellationToken ct)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return Damaged("это не ZIP-архив");
        }
        using (zip)
        {
            var (loaded, problem) = await LoadAsync(zip, ct);
            if (problem is not null) return problem;
            if (await ConflictAsync(loaded!, ct) is { } conflict) return conflict;
            await WriteAsync(loaded!, reason, ct);
            var m = loaded!.Manifest;
            return Outcome<Imported>.Ok(new Imported(m.School.Id, m.School.Name, m.Tables.Count, m.Tables.Sum(t => t.Rows), m.Files.Count));
        }
    }

    /// <summary>
    /// A checked package: each table's file as bytes (a few tens of MB for a school), parsed again table by table when written, so that
    /// only one table's rows are objects at a time.
    /// </summary>
    private sealed record Loaded(SchoolManifest Manifest, List<(SchoolTables.Table Table, byte[] Content)> Tables,
        List<(string Name, byte[] Content)> Files, bool Utc)
    {
        public List<object> Rows(SchoolTables.Table table) => Parse(table, Tables.Single(t => t.Table == table).Content, [], Utc);

        public List<object> Rows(Func<SchoolTables.Table, bool> which) => Rows(Tables.Single(t => which(t.Table)).Table);
    }

    /// <summary>Everything read and checked, nothing written: the rows as entities, or the problems that refuse the package.</summary>
    private async Task<(Loaded?, Problem?)> LoadAsync(ZipArchive zip, CancellationToken ct)
    {
        SchoolManifest? manifest;
        try
        {
            if (zip.GetEntry(SchoolManifest.Name) is not { } entry) return (null, Damaged("в архиве нет manifest.json: это не пакет школы"));
            await using var stream = entry.Open();
            manifest = await JsonSerializer.DeserializeAsync<SchoolManifest>(stream, SchoolManifest.Json, ct);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            return (null, Damaged("manifest.json не читается"));
        }
        if (manifest is null || manifest.Format != SchoolManifest.OurFormat || manifest.Tables is null || manifest.School is null)
            return (null, Damaged($"manifest.json не описывает пакет школы (формат «{SchoolManifest.OurFormat}»)"));
        if (manifest.Version != SchoolManifest.OurVersion)
            return (null, Damaged($"версия формата {manifest.Version} не поддерживается: эта установка читает версию {SchoolManifest.OurVersion}"));

        var problems = new List<string>();
        var tables = SchoolTables.Of(db.Model);
        foreach (var unknown in manifest.Tables.Select(t => t.Table).Except(tables.Select(t => t.Name)))
            problems.Add($"таблицы {unknown} нет в этой установке");
        var loaded = new List<(SchoolTables.Table, byte[])>();
        List<object>? schools = null;
        foreach (var table in tables)
        {
            if (problems.Count >= MaxProblems) break;
            if (manifest.Tables.FirstOrDefault(t => t.Table == table.Name) is not { } listed)
            {
                problems.Add($"в manifest.json нет таблицы {table.Name}");
                continue;
            }
            var columns = Compare(table, listed);
            if (columns.Count > 0)
            {
                problems.AddRange(columns);
                continue;
            }
            if (zip.GetEntry(table.File) is not { } entry || listed.File != table.File)
            {
                problems.Add($"нет файла {table.File}");
                continue;
            }
            byte[] content;
            try
            {
                content = await ReadAsync(entry, ct);
            }
            catch (InvalidDataException)
            {
                problems.Add($"файл {table.File} не распаковывается");
                continue;
            }
            if (Convert.ToHexStringLower(SHA256.HashData(content)) != listed.Sha256)
            {
                problems.Add($"файл {table.File} изменён: его SHA-256 не совпадает с manifest.json");
                continue;
            }
            var rows = Parse(table, content, problems, utc: db.Database.IsNpgsql());
            if (rows.Count != listed.Rows) problems.Add($"в файле {table.File} строк {rows.Count}, а в manifest.json — {listed.Rows}");
            loaded.Add((table, content));
            if (table.Reach == SchoolTables.Reach.School) schools = rows;
        }

        var files = new List<(string, byte[])>();
        foreach (var f in manifest.Files ?? [])
        {
            var name = f.Path.StartsWith(SchoolManifest.FilesFolder, StringComparison.Ordinal) ? f.Path[SchoolManifest.FilesFolder.Length..] : "";
            if (name.Length == 0 || name != Path.GetFileName(name) || name.StartsWith('.'))
            {
                problems.Add($"файл {f.Path}: недопустимое имя");
                continue;
            }
            try
            {
                var content = zip.GetEntry(f.Path) is { } entry ? await ReadAsync(entry, ct) : null;
                if (content is null) problems.Add($"нет файла {f.Path}");
                else if (content.Length != f.Size || Convert.ToHexStringLower(SHA256.HashData(content)) != f.Sha256)
                    problems.Add($"файл {f.Path} изменён: размер или SHA-256 не совпадает с manifest.json");
                else files.Add((name, content));
            }
            catch (InvalidDataException)
            {
                problems.Add($"файл {f.Path} не распаковывается");
            }
        }
        if (problems.Count == 0 && (schools is not [School school]
                || school.Id != manifest.School.Id))
            problems.Add("в таблице Schools должна быть одна школа — та, что названа в manifest.json");
        return problems.Count > 0 ? (null, Damaged(problems)) : (new Loaded(manifest, loaded, files, db.Database.IsNpgsql()), null);
    }

    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        await using var stream = entry.Open();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The manifest's columns against this installation's: the same names, types and nullability, whatever their order.</summary>
    private static List<string> Compare(SchoolTables.Table table, SchoolManifest.TableFile listed)
    {
        var ours = table.Columns.ToDictionary(c => c.Name, c => (c.Type, c.Nullable));
        var theirs = (listed.Columns ?? []).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => (g.First().Type, g.First().Nullable));
        var problems = new List<string>();
        foreach (var missing in ours.Keys.Except(theirs.Keys)) problems.Add($"в таблице {table.Name} нет столбца {missing}");
        foreach (var extra in theirs.Keys.Except(ours.Keys)) problems.Add($"в таблице {table.Name} лишний столбец {extra}");
        foreach (var (name, type) in ours.Where(c => theirs.TryGetValue(c.Key, out var t) && t != c.Value))
            problems.Add($"столбец {table.Name}.{name}: в пакете {theirs[name].Type}{(theirs[name].Nullable ? "?" : "")}, " +
                $"здесь {type.Type}{(type.Nullable ? "?" : "")}");
        return problems;
    }

    /// <summary>
    /// Each line one row: an object with exactly the table's columns, each value of its column's type (instants in UTC for PostgreSQL).
    /// </summary>
    private static List<object> Parse(SchoolTables.Table table, byte[] content, List<string> problems, bool utc)
    {
        var rows = new List<object>();
        var line = 0;
        foreach (var range in Lines(content))
        {
            line++;
            if (problems.Count >= MaxProblems) break;
            try
            {
                using var doc = JsonDocument.Parse(content.AsMemory(range.Start, range.Length));
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("строка — не объект JSON");
                var row = Activator.CreateInstance(table.ClrType)!;
                var seen = 0;
                foreach (var c in table.Columns)
                {
                    if (!doc.RootElement.TryGetProperty(c.Name, out var value)) throw new InvalidDataException($"нет значения {c.Name}");
                    object? typed;
                    try
                    {
                        typed = value.Deserialize(c.Property.ClrType, SchoolManifest.Rows);
                    }
                    catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
                    {
                        throw new InvalidDataException($"{c.Name} — значение не того типа ({c.Type})");
                    }
                    if (typed is null && !c.Nullable) throw new InvalidDataException($"{c.Name} не может быть пустым");
                    // PostgreSQL keeps instants in UTC; SQLite keeps the offset written (a package from SQLite may carry +03:00).
                    if (utc && typed is DateTimeOffset { Offset.Ticks: not 0 } local) typed = local.ToUniversalTime();
                    c.Property.PropertyInfo!.SetValue(row, typed);
                    seen++;
                }
                if (doc.RootElement.EnumerateObject().Count() != seen) throw new InvalidDataException("лишние значения");
                rows.Add(row);
            }
            catch (JsonException)
            {
                problems.Add($"{table.File}, строка {line}: не JSON");
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{table.File}, строка {line}: {e.Message}");
            }
        }
        return rows;
    }

    private static IEnumerable<(int Start, int Length)> Lines(byte[] content)
    {
        var start = 0;
        for (var i = 0; i <= content.Length; i++)
        {
            if (i < content.Length && content[i] != (byte)'\n') continue;
            if (i > start) yield return (start, i - start);
            start = i + 1;
        }
    }

    /// <summary>The school, its logins and its record numbers must be new to this installation: a second import is refused here.</summary>
    private async Task<Problem?> ConflictAsync(Loaded loaded, CancellationToken ct)
    {
        var school = (School)loaded.Rows(t => t.Reach == SchoolTables.Reach.School)[0];
        if (await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id == school.Id || s.Name == school.Name, ct))
            return new Problem(StatusCodes.Status409Conflict, "Школа уже есть в этой установке",
                $"Школа «{school.Name}» (№ {school.Id}) здесь уже есть: пакет загружали раньше, или школа с тем же номером или названием " +
                "заведена здесь. Ничего не записано.");
        var users = loaded.Rows(t => t.ClrType == typeof(AppUser)).Cast<AppUser>().ToList();
        var ids = users.Select(u => u.Id).ToList();
        var names = users.Select(u => u.NormalizedUserName).OfType<string>().ToList();
        var taken = await db.Users.Where(u => EF.Parameter(ids).Contains(u.Id) || EF.Parameter(names).Contains(u.NormalizedUserName!))
            .Select(u => u.UserName).ToListAsync(ct);
        if (taken.Count > 0)
            return new Problem(StatusCodes.Status409Conflict, "Логины школы уже заняты",
                $"В этой установке уже есть учётные записи с теми же логинами или номерами: {taken.Count} " +
                $"(например, {string.Join(", ", taken.Take(3))}). Ничего не записано.");
        var busy = new List<string>();
        foreach (var (table, _) in loaded.Tables.Where(t => t.Table.Reach is SchoolTables.Reach.Owned or SchoolTables.Reach.School
                     && t.Table.Key.Count == 1))
            if (loaded.Rows(table) is { Count: > 0 } rows && await AnyAsync(table, rows, ct)) busy.Add(table.Name);
        return busy.Count == 0 ? null : new Problem(StatusCodes.Status409Conflict, "Номера записей школы заняты",
            $"Пакет сохраняет номера записей, а в этой установке они уже заняты в таблицах: {string.Join(", ", busy)}. " +
            "Загрузите школу в новую установку. Ничего не записано.");
    }

    private Task<bool> AnyAsync(SchoolTables.Table table, List<object> rows, CancellationToken ct) =>
        (Task<bool>)typeof(SchoolPackageImport)
            .GetMethod(nameof(AnyOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(table.ClrType, table.Key[0].ClrType).Invoke(this, [table, rows, ct])!;

    private Task<bool> AnyOfAsync<T, TKey>(SchoolTables.Table table, List<object> rows, CancellationToken ct) where T : class
    {
        var key = table.Key[0];
        var box = new StrongBox<List<TKey>>([.. rows.Select(r => (TKey)key.PropertyInfo!.GetValue(r)!)]);
        var e = System.Linq.Expressions.Expression.Parameter(typeof(T), "e");
        var contains = System.Linq.Expressions.Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)],
            System.Linq.Expressions.Expression.Call(typeof(EF), nameof(EF.Parameter), [typeof(List<TKey>)],
                System.Linq.Expressions.Expression.Field(System.Linq.Expressions.Expression.Constant(box), nameof(box.Value))),
            SchoolPackage.Property(e, key));
        return db.Set<T>().IgnoreQueryFilters().AnyAsync(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, e), ct);
    }

    private async Task WriteAsync(Loaded loaded, string? reason, CancellationToken ct)
    {
        var folder = HomeworkFilesApi.Folder(config, env);
        var written = new List<string>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.SuppressDiaryEvents = true;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var roles = new Dictionary<string, string>();
            foreach (var (table, _) in loaded.Tables)
            {
                var rows = loaded.Rows(table);
                if (table.ClrType == typeof(IdentityRole))
                {
                    // The built-in roles are the installation's: a role of the same name here is the same role.
                    foreach (var role in rows.Cast<IdentityRole>().ToList())
                    {
                        var here = await db.Roles.AsNoTracking().Where(r => r.NormalizedName == role.NormalizedName).Select(r => r.Id)
                            .FirstOrDefaultAsync(ct);
                        roles[role.Id] = here ?? role.Id;
                        if (here is not null) rows.Remove(role);
                    }
                }
                if (table.ClrType == typeof(IdentityUserRole<string>))
                    foreach (var link in rows.Cast<IdentityUserRole<string>>()) link.RoleId = roles.GetValueOrDefault(link.RoleId, link.RoleId);
                if (table.Entity.GetForeignKeys().Any(f => f.PrincipalEntityType == table.Entity))
                {
                    // Rows that point to rows of their own table (a class to last year's class) go through EF's save, which orders them.
                    db.AddRange(rows);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                // The rest in bulk, as they are: a 120-student school's import took 11 s through EF's save, its writing 1.6–2.2 s
                // this way (SQLite; issue 16's profile of the suite).
                else await db.InsertCopiesAsync(table.ClrType, rows, ct);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            // Rows written behind the change tracker: every node's read cache starts again when the import commits.
            readCache?.Touched(db);
            if (db.Database.IsNpgsql()) await MoveSequencesAsync(loaded, ct);

            if (loaded.Files.Count > 0) Directory.CreateDirectory(folder);
            foreach (var (name, content) in loaded.Files)
            {
                var path = Path.Combine(folder, name);
                await using (var file = new FileStream(path, FileMode.CreateNew)) await file.WriteAsync(content, ct);
                written.Add(path);
            }

            var m = loaded.Manifest;
            await audit.RecordAsync(AuditEventType.SchoolImported, "school", m.School.Id, null,
                new { format = m.Format, version = m.Version, from = m.AppVersion, exportedAt = m.ExportedAt, tables = m.Tables.Count,
                    rows = m.Tables.Sum(t => t.Rows), files = m.Files.Count, manifest = SchoolPackage.ManifestHash(m) },
                reason, m.School.Id, ct);
            await audit.SaveAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            foreach (var path in written) File.Delete(path);
            throw;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.SuppressDiaryEvents = false;
        }
    }

    /// <summary>PostgreSQL's identity columns do not see ids written by hand: each sequence moves to its table's largest id.</summary>
    private async Task MoveSequencesAsync(Loaded loaded, CancellationToken ct)
    {
        foreach (var (table, _) in loaded.Tables)
        {
            if (table.Key is not [{ ValueGenerated: Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd } key]
                || key.ClrType != typeof(int) && key.ClrType != typeof(long)) continue;
            var column = table.Columns.Single(c => c.Property == key).Name;
            // Names come from the model, never from the package.
            var sql = $"SELECT setval(pg_get_serial_sequence('\"{table.Name}\"', '{column}'), m) " +
                $"FROM (SELECT MAX(\"{column}\") AS m FROM \"{table.Name}\") x " +
                "WHERE m IS NOT NULL";
#pragma warning disable EF1002 // identifiers from the EF model, no values
            await db.Database.ExecuteSqlRawAsync(sql, ct);
#pragma warning restore EF1002
        }
    }
}
