using System.Globalization;
using System.Net;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>/Admin/Backups: the system administrator makes a copy, sees it listed, downloads it, and sees the last check.</summary>
public sealed class BackupsPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<JournalSchool> SchoolAsync() => _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.StaffAsync("Сидоров", "Пётр", "Ильич", "sidorov", Roles.SysAdmin);
        return s;
    });

    [Fact]
    public async Task The_administrator_makes_a_copy_sees_its_time_size_and_schema_and_downloads_it()
    {
        await SchoolAsync();
        var client = await _app.PageClientAsync("sidorov");
        Assert.Equal("Копий пока нет.", (await client.GetPageAsync("/Admin/Backups")).TextOf("#content > p.empty"));

        var posted = await Forms.PostAsync(client, "/Admin/Backups", [], "/Admin/Backups?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await client.GetPageAsync("/Admin/Backups");

        var file = Directory.GetFiles(Path.Combine(_app.DataPath, "backups")).Single();
        var bytes = new FileInfo(file).Length;
        // Kilobytes rounded up, by hand: 1 KB = 1024 bytes.
        var kb = (bytes + 1023) / 1024;
        Assert.Equal(kb.ToString("#,0", new NumberFormatInfo { NumberGroupSeparator = "\u00a0" }) + "\u00a0КБ", BackupsPageModel.Size(bytes));
        var shown = BackupsPageModel.Size(bytes).Replace('\u00a0', ' ');
        Assert.Equal($"Резервная копия {Path.GetFileName(file)} создана: {shown}.", page.TextOf("[role=status], .flash"));
        var cells = page.TextsOf("table.backups tbody td");
        var schema = await _app.WithAsync<IReadOnlyList<string>, DatabaseCopy>(d => Task.FromResult(d.KnownMigrations));
        // The clock says 23.11.2026 09:00 in Moscow, the school's zone.
        Assert.Equal(["23.11.2026 09:00", shown, schema[^1], "0", Path.GetFileName(file)], cells);

        var download = await client.GetAsync(page.One("table.backups a").GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(file), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin/Backups?handler=Download&name=..%2Fjournal.db")).StatusCode);
    }

    [Fact]
    public async Task The_button_starts_the_copy_in_the_background_and_the_page_polls_its_progress_to_the_end()
    {
        await SchoolAsync();
        // Three attachments, so the copy has a stage to count.
        var files = Path.Combine(await _app.WithAsync<string, ArchiveSettings>(s => Task.FromResult(s.FilesPath)), "homework");
        Directory.CreateDirectory(files);
        for (var i = 1; i <= 3; i++) await File.WriteAllTextAsync(Path.Combine(files, $"{i}.txt"), $"задание {i}");
        var client = await _app.PageClientAsync("sidorov");
        var token = await Forms.TokenAsync(client, "/Admin/Backups");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Admin/Backups?handler=Create")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("HX-Request", "true");

        var started = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var block = await Html.ParseAsync(started);
        Assert.NotNull(block.QuerySelector("section#backup-progress"));
        // Poll as the page does, until the copy is done (a few seconds at most here).
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            var polled = await client.GetPageAsync("/Admin/Backups?handler=Progress");
            text = polled.TextOf("section#backup-progress");
            if (!text.StartsWith("Создаётся", StringComparison.Ordinal)) break;
            Assert.Equal("every 1s", polled.One("section#backup-progress").GetAttribute("hx-trigger"));
            await Task.Delay(100);
        }
        var file = Directory.GetFiles(Path.Combine(_app.DataPath, "backups"), "backup-*.zip").Single();
        var size = BackupsPageModel.Size(new FileInfo(file).Length).Replace('\u00a0', ' ');
        Assert.StartsWith($"Резервная копия {Path.GetFileName(file)} создана: {size}.", text.Replace('\u00a0', ' '));
        var state = await _app.WithAsync<BackupProgress.State?, BackupProgress>(p => Task.FromResult(p.Current));
        Assert.Equal((false, 3, 3, null), (state!.Running, state.Done, state.Total, state.Error));
        // Loaded afresh, the page lists the copy and shows no finished progress.
        var page = await client.GetPageAsync("/Admin/Backups");
        Assert.Equal(Path.GetFileName(file), page.TextsOf("table.backups tbody td").Last());
        Assert.Equal("", page.TextOf("section#backup-progress"));
    }

    [Fact]
    public async Task A_second_copy_while_one_is_being_made_is_refused_in_russian_and_the_folder_keeps_one_copy()
    {
        await SchoolAsync();
        var client = await _app.PageClientAsync("sidorov");
        var folder = Path.Combine(_app.DataPath, "backups");
        Directory.CreateDirectory(folder);

        // A copy being made holds the folder's lock: here the test holds it, as the nightly run or the backup command would.
        using (new FileStream(Path.Combine(folder, Backups.LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await Assert.ThrowsAsync<Backups.InProgressException>(
                () => _app.WithAsync<Backups.Created, Backups>(b => b.CreateAsync()));
            Assert.Equal($"Резервная копия в каталог {folder} уже создаётся: дождитесь её окончания.", refused.Message);
            await Forms.PostAsync(client, "/Admin/Backups", [], "/Admin/Backups?handler=Create");
            Assert.StartsWith("Резервная копия уже создаётся (кнопкой, по расписанию или командой backup).",
                (await client.GetPageAsync("/Admin/Backups")).TextOf("[role=status], .flash"));
            Assert.Empty(Directory.GetFiles(folder, "backup-*"));
        }

        // The first copy done (the lock released), the button makes one; its own lock is gone with it.
        await Forms.PostAsync(client, "/Admin/Backups", [], "/Admin/Backups?handler=Create");
        Assert.Single(Directory.GetFiles(folder, "backup-*.zip"));
        Assert.False(File.Exists(Path.Combine(folder, Backups.LockName)));
    }

    [Fact]
    public async Task The_administrator_runs_the_check_and_sees_what_is_wrong_in_russian()
    {
        var s = await SchoolAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var mark = await teacher.PostAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks",
            System.Net.Http.Json.JsonContent.Create(new { studentId = s.Orlov.Id, value = "4" }));
        var id = (await mark.EnsureSuccessStatusCode().JsonAsync()).GetProperty("id").GetInt32();
        await _app.ExecuteAsync($"UPDATE \"Marks\" SET \"Value\" = {"5"} WHERE \"Id\" = {id}");
        var client = await _app.PageClientAsync("sidorov");
        Assert.Equal("Проверки ещё не было.", (await client.GetPageAsync("/Admin/Backups")).TextOf(".integrity p.empty"));

        await Forms.PostAsync(client, "/Admin/Backups", [], "/Admin/Backups?handler=Verify");
        var page = await client.GetPageAsync("/Admin/Backups");

        Assert.Equal("23.11.2026 09:00: найдены нарушения.", page.TextOf(".integrity p.problem"));
        Assert.Equal([$"Отметка № {id} изменена в обход приложения: в базе «5», а событие № 1 записало «4»"], page.TextsOf(".integrity li"));
    }

    [Fact]
    public async Task A_system_administrator_of_one_school_among_several_is_refused()
    {
        await SchoolAsync();
        await _app.SeedAsync(b => b.SchoolAsync("МБОУ «СОШ № 2»"));
        var client = await _app.PageClientAsync("sidorov");

        var response = await client.GetAsync("/Admin/Backups");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location!.AbsolutePath);
    }
}
