using System.Collections;
using System.IO.Compression;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Export;

/// <summary>manifest.json of a school package (docs/formats/school-package.md): what, from where, and every file's rows, hash and columns.</summary>
public sealed record SchoolManifest(string Format, int Version, string AppVersion, string Provider, string Schema, DateTimeOffset ExportedAt,
    SchoolManifest.SchoolRef School, string Passwords, IReadOnlyList<SchoolManifest.TableFile> Tables,
    IReadOnlyList<SchoolManifest.AttachedFile> Files,
    IReadOnlyList<SchoolManifest.Exclusion> Excluded)
{
    public const string Name = "manifest.json";
    public const string OurFormat = "SchoolJournal.School";
    public const int OurVersion = 1;
    public const string FilesFolder = "files/homework/";

    public sealed record SchoolRef(int Id, string Name);
    public sealed record TableFile(string Table, string File, long Rows, string Sha256, IReadOnlyList<string> Key, IReadOnlyList<ColumnType> Columns);
    public sealed record ColumnType(string Name, string Type, bool Nullable);
    public sealed record AttachedFile(string Path, long Size, string Sha256);
    public sealed record Exclusion(string Table, string Reason);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Row values: Cyrillic kept readable, numbers and dates as System.Text.Json writes them (ISO 8601 with offset).</summary>
    public static readonly JsonSerializerOptions Rows = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}

/// <summary>
/// Полная выгрузка школы (issue 15, decision record 0017): every table the school owns (<see cref="SchoolTables"/>) as JSON lines in
/// one zip with manifest.json, the homework files beside them; password hashes kept (a move between installations is what they are
/// for); read back by <see cref="SchoolPackageImport"/> into a fresh installation. Driven by the EF model, so a new table travels
/// without a line here.
/// </summary>
public sealed class SchoolPackage(JournalDbContext db, AccessService access, AuditLog audit, CurrentUser user, TimeProvider time,
    IConfiguration config, IWebHostEnvironment env)
{
    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на полную выгрузку",
        "Всю школу одним архивом — с паролями (их хешами) и журналом аудита — выгружают директор и системный администратор.");

    /// <summary>The current school's package for the API and the page, audited 8014 in its chain.</summary>
    public async Task<Outcome<ExportFile>> ExportAsync(CancellationToken ct)
    {
        if (!access.ExportsWholeSchool || user.SchoolId is not int school) return Refused;
        using var buffer = new MemoryStream();
        var manifest = await WriteAsync(school, buffer, ct);
        await AuditAsync(manifest, null, ct);
        var today = await SchoolCalendar.TodayAsync(db, school, time, ct);
        return Outcome<ExportFile>.Ok(new ExportFile(buffer.ToArray(), "application/zip", $"school-{school}-{today:yyyy-MM-dd}.zip"));
    }

    /// <summary>Appends «школа выгружена» to the school's chain: tables, rows, files and the manifest's SHA-256 — no names.</summary>
    public async Task AuditAsync(SchoolManifest manifest, string? reason, CancellationToken ct) =>
        await audit.SaveAuditedAsync(db, async () => await audit.RecordAsync(AuditEventType.SchoolExported, "school", manifest.School.Id, null,
            new { format = manifest.Format, version = manifest.Version, tables = manifest.Tables.Count, rows = manifest.Tables.Sum(t => t.Rows),
                files = manifest.Files.Count, manifest = ManifestHash(manifest) },
            reason, manifest.School.Id, ct), ct);

    public static string ManifestHash(SchoolManifest manifest) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(manifest, SchoolManifest.Json)));

    /// <summary>Writes the package of school <paramref name="schoolId"/> to <paramref name="output"/> (left open) and returns its manifest.</summary>
    public async Task<SchoolManifest> WriteAsync(int schoolId, Stream output, CancellationToken ct)
    {
        var school = await db.Schools.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == schoolId)
            .Select(s => new { s.Id, s.Name }).SingleAsync(ct);
        var tables = SchoolTables.Of(db.Model);
        var principalsOfLinks = tables.Where(t => t.Via is not null).Select(t => t.Via!.PrincipalEntityType).ToHashSet();
        var keys = new Dictionary<IEntityType, IList>();
        // Logins of the school are those with its SchoolId and those its rows name (a parent's, a teacher's, whoever locked a period).
        var loginType = tables.Single(t => t.ClrType == typeof(AppUser)).Entity;
        keys[loginType] = await db.Users.AsNoTracking().Where(u => u.SchoolId == schoolId).Select(u => u.Id).ToListAsync(ct);
        var files = new List<string>();
        var written = new Dictionary<SchoolTables.Table, SchoolManifest.TableFile>();

        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in ExportOrder(tables))
            {
                var keyList = table.Reach switch
                {
                    SchoolTables.Reach.Linked => keys.GetValueOrDefault(table.Via!.PrincipalEntityType),
                    SchoolTables.Reach.Referenced => keys.GetValueOrDefault(table.Entity),
                    _ => null,
                };
                var own = principalsOfLinks.Contains(table.Entity) ? NewList(table.Key[0].ClrType) : null;
                var referencing = table.Entity.GetForeignKeys().Where(f => f.PrincipalEntityType != table.Entity
                    && tables.Any(t => t.Entity == f.PrincipalEntityType && t.Reach == SchoolTables.Reach.Referenced)).ToList();
                var entry = zip.CreateEntry(table.File, CompressionLevel.Optimal);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long rows = 0;
                await using (var stream = entry.Open())
                {
                    // Rows go to the zip in blocks of about 64 KB, not a deflate call and an async write each (perf, issue 16).
                    var block = new System.Buffers.ArrayBufferWriter<byte>(BlockSize + 4096);
                    using var json = new Utf8JsonWriter(block, new JsonWriterOptions { Encoder = SchoolManifest.Rows.Encoder });
                    async Task FlushAsync()
                    {
                        hash.AppendData(block.WrittenSpan);
                        await stream.WriteAsync(block.WrittenMemory, ct);
                        block.ResetWrittenCount();
                    }
                    await foreach (var row in Rows(table, schoolId, keyList).WithCancellation(ct))
                    {
                        json.Reset(block);
                        WriteRow(json, block, table, row);
                        if (block.WrittenCount >= BlockSize) await FlushAsync();
                        rows++;
                        own?.Add(table.Key[0].PropertyInfo!.GetValue(row));
                        foreach (var fk in referencing)
                            if (fk.Properties[0].PropertyInfo!.GetValue(row) is { } value)
                                (keys.TryGetValue(fk.PrincipalEntityType, out var l) ? l : keys[fk.PrincipalEntityType] = NewList(value.GetType()))
                                    .Add(value);
                        if (row is HomeworkAttachment a) files.Add(a.StoredName);
                    }
                    await FlushAsync();
                }
                if (own is not null) keys[table.Entity] = own;
                written[table] = new SchoolManifest.TableFile(table.Name, table.File, rows, Convert.ToHexStringLower(hash.GetHashAndReset()),
                    [.. table.Key.Select(k => table.Columns.Single(c => c.Property == k).Name)],
                    [.. table.Columns.Select(c => new SchoolManifest.ColumnType(c.Name, c.Type, c.Nullable))]);
            }

            var attached = new List<SchoolManifest.AttachedFile>();
            var folder = HomeworkFilesApi.Folder(config, env);
            foreach (var name in files.Distinct().Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(folder, name);
                if (!File.Exists(path)) continue;
                var content = await File.ReadAllBytesAsync(path, ct);
                var entry = zip.CreateEntry(SchoolManifest.FilesFolder + name, CompressionLevel.Optimal);
                await using (var stream = entry.Open()) await stream.WriteAsync(content, ct);
                attached.Add(new SchoolManifest.AttachedFile(SchoolManifest.FilesFolder + name, content.Length,
                    Convert.ToHexStringLower(SHA256.HashData(content))));
            }

            var manifest = new SchoolManifest(SchoolManifest.OurFormat, SchoolManifest.OurVersion, AppVersion, db.Database.ProviderName ?? "",
                db.Database.GetMigrations().LastOrDefault() ?? "", Microseconds(time.GetUtcNow()),
                new SchoolManifest.SchoolRef(school.Id, school.Name),
                "хеши паролей ASP.NET Core Identity (PBKDF2) как есть",
                [.. tables.Select(t => written[t])], attached,
                [.. db.Model.GetEntityTypes().Where(t => SchoolTables.Excluded.ContainsKey(t.ClrType))
                    .Select(t => new SchoolManifest.Exclusion(t.GetTableName()!, SchoolTables.Excluded[t.ClrType]))
                    .OrderBy(e => e.Table, StringComparer.Ordinal)]);
            var manifestEntry = zip.CreateEntry(SchoolManifest.Name, CompressionLevel.Optimal);
            await using (var stream = manifestEntry.Open()) await JsonSerializer.SerializeAsync(stream, manifest, SchoolManifest.Json, ct);
            return manifest;
        }
    }

    public static string AppVersion =>
        typeof(SchoolPackage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));

    /// <summary>
    /// The order rows are read in: the school and its own tables, then a link table after the rows it hangs on, and a login or role
    /// table after every table that names its rows (except its own link tables, which come after it).
    /// </summary>
    private static List<SchoolTables.Table> ExportOrder(IReadOnlyList<SchoolTables.Table> tables)
    {
        var pending = tables.OrderBy(t => t.Reach).ToList();
        var order = new List<SchoolTables.Table>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => t.Reach switch
            {
                SchoolTables.Reach.Linked => order.Any(o => o.Entity == t.Via!.PrincipalEntityType),
                SchoolTables.Reach.Referenced => pending.All(p => p == t || p.Via?.PrincipalEntityType == t.Entity
                    || p.Entity.GetForeignKeys().All(f => f.PrincipalEntityType != t.Entity)),
                _ => true,
            }) ?? throw new InvalidOperationException("Порядок выгрузки таблиц не складывается: " + string.Join(", ", pending.Select(p => p.Name)));
            order.Add(next);
            pending.Remove(next);
        }
        return order;
    }

    private static IList NewList(Type type) => (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type))!;

    private const int BlockSize = 1 << 16;

    /// <summary>One JSON line of <paramref name="row"/>: <paramref name="json"/> writes it into <paramref name="output"/>, then its end.</summary>
    private static void WriteRow(Utf8JsonWriter json, System.Buffers.IBufferWriter<byte> output, SchoolTables.Table table, object row)
    {
        json.WriteStartObject();
        foreach (var c in table.Columns)
        {
            json.WritePropertyName(c.Name);
            JsonSerializer.Serialize(json, c.Property.PropertyInfo!.GetValue(row), c.Json);
        }
        json.WriteEndObject();
        json.Flush();
        System.Buffers.BuffersExtensions.Write(output, "\n"u8);
    }

    private static readonly MethodInfo RowsMethod = typeof(SchoolPackage).GetMethod(nameof(RowsOf), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private IAsyncEnumerable<object> Rows(SchoolTables.Table table, int schoolId, IList? keys) =>
        (IAsyncEnumerable<object>)RowsMethod.MakeGenericMethod(table.ClrType).Invoke(this, [table, schoolId, keys])!;

    private IAsyncEnumerable<T> RowsOf<T>(SchoolTables.Table table, int schoolId, IList? keys) where T : class
    {
        var e = Expression.Parameter(typeof(T), "e");
        Expression where = table.Reach switch
        {
            SchoolTables.Reach.School => Expression.Equal(Property(e, table.Key[0]), Expression.Constant(schoolId)),
            SchoolTables.Reach.Owned =>
                Expression.Equal(Property(e, table.Entity.FindProperty(nameof(ISchoolOwned.SchoolId))!), Expression.Constant(schoolId)),
            SchoolTables.Reach.Linked => Contains(keys, Property(e, table.Via!.Properties[0])),
            _ => Contains(keys, Property(e, table.Key[0])),
        };
        var query = db.Set<T>().IgnoreQueryFilters().AsNoTracking().Where(Expression.Lambda<Func<T, bool>>(where, e));
        return Ordered(query, table.Key).AsAsyncEnumerable();
    }

    /// <summary>Rows in the order of their primary key, so that two exports of the same data are the same bytes.</summary>
    public static IQueryable<T> Ordered<T>(IQueryable<T> query, IReadOnlyList<IProperty> key)
    {
        for (var i = 0; i < key.Count; i++)
        {
            var e = Expression.Parameter(typeof(T), "e");
            var call = Expression.Call(typeof(Queryable), i == 0 ? nameof(Queryable.OrderBy) : nameof(Queryable.ThenBy), [typeof(T), key[i].ClrType],
                query.Expression, Expression.Quote(Expression.Lambda(Property(e, key[i]), e)));
            query = query.Provider.CreateQuery<T>(call);
        }
        return query;
    }

    public static Expression Property(ParameterExpression e, IProperty p) =>
        Expression.Call(typeof(EF), nameof(EF.Property), [p.ClrType], e, Expression.Constant(p.Name));

    /// <summary><c>keys.Contains(value)</c> with the keys as one query parameter (a JSON array on SQLite, an array on PostgreSQL).</summary>
    private static Expression Contains(IList? keys, Expression value)
    {
        var type = value.Type;
        var list = NewList(type);
        foreach (var k in (keys ?? Array.Empty<object>()).Cast<object>().Distinct()) list.Add(k);
        var box = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(list.GetType()), list)!;
        // EF.Parameter: one parameter however many keys (EF 10 would otherwise send one parameter per key, past SQLite's limit).
        var source = Expression.Call(typeof(EF), nameof(EF.Parameter), [list.GetType()],
            Expression.Field(Expression.Constant(box), nameof(StrongBox<object>.Value)));
        return Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [type], source, value);
    }
}
