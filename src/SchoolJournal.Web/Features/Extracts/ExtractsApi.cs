using Microsoft.Net.Http.Headers;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Extracts;

// Paper extracts of the diary as PDF, and their log (R-DIARY-5).
public static class ExtractsSetup
{
    public sealed record ExtractInput(int? PeriodId, DateOnly? From, DateOnly? To, int? ParentId, string? IssuedTo);

    public sealed record ExtractLogDto(int Id, int StudentId, string StudentName, DateOnly From, DateOnly To, int? PeriodId, string? Period,
        string IssuedTo, string IssuedBy, DateTimeOffset IssuedAt, string Sha256);

    public static IServiceCollection AddExtracts(this IServiceCollection services) => services.AddScoped<IssueExtract>();

    public static RouteGroupBuilder MapExtractsApi(this RouteGroupBuilder v1)
    {
        var api = v1.MapGroup("").WithTags("Выписки");
        api.MapPost("/students/{studentId:int}/extracts", IssueAsync)
            .WithSummary(
                "Выдать бумажную выписку из дневника (PDF) за учебный период (periodId) или даты from–to (не больше года); кому: parentId " +
                    "(родитель ученика) или issuedTo. Директор, заместитель, классный руководитель.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(400, 403, 404, 500);
        api.MapGet("/students/{studentId:int}/extracts", ListAsync)
            .WithSummary("Журнал выданных выписок ученика, новые первыми: кому, кто, когда, за какой период, SHA-256 файла.")
            .ProducesProblems(403, 404);
        return v1;
    }

    private static async Task<IResult> IssueAsync(int studentId, ExtractInput input, IssueExtract issue, HttpContext http, CancellationToken ct)
    {
        IssueExtract.Result result;
        try
        {
            result = await issue.HandleAsync(studentId, new(input.PeriodId, input.From, input.To, input.ParentId, input.IssuedTo), ct);
        }
        catch (PdfFontsMissingException e)
        {
            return FontsMissing(e);
        }
        if (result.Problem is { } problem) return problem;
        SetAttachment(http, result);
        return Results.Bytes(result.Pdf!, "application/pdf");
    }

    public static IResult FontsMissing(PdfFontsMissingException e) =>
        ApiProblem.Of(StatusCodes.Status500InternalServerError, "Выписка не сформирована", e.Message);

    /// <summary>A Latin file name, and the Russian one encoded per RFC 5987 for clients that read it.</summary>
    public static void SetAttachment(HttpContext http, IssueExtract.Result result)
    {
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = result.FileName };
        disposition.SetHttpFileName(result.FileNameStar);
        disposition.FileName = result.FileName;
        http.Response.Headers.ContentDisposition = disposition.ToString();
    }

    private static async Task<IResult> ListAsync(int studentId, AccessService access, JournalDbContext db, CancellationToken ct)
    {
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return ApiProblem.NotFound("Ученик не найден");
        if (!await access.CanIssueExtractAsync(studentId, ct)) return IssueExtract.CannotIssue();
        return Results.Ok(await LogAsync(db, db.ExtractIssues.Where(e => e.StudentId == studentId), ct));
    }

    /// <summary>Extracts issued, newest first (by id: SQLite cannot sort a DateTimeOffset).</summary>
    public static async Task<List<ExtractLogDto>> LogAsync(JournalDbContext db, IQueryable<Domain.ExtractIssue> issues, CancellationToken ct) =>
        (await issues.AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new
            {
                e.Id, e.StudentId, e.From, e.To, e.StudyPeriodId, e.IssuedTo, e.IssuedByName, e.IssuedAt, e.Sha256,
                Student = db.Students.Where(s => s.Id == e.StudentId).Select(s => new { s.LastName, s.FirstName }).FirstOrDefault(),
                Period = db.StudyPeriods.Where(p => p.Id == e.StudyPeriodId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct))
        .Select(e => new ExtractLogDto(e.Id, e.StudentId, e.Student is null ? "" : $"{e.Student.LastName} {e.Student.FirstName}",
            e.From, e.To, e.StudyPeriodId, e.Period, e.IssuedTo, e.IssuedByName, e.IssuedAt, e.Sha256))
        .ToList();
}
