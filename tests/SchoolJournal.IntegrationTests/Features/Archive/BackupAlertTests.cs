using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>A nightly backup that fails is shown on /Admin/Backups and mailed to the system administrators; a copy that succeeds clears it.</summary>
public sealed class BackupAlertTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_failed_nightly_backup_is_on_the_page_and_in_the_administrators_mail_until_a_copy_succeeds()
    {
        // The backup folder is a file: the medium «not mounted», the copy cannot be made.
        var blocked = Path.Combine(_app.DataPath, "not-a-folder");
        var drop = Path.Combine(_app.DataPath, "mail");
        _app.Settings["Backup:Directory"] = blocked;
        _app.Settings["Notifications:MailDropPath"] = drop;
        await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.StaffAsync("Сидоров", "Пётр", "Ильич", "sidorov", Roles.SysAdmin);
            await b.StaffAsync("Кузнецов", "Иван", "Петрович", "kuznecov", Roles.SysAdmin);
            await b.Db.Users.Where(u => u.UserName == "sidorov").ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, "sidorov@school.test"));
            await b.Db.Users.Where(u => u.UserName == "kuznecov").ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, (string?)null));
            return s;
        });
        Directory.CreateDirectory(_app.DataPath);
        await File.WriteAllTextAsync(blocked, "");

        await _app.WithAsync<int, NightlyRun>(async n => { await n.RunOnceAsync(default); return 0; });
        var client = await _app.PageClientAsync("sidorov");
        var page = await client.GetPageAsync("/Admin/Backups");

        var alert = page.TextOf("p.backup-failed");
        Assert.StartsWith("Ночная резервная копия 23.11.2026 09:00 не создана:", alert);
        Assert.EndsWith("Письмо отправлено администраторам: 1.", alert);
        // One letter: Кузнецов has no address.
        var letter = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(drop, "*.eml")));
        Assert.Contains("sidorov@school.test", letter);

        File.Delete(blocked);
        var made = await Forms.PostAsync(client, "/Admin/Backups", [], "/Admin/Backups?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Empty((await client.GetPageAsync("/Admin/Backups")).QuerySelectorAll("p.backup-failed"));
    }
}
