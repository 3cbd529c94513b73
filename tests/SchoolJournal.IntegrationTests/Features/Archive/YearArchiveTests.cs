using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>
/// The year's archive package (R-ARCH-2) on the print school (<see cref="PrintSchool"/>: 5А and 5Б, 4 marks, 1 «Н», 3 period and year
/// grades, the summary sheet of 5А): built after the year's last day (31.05.2027), refused before it; the top-level manifest lists
/// every file with its SHA-256; retention refuses to destroy a part before its date and destroys it after.
/// </summary>
public sealed class YearArchiveTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly DateTimeOffset AfterTheYear = new(2027, 6, 15, 9, 0, 0, TimeSpan.FromHours(3));

    private string Folder => Path.Combine(_app.DataPath, "archive", "2026-2027");

    private async Task<YearArchive.Progress> WaitAsync(int schoolId)
    {
        var archive = _app.Services.GetRequiredService<YearArchive>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (archive.Of(schoolId) is { Running: true } && DateTime.UtcNow < deadline) await Task.Delay(100);
        return archive.Of(schoolId)!;
    }

    [Fact]
    public async Task The_director_builds_the_archive_of_an_ended_year_and_the_manifest_holds_every_file_with_its_hash()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        _app.Time.Now = AfterTheYear;
        var client = await _app.PageClientAsync("petrov");
        var yearId = x.S.Quarter2.AcademicYearId;

        var posted = await Forms.PostAsync(client, "/Admin/Archive/Year", new() { ["YearId"] = yearId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var done = await WaitAsync(x.S.School.Id);

        Assert.Null(done.Error);
        // 2 journals and their own manifest, 2 summary sheets, 4 tables: 9 files; 2 + 2 + 1 steps.
        Assert.Equal((5, 5), (done.Total, done.Done));
        var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Folder, "manifest.json"))).RootElement;
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(
            ["data/attendance.csv", "data/grades.csv", "data/lessons.csv", "data/marks.csv", "journals/5А.pdf", "journals/5Б.pdf",
                "journals/manifest.json", "summary/5А.xlsx", "summary/5Б.xlsx"],
            files.Select(f => f.GetProperty("fileName").GetString()));
        foreach (var f in files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(Folder, f.GetProperty("fileName").GetString()!));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), f.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, f.GetProperty("size").GetInt64());
        }
        Assert.Equal("2026/2027", manifest.GetProperty("year").GetString());
        // The marks: Громов's «3» and «5», Орлов's «4», Белов's «2» — a header and 4 rows; the grades: 2 quarter grades and a year grade.
        Assert.Equal(5, (await File.ReadAllLinesAsync(Path.Combine(Folder, "data", "marks.csv"))).Length);
        Assert.Equal(4, (await File.ReadAllLinesAsync(Path.Combine(Folder, "data", "grades.csv"))).Length);
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(Folder, "data", "attendance.csv"))).Length);

        var e = (await _app.AuditAsync()).Single(a => a.Type == AuditEventType.YearArchived);
        var after = JsonDocument.Parse(e.After!).RootElement;
        Assert.Equal(9, after.GetProperty("files").GetInt32());
        Assert.Equal(files.Sum(f => f.GetProperty("size").GetInt64()), after.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "manifest.json")))),
            after.GetProperty("manifestSha256").GetString());
        Assert.Equal("Петров Олег Иванович", after.GetProperty("startedBy").GetString());

        var page = await client.GetPageAsync("/Admin/Archive/Year");
        Assert.StartsWith("Готово: файлов 9,", page.TextOf("#year-archive-progress p[role=status]"));
        Assert.Equal(["2026/2027", "31.05.2027"], [page.TextOf("table.year-archive td[data-label='Учебный год']"),
            page.TextOf("table.year-archive td[data-label='Даты']").Split(" – ")[1]]);
    }

    [Fact]
    public async Task A_running_year_is_not_archived()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        var client = await _app.PageClientAsync("fedorova");
        var yearId = x.S.Quarter2.AcademicYearId;

        var page = await client.GetPageAsync("/Admin/Archive/Year");
        var posted = await Forms.PostAsync(client, "/Admin/Archive/Year", new() { ["YearId"] = yearId.ToString() });
        var after = await client.GetPageAsync("/Admin/Archive/Year");

        Assert.Empty(page.QuerySelectorAll("table.year-archive form"));
        Assert.Equal("после 31.05.2027", page.TextOf("table.year-archive td span.hint"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Архив учебного года «2026/2027» собирается после его окончания (31.05.2027)", after.Body!.TextContent);
        Assert.False(Directory.Exists(Folder));
        Assert.DoesNotContain(await _app.AuditAsync(), a => a.Type == AuditEventType.YearArchived);
        Assert.Null(_app.Services.GetRequiredService<YearArchive>().Of(x.S.School.Id));
    }

    [Fact]
    public async Task A_part_is_destroyed_only_after_its_retention_and_the_report_gives_each_date()
    {
        var x = await _app.SeedAsync(PrintSchool.BuildAsync);
        _app.Time.Now = AfterTheYear;
        var yearId = x.S.Quarter2.AcademicYearId;
        await _app.WithAsync<YearArchive.Progress, YearArchive>(a => a.RunAsync(new YearArchive.Request(x.S.School.Id, yearId, "тест"), default));
        var client = await _app.PageClientAsync("petrov");

        var report = await client.GetPageAsync("/Admin/Archive/Year");
        var early = await Forms.PostAsync(client, "/Admin/Archive/Year", new() { ["YearId"] = yearId.ToString(), ["Part"] = "journals" },
            "/Admin/Archive/Year?handler=Destroy");
        var earlyHtml = await Html.ParseAsync(early);
        // 31.05.2027 + 5 years: kept through 31.05.2032, may go from 01.06.2032 (00:00 in Moscow = 21:00 UTC the day before).
        _app.Time.Now = new DateTimeOffset(2032, 5, 31, 21, 0, 0, TimeSpan.Zero);
        client = await _app.PageClientAsync("petrov");
        var destroyed = await Forms.PostAsync(client, "/Admin/Archive/Year", new() { ["YearId"] = yearId.ToString(), ["Part"] = "journals" },
            "/Admin/Archive/Year?handler=Destroy");
        var summary = await Forms.PostAsync(client, "/Admin/Archive/Year", new() { ["YearId"] = yearId.ToString(), ["Part"] = "summary" },
            "/Admin/Archive/Year?handler=Destroy");
        var after = await client.GetPageAsync("/Admin/Archive/Year");

        Assert.Equal(
            [
                ["2026/2027", "Журналы классов", "3", "", "5", "01.06.2032", "хранится"],
                ["2026/2027", "Сводные ведомости итоговых отметок", "2", "", "25", "01.06.2052", "хранится"],
                ["2026/2027", "Данные года (таблицы)", "4", "", "5", "01.06.2032", "хранится"],
            ],
            report.One("table.retention-parts").BodyRows().Select(r => r.Select((c, i) => i == 3 ? "" : c).ToList()).ToList());
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("«Журналы классов» за 2026/2027 хранятся 5 лет после окончания года (31.05.2027): уничтожить их можно не раньше " +
            "01.06.2032. Ничего не удалено.", earlyHtml.TextOf("p.errors"));
        Assert.Equal(HttpStatusCode.Redirect, destroyed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, summary.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Folder, "journals")));
        Assert.True(File.Exists(Path.Combine(Folder, "summary", "5А.xlsx")));
        var manifest = YearArchive.Read(Folder)!;
        Assert.DoesNotContain(manifest.Files, f => f.Part == "journals");
        Assert.Equal(6, manifest.Files.Count);
        var gone = Assert.Single(manifest.Destroyed);
        Assert.Equal(("journals", new DateOnly(2032, 6, 1), "Петров Олег Иванович", 3), (gone.Part, gone.On, gone.By, gone.Files));
        Assert.Contains("уничтожены 01.06.2032 (Петров Олег Иванович)", after.One("table.retention-parts").TextContent);
        var e = Assert.Single(await _app.AuditAsync(), a => a.Type == AuditEventType.ArchivePartDestroyed);
        Assert.Contains("\"part\":\"journals\"", e.After);
    }
}
