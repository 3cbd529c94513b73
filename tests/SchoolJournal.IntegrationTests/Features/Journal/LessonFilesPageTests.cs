using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Homework files on the lesson page /Journal/Lesson/{id}: the list with download links and the upload form.</summary>
public sealed class LessonFilesPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Posts the page's file form as the browser does: multipart, with the token from the page.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int lessonId, string fileName, byte[] content,
        bool withToken = true)
    {
        var token = await Forms.TokenAsync(client, "/Journal");
        var form = AttachmentForms.Form(fileName, content);
        if (withToken) form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync($"/Journal/Lesson/{lessonId}?handler=File", form);
    }

    private async Task<JournalSchool> SchoolWithHomeworkAsync() => await _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        await b.LessonHomeworkAsync(s.MathLesson, "№ 245");
        return s;
    });

    [Fact]
    public async Task A_file_uploaded_on_the_lesson_page_is_listed_with_its_download_link()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        var upload = await UploadAsync(teacher, s.MathLesson.Id, "Задание.pdf", AttachmentForms.PdfBytes());
        var page = await teacher.GetPageAsync($"/Journal/Lesson/{s.MathLesson.Id}");
        var leaderPage = await (await _app.PageClientAsync("kozlova")).GetPageAsync($"/Journal/Lesson/{s.MathLesson.Id}");

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var id = await _app.QueryAsync(db => db.HomeworkAttachments.Select(a => a.Id).SingleAsync());
        var link = page.One("#files .attachments li a");
        Assert.Equal(("Задание.pdf", $"/api/v1/homework/attachments/{id}"), (link.Read(), link.GetAttribute("href")));
        Assert.True(link.HasAttribute("download"));
        Assert.Equal("Файл «Задание.pdf» прикреплён к заданию.", page.TextOf(".flash"));
        Assert.Equal("Задание.pdf", leaderPage.TextOf($"#files .attachments li a[href='/api/v1/homework/attachments/{id}']"));
        Assert.Empty(leaderPage.QuerySelectorAll("form[action*='handler=File']"));
        var download = await teacher.GetAsync($"/api/v1/homework/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task A_program_renamed_to_pdf_is_refused_in_russian_and_nothing_is_stored()
    {
        var s = await SchoolWithHomeworkAsync();
        var teacher = await _app.PageClientAsync("smirnova");

        var response = await UploadAsync(teacher, s.MathLesson.Id, "Задание.pdf", AttachmentForms.ProgramBytes());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Файл «Задание.pdf» не принят", (await Html.ParseAsync(response)).TextOf("#files .field-error"));
        Assert.Empty(await _app.QueryAsync(db => db.HomeworkAttachments.ToListAsync()));
    }

    [Fact]
    public async Task Without_homework_text_the_page_asks_for_it_first()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");

        var response = await UploadAsync(teacher, s.MathLesson.Id, "Задание.pdf", AttachmentForms.PdfBytes());

        Assert.StartsWith("Сначала запишите текст домашнего задания", (await Html.ParseAsync(response)).TextOf("#files .field-error"));
        Assert.Empty(await _app.QueryAsync(db => db.HomeworkAttachments.ToListAsync()));
    }

    [Fact]
    public async Task The_class_teacher_and_another_teacher_are_refused_and_nothing_is_written()
    {
        var s = await SchoolWithHomeworkAsync();

        var leader = await UploadAsync(await _app.PageClientAsync("kozlova"), s.MathLesson.Id, "Задание.pdf", AttachmentForms.PdfBytes());
        var other = await UploadAsync(await _app.PageClientAsync("kozlov"), s.MathLesson.Id, "Задание.pdf", AttachmentForms.PdfBytes());
        var noToken = await UploadAsync(await _app.PageClientAsync("smirnova"), s.MathLesson.Id, "Задание.pdf", AttachmentForms.PdfBytes(),
            withToken: false);

        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Empty(await _app.QueryAsync(db => db.HomeworkAttachments.ToListAsync()));
        Assert.Empty(await _app.AuditAsync());
    }
}
