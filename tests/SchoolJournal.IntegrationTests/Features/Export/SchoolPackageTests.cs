using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Features.Export;
using SchoolJournal.Web.Infrastructure;
using Xunit.Abstractions;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>
/// Полная выгрузка школы (issue 15, decision record 0017): a demo school leaves one installation as a package and arrives in a fresh one
/// (a database of its own, same provider) as the same school — every table row by row, the logins with their passwords, the audit chain
/// verifying; a damaged package or a second import is refused and writes nothing.
/// </summary>
public sealed class SchoolPackageTests(SchoolPackageTests.Source source, ITestOutputHelper output)
    : IClassFixture<SchoolPackageTests.Source>, IDisposable
{
    /// <summary>A small demo school (every table the seeder fills, 120 students) and its package, downloaded once by the director.</summary>
    public sealed class Source : IAsyncLifetime
    {
        public JournalApp App { get; } = new();
        public byte[] Package { get; private set; } = [];
        public TimeSpan ExportTime { get; private set; }

        public async Task InitializeAsync()
        {
            _ = App.Server;
            await using (var scope = App.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>()
                    .SeedAsync(new DemoOptions(StudentsPerSchool: 120, Today: new(2026, 11, 23)));
            await AttachAFileAsync();
            var director = await App.ApiClientAsync(DemoSeeder.Logins.Director, DemoSeeder.Password);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await director.GetAsync("/api/v1/exports/school");
            ExportTime = clock.Elapsed;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Package = await response.Content.ReadAsByteArrayAsync();
        }

        /// <summary>The demo has no homework files: one is added, row and file, as the upload would leave them.</summary>
        private async Task AttachAFileAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
            var homework = await db.Homework.IgnoreQueryFilters().OrderBy(h => h.Id).FirstAsync();
            var stored = Guid.NewGuid().ToString("N") + ".txt";
            db.HomeworkAttachments.Add(new HomeworkAttachment
            {
                SchoolId = homework.SchoolId, HomeworkId = homework.Id, FileName = "задачи.txt", StoredName = stored, ContentType = "text/plain",
                Size = 12, UploadedAt = new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero),
            });
            await db.SaveChangesAsync();
            var folder = Path.Combine(App.FilesPath, "homework");
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, stored), Encoding.UTF8.GetBytes("№ 1, 2, 3 .."));
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>A fresh installation: migrated, no school, nobody.</summary>
    private readonly JournalApp _target = new();

    public void Dispose() => _target.Dispose();

    private async Task<Outcome<SchoolPackageImport.Imported>> ImportAsync(byte[] package)
    {
        _ = _target.Server;
        await using var scope = _target.Services.CreateAsyncScope();
        using var stream = new MemoryStream(package);
        return await scope.ServiceProvider.GetRequiredService<SchoolPackageImport>().ImportAsync(stream, "тест", CancellationToken.None);
    }

    private static Dictionary<string, byte[]> Entries(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static byte[] Zip(Dictionary<string, byte[]> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(content);
            }
        return buffer.ToArray();
    }

    private static SchoolManifest Manifest(byte[] package) =>
        JsonSerializer.Deserialize<SchoolManifest>(Entries(package)[SchoolManifest.Name], SchoolManifest.Json)!;

    /// <summary>Nothing of a school in the fresh installation: no school, login, role, audit event or row of any exported table.</summary>
    private async Task AssertEmptyAsync()
    {
        var counts = await _target.QueryAsync(async db => new
        {
            Schools = await db.Schools.IgnoreQueryFilters().CountAsync(),
            Users = await db.Users.CountAsync(),
            Roles = await db.Roles.CountAsync(),
            Events = await db.AuditEvents.IgnoreQueryFilters().CountAsync(),
            Marks = await db.Marks.IgnoreQueryFilters().CountAsync(),
            Students = await db.Students.IgnoreQueryFilters().CountAsync(),
        });
        Assert.Equal(new { Schools = 0, Users = 0, Roles = 0, Events = 0, Marks = 0, Students = 0 }, counts);
        Assert.False(Directory.Exists(Path.Combine(_target.FilesPath, "homework")) &&
            Directory.EnumerateFiles(Path.Combine(_target.FilesPath, "homework")).Any());
    }

    [Fact]
    public async Task The_manifest_lists_every_table_of_the_school_with_rows_hashes_and_columns()
    {
        var entries = Entries(source.Package);
        var manifest = Manifest(source.Package);
        await using var scope = source.App.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<JournalDbContext>().Model;

        var school = await source.App.QueryAsync(db => db.Schools.IgnoreQueryFilters().SingleAsync());
        Assert.Equal((SchoolManifest.OurFormat, 1, school.Id, school.Name),
            (manifest.Format, manifest.Version, manifest.School.Id, manifest.School.Name));
        Assert.Equal(TimeSpan.Zero, manifest.ExportedAt.Offset);
        // Every table of the model is in the package or excluded with its reason; nothing else is in the zip.
        var inPackage = manifest.Tables.Select(t => t.Table).Concat(manifest.Excluded.Select(e => e.Table)).Order().ToList();
        Assert.Equal(model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct().Order().ToList(), inPackage);
        Assert.Equal(["AspNetRoleClaims", "DiaryEvents", "Notifications"], manifest.Excluded.Select(e => e.Table));
        Assert.All(manifest.Excluded, e => Assert.True(e.Reason.Length > 30));
        Assert.Equal(manifest.Tables.Select(t => t.File).Concat(manifest.Files.Select(f => f.Path)).Append(SchoolManifest.Name).Order(),
            entries.Keys.Order());
        foreach (var t in manifest.Tables)
        {
            var content = entries[t.File];
            Assert.Equal(t.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
            Assert.Equal(t.Rows, content.Count(b => b == (byte)'\n'));
            Assert.NotEmpty(t.Columns);
        }
        // The rows of the school: its one row, the demo's 120 students, their marks, its logins with password hashes.
        var rows = manifest.Tables.ToDictionary(t => t.Table, t => t.Rows);
        Assert.Equal(1, rows["Schools"]);
        Assert.InRange(rows["Students"], 100, 140);
        Assert.True(rows["Marks"] > 1000 && rows["AuditEvents"] > 0 && rows["StudentParents"] >= 120 && rows["GroupClasses"] > 0,
            string.Join(", ", rows));
        Assert.InRange(rows["AspNetRoles"], 5, 7);
        var users = Encoding.UTF8.GetString(entries["tables/AspNetUsers.jsonl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(users, u => Assert.StartsWith("AQAAAA", JsonNode.Parse(u)!["PasswordHash"]!.GetValue<string>()));
        Assert.Equal(new SchoolManifest.ColumnType("Grade", "int32", false),
            manifest.Tables.Single(t => t.Table == "SchoolClasses").Columns.Single(c => c.Name == "Grade"));
        Assert.Single(manifest.Files);
        output.WriteLine($"package {source.Package.Length} bytes, tables {manifest.Tables.Count}, rows {manifest.Tables.Sum(t => t.Rows)}, " +
            $"export {source.ExportTime.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task The_export_is_audited_in_the_school_chain_without_names()
    {
        var e = await source.App.QueryAsync(db =>
            db.AuditEvents.IgnoreQueryFilters().Where(x => x.Type == AuditEventType.SchoolExported).SingleAsync());
        var manifest = Manifest(source.Package);
        Assert.Equal(("school", manifest.School.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (e.Entity, e.EntityId));
        var after = JsonNode.Parse(e.After!)!;
        Assert.Equal(manifest.Tables.Sum(t => t.Rows), after["rows"]!.GetValue<long>());
        Assert.Equal(SchoolPackage.ManifestHash(manifest), after["manifest"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fresh_installation_reads_the_package_back_to_an_equal_school_whose_people_sign_in_and_whose_chain_verifies()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var imported = await ImportAsync(source.Package);
        var importTime = clock.Elapsed;

        Assert.Null(imported.Problem);
        var manifest = Manifest(source.Package);
        Assert.Equal((manifest.School.Id, manifest.Tables.Sum(t => t.Rows), 1),
            (imported.Value!.SchoolId, imported.Value.Rows, imported.Value.Files));

        // Row by row: the fresh installation's package of the school holds the same bytes for every table; the audit log the same events
        // and one more, the import's.
        await using var scope = _target.Services.CreateAsyncScope();
        using var again = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<SchoolPackage>().WriteAsync(manifest.School.Id, again, CancellationToken.None);
        var (before, after) = (Entries(source.Package), Entries(again.ToArray()));
        foreach (var t in manifest.Tables.Where(t => t.Table != "AuditEvents"))
            Assert.True(before[t.File].AsSpan().SequenceEqual(after[t.File]), $"{t.Table} differs after the import");
        var events = Encoding.UTF8.GetString(after["tables/AuditEvents.jsonl"]);
        Assert.StartsWith(Encoding.UTF8.GetString(before["tables/AuditEvents.jsonl"]), events);
        var last = JsonNode.Parse(events.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Equal((int)AuditEventType.SchoolImported, last["Type"]!.GetValue<int>());
        var file = manifest.Files.Single();
        Assert.Equal(before[file.Path], await File.ReadAllBytesAsync(Path.Combine(_target.FilesPath, "homework", Path.GetFileName(file.Path))));

        // The chain goes on verifying, and so do the marks and attendance against it.
        var check = await scope.ServiceProvider.GetRequiredService<Integrity>().VerifyAsync();
        var school = Assert.Single(check.Schools);
        Assert.Empty(school.Problems);

        // The teacher signs in with his old password and sees his journal; a new row gets an id after the imported ones.
        var teacher = await _target.PageClientAsync(DemoSeeder.Logins.Teacher, DemoSeeder.Password);
        var journal = await teacher.GetAsync("/Journal");
        Assert.Equal(HttpStatusCode.OK, journal.StatusCode);
        var groups = await _target.QueryAsync(db => db.TeachingAssignments.IgnoreQueryFilters()
            .Where(a => db.StaffMembers.IgnoreQueryFilters().Any(s => s.Id == a.StaffMemberId
                && s.UserId == db.Users.Single(u => u.UserName == DemoSeeder.Logins.Teacher).Id))
            .Select(a => a.TeachingGroup!.Name).Distinct().ToListAsync());
        var page = await journal.Content.ReadAsStringAsync();
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.Contains(System.Net.WebUtility.HtmlEncode(g), page));
        var maxMark = await _target.QueryAsync(db => db.Marks.IgnoreQueryFilters().MaxAsync(m => m.Id));
        var mark = await _target.QueryAsync(async db =>
        {
            var m = await db.Marks.IgnoreQueryFilters().AsNoTracking().OrderBy(x => x.Id).FirstAsync();
            m.Id = 0;
            db.Marks.Add(m);
            db.SuppressDiaryEvents = true;
            await db.SaveChangesAsync();
            return m.Id;
        });
        Assert.Equal(maxMark + 1, mark);
        output.WriteLine($"package {source.Package.Length} bytes, rows {imported.Value.Rows}, import {importTime.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_second_import_of_the_same_school_is_refused_and_changes_nothing()
    {
        Assert.Null((await ImportAsync(source.Package)).Problem);
        var rows = await CountsAsync();

        var second = await ImportAsync(source.Package);

        Assert.Equal((409, "Школа уже есть в этой установке"), (second.Problem!.Status, second.Problem.Title));
        Assert.Contains("Ничего не записано", second.Problem.Detail);
        Assert.Equal(rows, await CountsAsync());
    }

    private Task<(int, int)> CountsAsync() => _target.QueryAsync(async db =>
        (await db.Marks.IgnoreQueryFilters().CountAsync(), await db.AuditEvents.IgnoreQueryFilters().CountAsync()));

    public static TheoryData<string> Damages => ["byte", "missing", "column", "row", "manifest", "not a zip"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_package_is_refused_with_the_reason_and_writes_nothing(string damage)
    {
        var entries = Entries(source.Package);
        string expected;
        switch (damage)
        {
            case "byte":
                // One byte of the marks changed: a «5» becomes a «4».
                var marks = entries["tables/Marks.jsonl"];
                marks[marks.AsSpan().IndexOf("\"Value\":\"5\""u8) + 9] = (byte)'4';
                expected = "файл tables/Marks.jsonl изменён: его SHA-256 не совпадает с manifest.json";
                break;
            case "missing":
                entries.Remove("tables/StudentParents.jsonl");
                expected = "нет файла tables/StudentParents.jsonl";
                break;
            case "column":
                var manifest = JsonNode.Parse(entries[SchoolManifest.Name])!;
                var lessons = manifest["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "Lessons")!;
                lessons["columns"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Topic")!["name"] = "Theme";
                entries[SchoolManifest.Name] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                expected = "в таблице Lessons нет столбца Topic";
                break;
            case "row":
                // A row that is not of its table's types, with the hash made to match: the check of values still refuses it.
                var rooms = Encoding.UTF8.GetString(entries["tables/Rooms.jsonl"]);
                var first = rooms[..rooms.IndexOf('\n')];
                var bad = JsonNode.Parse(first)!;
                bad["Id"] = "сто";
                var changed = Encoding.UTF8.GetBytes(bad.ToJsonString() + rooms[first.Length..]);
                entries["tables/Rooms.jsonl"] = changed;
                var m = JsonNode.Parse(entries[SchoolManifest.Name])!;
                m["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "Rooms")!["sha256"] =
                    Convert.ToHexStringLower(SHA256.HashData(changed));
                entries[SchoolManifest.Name] = Encoding.UTF8.GetBytes(m.ToJsonString());
                expected = "tables/Rooms.jsonl, строка 1: Id — значение не того типа (int32)";
                break;
            case "manifest":
                entries.Remove(SchoolManifest.Name);
                expected = "в архиве нет manifest.json";
                break;
            default:
                entries = new() { ["x"] = [] };
                expected = "это не ZIP-архив";
                break;
        }
        var package = damage == "not a zip" ? Encoding.UTF8.GetBytes("это не архив") : Zip(entries);

        var outcome = await ImportAsync(package);

        Assert.Equal((400, "Пакет школы повреждён или не подходит"), (outcome.Problem!.Status, outcome.Problem.Title));
        Assert.Contains(expected, outcome.Problem.Detail);
        Assert.EndsWith("Ничего не записано.", outcome.Problem.Detail);
        await AssertEmptyAsync();
    }

    [Fact]
    public async Task Over_the_api_the_first_school_administrator_imports_and_a_director_may_not()
    {
        await _target.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
            await b.UserAsync("direktor2", "Директорова Анна", [Roles.Director]);
            return 0;
        });
        MultipartFormDataContent Body() => new() { { new ByteArrayContent(source.Package), "file", "школа.zip" } };

        var director = await (await _target.ApiClientAsync("direktor2")).PostAsync("/api/v1/schools/import", Body());
        var admin = await (await _target.ApiClientAsync("admin")).PostAsync("/api/v1/schools/import", Body());

        Assert.Equal(HttpStatusCode.Forbidden, director.StatusCode);
        // The installation's own school has the package's number: refused as a school already here.
        Assert.Equal(HttpStatusCode.Conflict, admin.StatusCode);
        var problem = await admin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Школа уже есть в этой установке", problem.GetProperty("title").GetString());
        Assert.Equal(1, await _target.QueryAsync(db => db.Schools.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Logins_taken_in_the_installation_refuse_the_package()
    {
        await _target.SeedAsync(async b =>
        {
            b.Db.Users.Add(new AppUser { UserName = DemoSeeder.Logins.Teacher, NormalizedUserName = DemoSeeder.Logins.Teacher.ToUpperInvariant(),
                DisplayName = "Другой Учитель" });
            return await b.Db.SaveChangesAsync();
        });

        var outcome = await ImportAsync(source.Package);

        Assert.Equal((409, "Логины школы уже заняты"), (outcome.Problem!.Status, outcome.Problem.Title));
        Assert.Contains(DemoSeeder.Logins.Teacher, outcome.Problem.Detail);
        Assert.Equal(0, await _target.QueryAsync(db => db.Schools.IgnoreQueryFilters().CountAsync()));
    }
}
