using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Files attached to homework and homework for a part of the group: /api/v1/lessons/{id}/homework/… and
/// /api/v1/homework/attachments/{id}.</summary>
public sealed class HomeworkAttachmentTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string UploadUrl(JournalSchool s) => $"/api/v1/lessons/{s.MathLesson.Id}/homework/attachments";

    private async Task<JournalSchool> SchoolWithHomeworkAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.LessonHomeworkAsync(s.MathLesson, "№ 245, 246");
        await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
        return s;
    });

    private string[] StoredFiles() =>
        Directory.Exists(Path.Combine(_app.FilesPath, "homework")) ? Directory.GetFiles(Path.Combine(_app.FilesPath, "homework")) : [];

    [Fact]
    public async Task Teacher_attaches_a_pdf_and_a_parent_downloads_it_under_its_Russian_name()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var content = AttachmentForms.PdfBytes();

        var created = await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("Задание 5 (дроби).pdf", content));
        var url = (await created.JsonAsync()).GetProperty("url").GetString()!;
        var download = await (await _app.ApiClientAsync("orlova")).GetAsync(url);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = Assert.Single(StoredFiles());
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", Path.GetFileName(stored));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Задание 5 (дроби).pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        var audit = Assert.Single(await _app.AuditAsync());
        Assert.Equal(AuditEventType.HomeworkSet, audit.Type);
        Assert.Equal("Задание 5 (дроби).pdf", JournalHttp.Parse(audit.After).GetProperty("attachments").EnumerateArray().Single().GetString());
    }

    [Fact]
    public async Task Clearing_the_homework_text_removes_its_files_from_the_disk()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("Задание.pdf", AttachmentForms.PdfBytes()));
        Assert.Single(StoredFiles());

        var cleared = await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}", new { homework = "" });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(StoredFiles());
        Assert.Equal(0, await _app.QueryAsync(db => db.HomeworkAttachments.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task An_exe_file_is_refused_in_Russian_and_nothing_is_stored()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var exe = await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("игра.exe", AttachmentForms.ProgramBytes()));
        var disguised = await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("ответы.pdf", AttachmentForms.ProgramBytes()));

        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("не принят", (await exe.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Empty(StoredFiles());
        Assert.Equal(0, await _app.QueryAsync(db => db.HomeworkAttachments.IgnoreQueryFilters().CountAsync()));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused()
    {
        _app.Settings["Files:MaxHomeworkFileBytes"] = "100";
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("big.pdf", AttachmentForms.PdfBytes(500)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("не больше", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_file_needs_the_homework_text_first()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("a.pdf", AttachmentForms.PdfBytes()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Teacher_of_another_group_cannot_attach_or_delete_a_file()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var id = (await (await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("a.pdf", AttachmentForms.PdfBytes()))).JsonAsync())
            .GetProperty("id").GetInt32();
        var other = await _app.ApiClientAsync("kozlov");

        var attach = await other.PostAsync(UploadUrl(s), AttachmentForms.Form("b.pdf", AttachmentForms.PdfBytes()));
        var delete = await other.DeleteAsync($"/api/v1/homework/attachments/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, attach.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Single(StoredFiles());
    }

    [Fact]
    public async Task Deleting_a_file_removes_it_from_the_store_and_the_audit_keeps_its_name()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var id = (await (await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("карта.png", AttachmentForms.PngBytes()))).JsonAsync())
            .GetProperty("id").GetInt32();

        var deleted = await teacher.DeleteAsync($"/api/v1/homework/attachments/{id}");
        var download = await teacher.GetAsync($"/api/v1/homework/attachments/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Empty(StoredFiles());
        var last = (await _app.AuditAsync()).Last();
        Assert.Equal(AuditEventType.HomeworkSet, last.Type);
        Assert.Equal("карта.png", JournalHttp.Parse(last.Before).GetProperty("attachments").EnumerateArray().Single().GetString());
        Assert.Empty(JournalHttp.Parse(last.After).GetProperty("attachments").EnumerateArray());
    }

    [Fact]
    public async Task Homework_for_part_of_the_group_is_readable_only_by_those_it_is_for()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var id = (await (await teacher.PostAsync(UploadUrl(s), AttachmentForms.Form("a.txt", "Прочитать § 5"u8.ToArray()))).JsonAsync())
            .GetProperty("id").GetInt32();
        var studentsUrl = $"/api/v1/lessons/{s.MathLesson.Id}/homework/students";
        var orlov = await _app.ApiClientAsync("orlov");

        var forBelov = await teacher.PutAsJsonAsync(studentsUrl, new { studentIds = new[] { s.Belov.Id } });
        var refused = await orlov.GetAsync($"/api/v1/homework/attachments/{id}");
        var stranger = await teacher.PutAsJsonAsync(studentsUrl, new { studentIds = new[] { 999999 } });
        await teacher.PutAsJsonAsync(studentsUrl, new { studentIds = Array.Empty<int>() });
        var allowed = await orlov.GetAsync($"/api/v1/homework/attachments/{id}");

        Assert.Equal(HttpStatusCode.OK, forBelov.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("Прочитать § 5", await allowed.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.HomeworkStudents.CountAsync()));
    }
}

/// <summary>Multipart bodies for attachment uploads, shared with the access matrix.</summary>
public static class AttachmentForms
{
    public static byte[] PdfBytes(int size = 64) => [.. "%PDF-1.4\n"u8.ToArray(), .. Enumerable.Repeat((byte)'x', size)];

    public static byte[] PngBytes() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    public static byte[] ProgramBytes() => [.. "MZ"u8.ToArray(), 0x90, 0, 3, 0, 0, 0, 4, 0];

    public static MultipartFormDataContent Form(string fileName, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return form;
    }
}
