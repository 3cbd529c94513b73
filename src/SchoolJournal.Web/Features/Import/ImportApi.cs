using SchoolJournal.Web.Features.Import.OneRoster;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Import;

/// <summary>Импорт из таблиц (R-X-1): preview of an upload, its confirm and undo, and the template of each kind.</summary>
public static class ImportApi
{
    public static IServiceCollection AddImport(this IServiceCollection services) => services.AddScoped<ImportPlan>().AddScoped<SchoolImport>()
        .AddScoped<OneRosterImport>().AddScoped<OneRosterUndo>();

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/imports").WithTags("Импорт");
        api.MapPost("/{kind}/preview", PreviewAsync)
            .WithSummary(
                "Загрузить таблицу (multipart, поле file; XLSX или CSV в UTF-8 или Windows-1251, разделитель «;» или «,») и посмотреть, что будет " +
                    "создано, изменено и оставлено. kind: students, parents, classes, staff. Ошибки — 400 со списком problems (строка, столбец, " +
                    "сообщение); ничего не записывается. Директор, заместитель, администратор.")
            .DisableAntiforgery()
            .ProducesProblems(400, 403);
        api.MapPost("/{batchId:int}/confirm", async (int batchId, SchoolImport import, CancellationToken ct) =>
                (await import.ConfirmAsync(batchId, ct)).ToResult())
            .WithSummary("Подтвердить просмотренный импорт: файл проверяется заново и записывается одной транзакцией.")
            .ProducesProblems(403, 404, 409);
        api.MapPost("/{batchId:int}/undo", async (int batchId, SchoolImport import, CancellationToken ct) =>
                (await import.UndoAsync(batchId, ct)).ToResult())
            .WithSummary("Отменить импорт (таблицы или пакета OneRoster — его batchId в ответе импорта) целиком — пока в журнале нет " +
                "записей о созданных им учениках, группах и сотрудниках (отметок, посещаемости, уроков, учётных записей); пакеты OneRoster " +
                "отменяются начиная с последнего.")
            .ProducesProblems(403, 404, 409);
        api.MapPost("/oneroster", OneRosterAsync)
            .WithSummary(
                "Импорт пакета OneRoster 1.2 CSV (multipart, поле file; ZIP с manifest.csv), bulk или delta. dryRun=true — только проверить и " +
                    "показать, что будет создано, изменено, оставлено и закрыто. strict=true — «TRUE» вместо «true» тоже ошибка. " +
                    "Ошибки пакета — 400 " +
                    "со списком problems (файл, строка, столбец, сообщение); ничего не записывается. Директор, заместитель, администратор.")
            .DisableAntiforgery()
            .ProducesProblems(400, 403, 409);
        api.MapGet("/templates/{kind}", Template)
            .WithSummary("Шаблон таблицы для импорта с русскими заголовками: format=xlsx (по умолчанию) или csv.")
            .ProducesProblems(400, 403);
        return v1;
    }

    private static async Task<IResult> PreviewAsync(string kind, IFormFile? file, SchoolImport import, AccessService access, CancellationToken ct)
    {
        if (!access.CanImport) return SchoolImport.Refused.ToResult();
        if (file is null) return SchoolImport.NoFile.ToResult();
        if (file.Length > ImportFile.MaxBytes) return SchoolImport.TooLarge.ToResult();
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await import.PreviewAsync(kind, file.FileName, buffer.ToArray(), ct);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var preview = outcome.Value!;
        if (preview.Problems.Count == 0) return Results.Ok(preview);
        return Results.Problem(title: "В файле есть ошибки", statusCode: StatusCodes.Status400BadRequest,
            detail: $"Ошибок: {preview.Problems.Count}. Исправьте их в файле и загрузите его снова; ничего не записано.",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = preview.Problems.Select(p => new { row = p.Row, column = p.Column, message = p.ToString() }),
            });
    }

    private static async Task<IResult> OneRosterAsync(IFormFile? file, bool? dryRun, bool? strict, OneRosterImport import, AccessService access,
        CancellationToken ct)
    {
        if (!access.CanImport) return OneRosterImport.Refused.ToResult();
        if (file is null || file.Length == 0) return NoPackage.ToResult();
        if (file.Length > OneRosterPackage.MaxBytes) return PackageTooLarge.ToResult();
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await import.RunAsync(buffer.ToArray(), dryRun == true, strict == true, ct, fileName: file.FileName);
        if (outcome.Problem is { } problem) return problem.ToResult();
        var result = outcome.Value!;
        if (result.Problems.Count == 0) return Results.Ok(result);
        return Results.Problem(title: "Пакет OneRoster не принят", statusCode: StatusCodes.Status400BadRequest,
            detail: $"Ошибок: {result.Problems.Count}. Исправьте их и загрузите пакет снова; ничего не записано.",
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = result.Problems.Select(p => new { file = p.File, row = p.Row, column = p.Column, message = p.ToString() }),
                ["warnings"] = result.Warnings.Select(p => p.ToString()),
            });
    }

    public static readonly Problem NoPackage = Problem.BadRequest("Пакет не выбран", "Выберите ZIP-архив OneRoster (поле file).");

    public static readonly Problem PackageTooLarge =
        Problem.BadRequest("Пакет слишком большой", $"Пакет больше {OneRosterPackage.MaxBytes / 1024 / 1024} МБ.");

    public static IResult Template(string kind, string? format, AccessService access)
    {
        if (!access.CanImport) return SchoolImport.Refused.ToResult();
        if (ImportKind.Find(kind) is not { } k) return SchoolImport.UnknownKind(kind).ToResult();
        var (content, type, file) = TemplateFile(k, format);
        return Results.File(content, type, file);
    }

    public static (byte[] Content, string ContentType, string FileName) TemplateFile(ImportKind kind, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? (CsvFile.Write(kind.Headers, kind.Example), CsvFile.ContentType, $"Импорт — {kind.Name}.csv")
            : (Xlsx.Write(kind.Name, kind.Headers, kind.Example), Xlsx.ContentType, $"Импорт — {kind.Name}.xlsx");
}
