using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Homework beyond its text (R-JRN-4): attached files and homework for a part of the group. Files are attached to
/// homework that already has its text (written with PUT /lessons/{id}); they are stored under Files:Path with a
/// generated name, never the uploaded one, and only the listed types within Files:MaxHomeworkFileBytes are taken.
/// Writes answer like the journal's: 403 not a teacher, 404 unknown, 403 not his lesson, 409 closed period, 400 bad input.
/// </summary>
public static class HomeworkFilesApi
{
    public sealed record AttachmentDto(int Id, int LessonId, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string Url);
    public sealed record StudentsInput(IReadOnlyList<int>? StudentIds);
    public sealed record StudentsDto(int LessonId, IReadOnlyList<int> StudentIds);

    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int MaxFilesPerHomework = 20;
    public const int FileNameMax = 255;

    /// <summary>The allowed types by extension; the content type is ours, never the browser's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = "application/pdf",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ["odt"] = "application/vnd.oasis.opendocument.text",
        ["txt"] = "text/plain; charset=utf-8",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
        ["zip"] = "application/zip",
    };

    public static RouteGroupBuilder MapHomeworkFilesApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Журнал");
        api.MapPost("/lessons/{lessonId:int}/homework/attachments", UploadAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary(
                "Прикрепить файл к домашнему заданию урока (поле формы file): pdf, docx, xlsx, pptx, odt, txt, jpg, png, zip, не больше " +
                    "Files:MaxHomeworkFileBytes (10 МБ). Сначала запишите текст задания.")
            .ProducesProblems(400, 403, 404, 409);
        api.MapGet("/homework/attachments/{id:int}", DownloadAsync)
            .WithSummary(
                "Скачать прикреплённый файл под его исходным именем. Тем, кто видит урок: учителям, классному руководителю, администрации, " +
                    "ученикам группы и их родителям.")
            .ProducesProblems(403, 404);
        api.MapDelete("/homework/attachments/{id:int}", DeleteAsync)
            .WithSummary("Удалить прикреплённый файл; журнал аудита хранит, какие файлы были.")
            .ProducesProblems(403, 404, 409);
        api.MapPut("/lessons/{lessonId:int}/homework/students", SetStudentsAsync)
            .WithSummary("Для кого задание: studentIds — ученики группы; пустой список — вся группа.")
            .ProducesProblems(400, 403, 404, 409);
        return v1;
    }

    // ---- attachments ----

    private static async Task<IResult> UploadAsync(int lessonId, HttpContext http, IAntiforgery antiforgery, AttachHomeworkFile write,
        CancellationToken ct)
    {
        var outcome = await write.HandleAsync(lessonId, async () =>
        {
            // A multipart form can be posted from another site with the user's cookie; only a token proves it is ours.
            if (!IsBearer(http.Request) && !await antiforgery.IsRequestValidAsync(http))
                return Problem.BadRequest("Форма устарела", "Обновите страницу и прикрепите файл ещё раз.");
            var maxBytes = write.MaxBytes;
            if (http.Request.ContentLength > maxBytes + 64 * 1024) return AttachHomeworkFile.TooBig(maxBytes);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes + 64 * 1024;
            if (!http.Request.HasFormContentType) return AttachHomeworkFile.NoFile;
            var form = await http.Request.ReadFormAsync(ct);
            return form.Files.Count == 1 ? Outcome<IFormFile>.Ok(form.Files[0]) : AttachHomeworkFile.NoFile;
        }, ct);
        return outcome.ToResult(attachment => Results.Created(attachment.Url, attachment));
    }

    private static async Task<IResult> DownloadAsync(int id, HttpContext http, AccessService access, JournalDbContext db,
        IConfiguration config, IWebHostEnvironment env, CancellationToken ct)
    {
        var found = await (
                from a in db.HomeworkAttachments.AsNoTracking()
                where a.Id == id
                join h in db.Homework on a.HomeworkId equals h.Id
                join l in db.Lessons on h.LessonId equals l.Id
                select new { a.FileName, a.StoredName, a.ContentType, a.HomeworkId, l.TeachingGroupId })
            .FirstOrDefaultAsync(ct);
        if (found is null) return ApiProblem.NotFound("Файл не найден");
        if (!await access.CanReadJournalGridAsync(found.TeachingGroupId, ct))
        {
            // Students and parents: members of the group, and among those the homework is for when it is for a part of it.
            if (!await access.CanReadJournalAsync(found.TeachingGroupId, ct)) return NotHisFile();
            var forSome = db.HomeworkStudents.Where(s => s.HomeworkId == found.HomeworkId);
            if (await forSome.AnyAsync(ct))
            {
                var own = (await access.OwnStudentsAsync(ct)).Select(o => o.StudentId).ToList();
                if (!await forSome.AnyAsync(s => own.Contains(s.StudentId), ct)) return NotHisFile();
            }
        }
        var path = Path.Combine(Folder(config, env), found.StoredName);
        if (!File.Exists(path))
            return ApiProblem.NotFound("Файл не найден", "Файл задания отсутствует в хранилище школы. Сообщите учителю или администратору.");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // The original name goes out as filename* (RFC 5987, UTF-8) with an ASCII fallback; always as a download.
        return Results.File(path, found.ContentType, fileDownloadName: found.FileName);
    }

    private static async Task<IResult> DeleteAsync(int id, AccessService access, JournalDbContext db, AuditLog audit,
        IConfiguration config, IWebHostEnvironment env, TimeProvider time, CancellationToken ct)
    {
        if (!access.WritesJournals) return JournalProblems.NotHisJournal.ToResult();
        var attachment = await db.HomeworkAttachments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null) return ApiProblem.NotFound("Файл не найден");
        var homework = await db.Homework.Include(h => h.Attachments).FirstAsync(h => h.Id == attachment.HomeworkId, ct);
        var (lesson, refusal) = await WritableLessonAsync(homework.LessonId, access, db, ct);
        if (lesson is null) return refusal!;

        var before = homework.Attachments.Select(a => a.FileName).ToList();
        homework.Attachments.Remove(attachment);
        db.HomeworkAttachments.Remove(attachment);
        homework.UpdatedAt = time.GetUtcNow();
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.HomeworkSet, "lesson", homework.LessonId,
            new { attachments = before }, new { attachments = homework.Attachments.Select(a => a.FileName).ToList() }, ct: ct), ct);
        try
        {
            File.Delete(Path.Combine(Folder(config, env), attachment.StoredName));
        }
        catch (IOException)
        {
            // The row is gone and the name was never shown to anyone: a leftover file harms nobody.
        }
        return Results.NoContent();
    }

    // ---- homework for a part of the group ----

    private static async Task<IResult> SetStudentsAsync(int lessonId, StudentsInput input, SetHomeworkStudents write, CancellationToken ct) =>
        (await write.HandleAsync(lessonId, input.StudentIds ?? [], ct)).ToResult(students => Results.Ok(new StudentsDto(lessonId, students)));

    // ---- shared ----

    /// <summary>The journal's one check of a write (403 not a teacher, 404 unknown, 403 not his lesson, 409 closed period).</summary>
    private static async Task<(JournalWrite.WritableLesson? Lesson, IResult? Refusal)> WritableLessonAsync(int lessonId, AccessService access,
        JournalDbContext db, CancellationToken ct)
    {
        var (lesson, refusal) = await JournalWrite.WritableLessonAsync(lessonId, access, db, ct);
        return (lesson, refusal?.ToResult());
    }

    /// <summary>Where attachment files live: Files:Path (default data/files under the content root), folder homework.</summary>
    public static string Folder(IConfiguration config, IWebHostEnvironment env) =>
        Path.GetFullPath(
            Path.Combine(config["Files:Path"] is { Length: > 0 } root ? root : Path.Combine(env.ContentRootPath, "data", "files"), "homework"));

    /// <summary>The name as shown to readers: no folders, no control characters, at most 255 characters with the extension kept.</summary>
    public static string SafeFileName(string? uploaded)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = new string(name[(name.LastIndexOf('/') + 1)..].Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim().TrimStart('.');
        if (name.Length == 0) name = "файл";
        if (name.Length <= FileNameMax) return name;
        var extension = Path.GetExtension(name);
        return name[..(FileNameMax - extension.Length)] + extension;
    }

    /// <summary>The first bytes agree with the extension: a program renamed to .pdf is not a PDF.</summary>
    public static bool LooksLike(string extension, ReadOnlySpan<byte> head) => extension switch
    {
        "pdf" => head.StartsWith("%PDF-"u8),
        "docx" or "xlsx" or "pptx" or "odt" or "zip" => head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8),
        "jpg" or "jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "txt" => !head.Contains((byte)0) && !head.StartsWith("MZ"u8),
        _ => false,
    };

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static AttachmentDto ToDto(HomeworkAttachment a, int lessonId) =>
        new(a.Id, lessonId, a.FileName, a.ContentType, a.Size, a.UploadedAt, $"/api/v1/homework/attachments/{a.Id}");

    private static IResult NotHisFile() => ApiProblem.Forbidden("Нет доступа к файлу",
        "Файл задания видят учителя, классный руководитель, администрация, ученики, для которых задание, и их родители.");
}
