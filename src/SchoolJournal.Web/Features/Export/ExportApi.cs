using SchoolJournal.Web.Features.Import;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Export;

/// <summary>Выгрузка (R-X-1, R-X-3): the school's lists in the import's columns.</summary>
public static class ExportApi
{
    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddScoped<ListExport>().AddScoped<OneRosterExport>();

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
        api.MapGet("/{list}", async (string list, string? format, ListExport export, CancellationToken ct) =>
                (await export.ExportAsync(list, format, ct)).ToResult(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithSummary(
                "Выгрузить список школы в столбцах шаблона импорта: list — students, parents, classes, staff; format=xlsx (по умолчанию) или csv " +
                    "(UTF-8 с BOM, разделитель «;»). Файл, загруженный обратно импортом, ничего не меняет. Директор, заместитель, администратор; " +
                    "выгрузка записывается в журнал аудита.")
            .ProducesProblems(400, 403);
        return v1;
    }
}
