using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Security;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// A class's logins (/Credentials/Class/{classId}): its students and their parents with their logins, one form for the whole
/// class and a button per person; each answers with the PDF of slips. Below, the class's ledger.
/// </summary>
public sealed class ClassCredentialsModel(JournalDbContext db, AccessService access, IssueCredentials issue, SlipLinks slips,
    SchoolCalendar calendar) : PageModel
{
    public sealed record PersonRow(int Id, string Name, string? Login, bool Closed);
    public sealed record StudentRow(PersonRow Student, IReadOnlyList<PersonRow> Parents);

    public int ClassId { get; private set; }
    public string ClassName { get; private set; } = "";
    public IReadOnlyList<StudentRow> Students { get; private set; } = [];
    public IReadOnlyList<AccountsApi.LedgerLine> Ledger { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public string? Notice { get; private set; }

    [BindProperty] public string? Who { get; set; } = "both";
    [BindProperty] public int? PersonId { get; set; }
    [BindProperty] public bool Reissue { get; set; }

    public async Task<IActionResult> OnGetAsync(int classId, CancellationToken ct) => await LoadAsync(classId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int classId, CancellationToken ct)
    {
        if (await LoadAsync(classId, ct) is { } refused) return refused;
        var outcome = await issue.HandleAsync(classId, new(Who, PersonId is int id ? [id] : null, Reissue), ct);
        if (outcome.Problem is { Status: StatusCodes.Status403Forbidden }) return Forbid();
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            return Page();
        }
        var result = outcome.Value!;
        if (result.Slips.Count == 0)
        {
            await LoadAsync(classId, ct);
            Notice = result.Skipped.Count == 0 ? "Выдавать некому." :
                $"Новых паролей нет: {result.Skipped.Count} чел. уже имеют логин. Чтобы выдать им новые пароли, отметьте «выдать пароль заново».";
            return Page();
        }
        byte[] pdf;
        try
        {
            pdf = await slips.PdfAsync(result.SchoolId, result.Slips, Request, ct);
        }
        catch (PdfFontsMissingException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Page();
        }
        Response.Headers.CacheControl = "no-store"; // passwords: no cache keeps a copy
        return File(pdf, "application/pdf", $"logins-{Transliterated(result.ClassName)}.pdf");
    }

    private static string Transliterated(string className) => LoginNames.Transliterate(className);

    public string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString("dd.MM.yyyy HH:mm");

    private async Task<IActionResult?> LoadAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new { c.Grade, c.Letter }).FirstOrDefaultAsync(ct);
        if (cls is null) return NotFound();
        if (!await access.CanIssueCredentialsAsync(classId, ct)) return Forbid();
        (ClassId, ClassName) = (classId, $"{cls.Grade}{cls.Letter}");
        var now = await calendar.NowAsync(ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(now.TimeZone);
        var today = now.Today;
        var rows = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= today && (e.To == null || e.To >= today))
            .OrderBy(e => e.Student!.LastName).ThenBy(e => e.Student!.FirstName)
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.Student.UserId,
                Parents = e.Student.Parents
                    .Select(p => new { p.ParentId, p.Parent!.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Parent.UserId }).ToList(),
            })
            .ToListAsync(ct);
        var userIds = rows.Select(r => r.UserId).Concat(rows.SelectMany(r => r.Parents.Select(p => p.UserId))).OfType<string>().ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, Closed = u.ClosedAt != null }).ToDictionaryAsync(u => u.Id, ct);
        PersonRow Row(int id, string last, string first, string? middle, string? userId) =>
            new(id, PersonName.Full(last, first, middle), userId is null ? null : accounts.GetValueOrDefault(userId)?.UserName,
                userId is not null && accounts.GetValueOrDefault(userId)?.Closed == true);
        Students = [.. rows.Select(r => new StudentRow(Row(r.StudentId, r.LastName, r.FirstName, r.MiddleName, r.UserId),
            [.. r.Parents.OrderBy(p => p.LastName).Select(p => Row(p.ParentId, p.LastName, p.FirstName, p.MiddleName, p.UserId))]))];
        Ledger = await AccountsApi.LedgerOfAsync(db, classId, ct);
        return null;
    }
}
