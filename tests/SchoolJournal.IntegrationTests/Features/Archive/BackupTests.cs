using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>Backups and restore (R-ARCH-3) on the real database of the run: SQLite's online backup, or pg_dump/pg_restore.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly JournalApp _source = new();
    private readonly JournalApp _target = new() { Migrate = true };

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    private static Task<Backups.Created> BackupAsync(JournalApp app, string? to = null) =>
        app.WithAsync<Backups.Created, Backups>(b => b.CreateAsync(to));

    private static Task<Backups.RestoreResult> RestoreAsync(JournalApp app, string file, bool force = false) =>
        app.WithAsync<Backups.RestoreResult, Backups>(b => b.RestoreAsync(file, force));

    /// <summary>Tables the writer appends to while the copy is made: the marks, their audit events, their diary events.</summary>
    private static readonly string[] Appended = ["Marks", "AuditEvents", "DiaryEvents"];

    [Fact]
    public async Task A_backup_taken_while_a_writer_writes_restores_to_the_source_as_it_was_and_verifies()
    {
        var s = await _source.SeedAsync(JournalSchool.BuildAsync);
        var attachment = Path.Combine(_source.FilesPath, "homework", "7", "задание.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(attachment)!);
        await File.WriteAllTextAsync(attachment, "Решить № 1–5");
        var client = await _source.ApiClientAsync("smirnova");
        var written = new List<int>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var response = await client.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
                    new { studentId = n % 2 == 0 ? s.Orlov.Id : s.Belov.Id, value = $"{2 + n % 4}" });
                var id = (await response.EnsureSuccessStatusCode().JsonAsync()).GetProperty("id").GetInt32();
                lock (written) written.Add(id);
            }
        });
        int Count() { lock (written) return written.Count; }
        while (Count() < 3) await Task.Delay(10);

        var backup = await BackupAsync(_source);
        var after = Count();
        while (Count() < after + 3) await Task.Delay(10);
        await stop.CancelAsync();
        await writer;

        var restored = await RestoreAsync(_target, backup.Path);
        Assert.True(restored.Done, restored.Message);

        var source = await _source.RowsAsync();
        var copy = await _target.RowsAsync();
        // The copy is one moment of the source: the marks in it are the first k the writer wrote, k between the two counts read around the copy.
        var marks = copy["Marks"].Select(r => (int)r.Id!.Value).Order().ToList();
        Assert.InRange(marks.Count, 3, after);
        Assert.Equal(written.Take(marks.Count).Order(), marks);
        Assert.Equal(backup.Manifest.Tables,
            new SortedDictionary<string, long>(copy.ToDictionary(t => t.Key, t => (long)t.Value.Count), StringComparer.Ordinal));
        var differing = source.Keys.Where(table =>
        {
            var maxId = copy[table].Select(r => r.Id ?? 0).DefaultIfEmpty(0).Max();
            var atBackup = Appended.Contains(table) ? source[table].Where(r => r.Id <= maxId) : source[table];
            return ArchiveData.Hash(atBackup) != ArchiveData.Hash(copy[table]);
        }).ToList();
        Assert.Empty(differing);
        Assert.Equal(source["AuditEvents"].Count, written.Count);
        Assert.Equal("Решить № 1–5", await File.ReadAllTextAsync(Path.Combine(_target.FilesPath, "homework", "7", "задание.txt")));
        var verified = await _target.VerifyAsync();
        Assert.True(verified.IsIntact, string.Join("; ", verified.Schools.SelectMany(x => x.Problems)));
        Assert.Equal(marks.Count, verified.Schools.Single().Events);
    }

    [Fact]
    public async Task The_manifest_holds_time_schema_row_counts_and_a_hash_of_every_part()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var attachment = Path.Combine(_source.FilesPath, "homework", "3", "a.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(attachment)!);
        await File.WriteAllTextAsync(attachment, "abc");

        var backup = await BackupAsync(_source);

        var m = backup.Manifest;
        Assert.Equal("SchoolJournal.Backup", m.Format);
        Assert.Equal(_source.Time.Now, m.CreatedAt);
        var migrations = await _source.WithAsync<IReadOnlyList<string>, DatabaseCopy>(d => Task.FromResult(d.KnownMigrations));
        Assert.Equal(migrations[^1], m.SchemaVersion);
        Assert.Equal(migrations.Count, m.Tables["__EFMigrationsHistory"]);
        Assert.Equal(2, m.Tables["Students"]);
        Assert.Equal(2, m.Tables["Lessons"]);
        var file = Assert.Single(m.Parts, p => p.Path == "files/homework/3/a.txt");
        // SHA-256 of the three bytes «abc», as every reference gives it.
        Assert.Equal((3L, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), (file.Size, file.Sha256));
        Assert.Equal(1, m.Attachments);
        Assert.StartsWith("backup-20261123-060000Z", Path.GetFileName(backup.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_with_one_byte_changed_is_refused_and_the_database_is_unchanged()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var backup = await BackupAsync(_source);
        var bytes = await File.ReadAllBytesAsync(backup.Path);
        bytes[bytes.Length / 3] ^= 0x01;
        var damaged = Path.Combine(_source.DataPath, "damaged.zip");
        await File.WriteAllBytesAsync(damaged, bytes);
        var before = ArchiveData.Hashes(await _source.RowsAsync());

        var result = await RestoreAsync(_source, damaged, force: true);

        Assert.False(result.Done);
        Assert.StartsWith("Резервная копия «damaged.zip» повреждена (", result.Message, StringComparison.Ordinal);
        Assert.EndsWith("Восстановление не выполнено, база данных не изменена.", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, ArchiveData.Hashes(await _source.RowsAsync()));
    }

    [Fact]
    public async Task A_zip_that_is_not_our_backup_is_refused_and_the_database_is_unchanged()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var foreign = Path.Combine(_source.DataPath, "photos.zip");
        Directory.CreateDirectory(_source.DataPath);
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            await using (var w = new StreamWriter(zip.CreateEntry("manifest.json").Open())) await w.WriteAsync("""{"name":"photos","files":3}""");
            await using (var w = new StreamWriter(zip.CreateEntry("database/journal.db").Open())) await w.WriteAsync("not a database");
        }
        var before = ArchiveData.Hashes(await _source.RowsAsync());

        var result = await RestoreAsync(_source, foreign, force: true);

        Assert.Equal((false, "Файл «photos.zip» — не резервная копия электронного журнала: в нём нет описи manifest.json нашего формата."),
            (result.Done, result.Message));
        Assert.Equal(before, ArchiveData.Hashes(await _source.RowsAsync()));
    }

    [Fact]
    public async Task A_backup_of_a_newer_schema_is_refused_and_the_database_is_unchanged()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var backup = await BackupAsync(_source);
        using (var zip = ZipFile.Open(backup.Path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonNode manifest;
            await using (var read = entry.Open()) manifest = (await JsonNode.ParseAsync(read))!;
            manifest["schemaVersion"] = "29990101000000_FromTheFuture";
            entry.Delete();
            await using var write = zip.CreateEntry("manifest.json").Open();
            await JsonSerializer.SerializeAsync(write, manifest);
        }
        var before = ArchiveData.Hashes(await _source.RowsAsync());

        var result = await RestoreAsync(_source, backup.Path, force: true);

        Assert.False(result.Done);
        Assert.StartsWith("Копия сделана более новой версией программы (схема «29990101000000_FromTheFuture»", result.Message,
            StringComparison.Ordinal);
        Assert.Equal(before, ArchiveData.Hashes(await _source.RowsAsync()));
    }

    [Fact]
    public async Task Restoring_over_a_database_with_data_needs_force()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var backup = await BackupAsync(_source);

        var refused = await RestoreAsync(_source, backup.Path);
        var forced = await RestoreAsync(_source, backup.Path, force: true);

        Assert.False(refused.Done);
        Assert.StartsWith("База данных не пуста", refused.Message, StringComparison.Ordinal);
        Assert.True(forced.Done, forced.Message);
    }

    [Fact]
    public async Task Old_copies_go_by_count_and_by_age_but_the_newest_stays()
    {
        _source.Settings["Backup:KeepCount"] = "3";
        _source.Settings["Backup:KeepDays"] = "10";
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var names = new List<string>();
        for (var day = 0; day < 4; day++)
        {
            names.Add(Path.GetFileName((await BackupAsync(_source)).Path));
            _source.Time.Now = _source.Time.Now.AddDays(1);
        }
        // Four copies a day apart, three kept: the first is gone.
        var kept = _source.WithAsync<IReadOnlyList<Backups.Listed>, Backups>(b => Task.FromResult(b.List()));
        Assert.Equal(names.Skip(1).Reverse(), (await kept).Select(b => b.Name));

        // Twenty days later every copy is over ten days old: all go but the newest of the new run.
        _source.Time.Now = _source.Time.Now.AddDays(20);
        var newest = Path.GetFileName((await BackupAsync(_source)).Path);
        Assert.Equal([newest], (await _source.WithAsync<IReadOnlyList<Backups.Listed>, Backups>(b => Task.FromResult(b.List()))).Select(b => b.Name));
    }

    [Fact]
    public async Task A_backup_to_another_folder_is_made_there_and_prunes_nothing()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);
        var medium = Path.Combine(_source.DataPath, "usb");

        var backup = await BackupAsync(_source, medium);

        Assert.Equal(medium, Path.GetDirectoryName(backup.Path));
        Assert.Empty(await _source.WithAsync<IReadOnlyList<Backups.Listed>, Backups>(b => Task.FromResult(b.List())));
    }

    [Fact]
    public async Task The_nightly_run_makes_a_copy_and_keeps_the_check_for_the_page()
    {
        await _source.SeedAsync(JournalSchool.BuildAsync);

        await _source.WithAsync<bool, NightlyRun>(async run =>
        {
            await run.RunOnceAsync(CancellationToken.None);
            return true;
        });

        Assert.Single(await _source.WithAsync<IReadOnlyList<Backups.Listed>, Backups>(b => Task.FromResult(b.List())));
        var last = await _source.WithAsync<Integrity.Result?, Integrity>(i => Task.FromResult(i.Last()));
        Assert.True(last!.IsIntact);
        Assert.Equal(_source.Time.Now, last.CheckedAt);
    }
}
