using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Journal.HomeworkFilesApi;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Attaches a file to a lesson's homework: POST /api/v1/lessons/{id}/homework/attachments and the lesson page's form.
/// The caller reads the file its own way (the API checks its token and size before reading the form); it is asked
/// for it only once the lesson and its homework may take one.
/// </summary>
public sealed class AttachHomeworkFile(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit,
    IConfiguration config, IWebHostEnvironment env, TimeProvider time)
{
    public long MaxBytes => config.GetValue("Files:MaxHomeworkFileBytes", DefaultMaxBytes);

    public async Task<Outcome<AttachmentDto>> HandleAsync(int lessonId, Func<Task<Outcome<IFormFile>>> readFile, CancellationToken ct)
    {
        var (lesson, refusal) = await JournalWrite.WritableLessonAsync(lessonId, access, db, ct);
        if (lesson is null)
            return refusal == JournalProblems.NotHisJournal ? NotHisLesson : refusal!;
        var homework = await db.Homework.Include(h => h.Attachments).FirstOrDefaultAsync(h => h.LessonId == lessonId, ct);
        if (homework is null)
            return Problem.BadRequest("Нет домашнего задания", "Сначала запишите текст домашнего задания урока, затем прикрепите к нему файл.");
        if (homework.Attachments.Count >= MaxFilesPerHomework)
            return Problem.BadRequest("Слишком много файлов", $"К одному заданию можно прикрепить не больше {MaxFilesPerHomework} файлов.");

        var read = await readFile();
        if (read.Problem is { } problem) return problem;
        var file = read.Value!;
        var maxBytes = MaxBytes;
        if (file.Length == 0) return Problem.BadRequest("Файл пустой", "Выбранный файл не содержит данных.");
        if (file.Length > maxBytes) return TooBig(maxBytes);
        var fileName = SafeFileName(file.FileName);
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (!Types.TryGetValue(extension, out var contentType)) return WrongType(fileName);
        var head = new byte[4096];
        int count;
        await using (var peek = file.OpenReadStream()) count = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (!LooksLike(extension, head.AsSpan(0, count))) return WrongType(fileName);

        var folder = Folder(config, env);
        Directory.CreateDirectory(folder);
        var storedName = $"{Guid.NewGuid():N}.{extension}";
        var path = Path.Combine(folder, storedName);
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            await file.CopyToAsync(target, ct);

        var before = homework.Attachments.Select(a => a.FileName).ToList();
        var attachment = new HomeworkAttachment
        {
            SchoolId = lesson.SchoolId, HomeworkId = homework.Id, FileName = fileName, StoredName = storedName,
            ContentType = contentType, Size = file.Length, UploadedAt = time.GetUtcNow(), UploadedById = user.Id,
        };
        homework.Attachments.Add(attachment);
        homework.UpdatedAt = time.GetUtcNow();
        try
        {
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.HomeworkSet, "lesson", lessonId,
                new { attachments = before }, new { attachments = before.Append(fileName) }, ct: ct), ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return Outcome<AttachmentDto>.Ok(ToDto(attachment, lessonId));
    }

    public static readonly Problem NoFile = Problem.BadRequest("Файл не выбран", "Отправьте один файл в поле формы «file» (multipart/form-data).");

    private static readonly Problem NotHisLesson = new(StatusCodes.Status403Forbidden, "Нет права писать в этот журнал",
        "Домашнее задание записывают учитель группы и учитель, заменяющий этот урок.");

    public static Problem TooBig(long maxBytes) => Problem.BadRequest("Файл слишком большой",
        $"Размер файла — не больше {maxBytes / (1024.0 * 1024):0.#} МБ. Уменьшите файл или разделите его на части.");

    private static Problem WrongType(string fileName) => Problem.BadRequest("Недопустимый тип файла",
        $"Файл «{fileName}» не принят. Можно прикреплять документы PDF, DOCX, XLSX, PPTX, ODT, TXT, изображения JPG и PNG и архивы ZIP.");
}
