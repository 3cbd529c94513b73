using SchoolJournal.Web.Features.Import;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Export;

/// <summary>Выгрузка (R-X-1, R-X-3): the school's lists in the import's columns.</summary>
public static class ExportApi
{
    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddScoped<ListExport>().AddScoped<OneRosterExport>()
        .AddScoped<SchoolPackage>().AddScoped<SchoolPackageImport>()
        .AddScoped<RegionalPackage>();

    public static RouteGroupBuilder MapExportApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("/exports").WithTags("Экспорт");
        api.MapGet("/oneroster", async (OneRosterExport export, CancellationToken ct) =>
                (await export.ExportAsync(ct)).ToResult(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithSummary(
                "Выгрузить школу пакетом OneRoster 1.2 CSV (zip, режим bulk): manifest, orgs, academicSessions, courses, classes, users, " +
                    "roles, enrollments. sourcedId постоянны от выгрузки к выгрузке (UUID v5 от вида и номера записи). Директор, заместитель, " +
                    "администратор; выгрузка записывается в журнал аудита.")
            .ProducesProblems(403, 409);
        api.MapGet("/school", async (SchoolPackage package, CancellationToken ct) =>
                (await package.ExportAsync(ct)).ToResult(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithSummary(
                "Выгрузить всю школу одним архивом (ZIP): каждая таблица школы — файл JSON Lines, manifest.json (формат, версия, школа, время " +
                    "выгрузки UTC; у каждого файла — строки, SHA-256, столбцы и типы), файлы домашних заданий; хеши паролей и журнал аудита " +
                    "с его цепочкой — как есть. Формат — docs/formats/school-package.md. Директор и администратор; выгрузка записывается в " +
                    "журнал аудита (8014).")
            .ProducesProblems(403);
        api.MapPost("/regional", async (string? recipient, string? from, string? to, string? mode, RegionalPackage package, CancellationToken ct) =>
                (await package.ExportAsync(new RegionalPackage.Request(recipient, from, to, mode), ct))
                    .ToResult(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithSummary(
                "Собрать пакет для региональной системы или Госуслуг (JSON по схеме " + RegionalPackage.SchemaUrl + ", версия 1.0): recipient — " +
                    "region или gosuslugi; from, to — период (ГГГГ-ММ-ДД) внутри текущего учебного года; mode — full (всё за период, по умолчанию) " +
                    "или delta (изменения после прошлой выгрузки тому же получателю). Только ученики, родители которых дали согласие на передачу; " +
                    "выгрузка записывается в журнал выгрузок и журнал аудита. Директор, заместитель, администратор.")
            .ProducesProblems(400, 403, 409);
        api.MapGet("/regional", async (RegionalPackage package, CancellationToken ct) => (await package.LogAsync(ct)).ToResult())
            .WithSummary("Журнал выгрузок для региональной системы и Госуслуг: получатель, период, учеников, без согласия, SHA-256, кто и когда " +
                "(последние 200). Директор, заместитель, администратор.")
            .ProducesProblems(403);
        api.MapGet("/{list}", async (string list, string? format, ListExport export, CancellationToken ct) =>
                (await export.ExportAsync(list, format, ct)).ToResult(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithSummary(
                "Выгрузить список школы в столбцах шаблона импорта: list — students, parents, classes, staff; format=xlsx (по умолчанию) или csv " +
                    "(UTF-8 с BOM, разделитель «;»). Файл, загруженный обратно импортом, ничего не меняет. Директор, заместитель, администратор; " +
                    "выгрузка записывается в журнал аудита.")
            .ProducesProblems(400, 403);
        v1.MapGroup("/schools").WithTags("Экспорт").MapPost("/import", ImportSchoolAsync)
            .WithSummary(
                "Загрузить школу из архива полной выгрузки (multipart, поле file) в эту установку. Сначала проверяется весь пакет: " +
                    "manifest.json, SHA-256 и строки каждого файла, столбцы и типы значений; школа (номер, название), её логины и номера " +
                    "записей должны быть здесь новыми. Затем всё записывается одной транзакцией с прежними номерами; журнал аудита школы " +
                    "продолжается событием 8015. Повреждённый пакет — 400, школа уже есть — 409; ничего не записывается. Системный " +
                    "администратор первой школы установки; в новой установке — команда import-school.")
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxPackageBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxPackageBytes)
            .ProducesProblems(400, 403, 409);
        return v1;
    }

    public const long MaxPackageBytes = 1L << 30;

    public static readonly Problem NoPackage = Problem.BadRequest("Пакет не выбран", "Выберите ZIP-архив полной выгрузки школы (поле file).");

    private static async Task<IResult> ImportSchoolAsync(IFormFile? file, SchoolPackageImport import, AccessService access, CancellationToken ct)
    {
        if (!await access.ImportsSchoolsAsync(ct))
            return new Problem(StatusCodes.Status403Forbidden, "Нет права загружать школы",
                "Школу из архива загружает системный администратор установки.").ToResult();
        if (file is null || file.Length == 0) return NoPackage.ToResult();
        await using var stream = file.OpenReadStream();
        return (await import.ImportAsync(stream, "загрузка через API", ct)).ToResult();
    }
}
