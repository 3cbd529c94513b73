using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>/Admin/Certificates: the staff's signing certificates — import a PFX with its password for a staff login, list, withdraw.</summary>
public sealed class CertificatesPageModel(Certificates certificates, AccessService access, JournalDbContext db, SchoolCalendar calendar,
    TrustedRoots roots) : PageModel
{
    public sealed record StaffOption(string Login, string Name);

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public IReadOnlyList<Certificates.CertificateDto> Rows { get; private set; } = [];
    public IReadOnlyList<StaffOption> Staff { get; private set; } = [];
    public int TrustedRootCount { get; private set; }

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Forbid();
        ModelState.Clear();
        byte[]? pfx = null;
        if (Upload is { Length: > 0 and <= Certificates.MaxPfxBytes })
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            pfx = buffer.ToArray();
        }
        else if (Upload is { Length: > Certificates.MaxPfxBytes }) pfx = new byte[Certificates.MaxPfxBytes + 1];
        var outcome = await certificates.ImportAsync(Login, pfx, Password, ct);
        if (outcome.Problem is { } problem)
        {
            ModelState.AddModelError(string.Empty, $"{problem.Title}. {problem.Detail}");
            Response.StatusCode = problem.Status;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = $"Сертификат для «{outcome.Value!.Owner}» загружен: действует по {Day(outcome.Value.NotAfter)}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Forbid();
        var outcome = await certificates.RevokeAsync(id, ct);
        if (outcome.Problem is { } problem) return StatusCode(problem.Status);
        TempData["Message"] = $"Сертификат «{outcome.Value!.Owner}» отозван: им больше нельзя подписывать, сделанные подписи остаются.";
        return RedirectToPage();
    }

    public string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset at) => at.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>The common name of a subject («CN=Смирнова Анна Викторовна, O=…» → «Смирнова Анна Викторовна»).</summary>
    public static string CommonName(string distinguished) =>
        distinguished.Split(", ").FirstOrDefault(p => p.StartsWith("CN=", StringComparison.Ordinal))?[3..] ?? distinguished;

    private async Task LoadAsync(CancellationToken ct)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        Rows = (await certificates.ListAsync(ct)).Value ?? [];
        Staff = (await db.StaffMembers.AsNoTracking().Where(s => s.UserId != null && s.DismissedOn == null)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { u.UserName, s.LastName, s.FirstName, s.MiddleName })
                .ToListAsync(ct))
            .Select(s => new StaffOption(s.UserName ?? "", PersonName.Full(s.LastName, s.FirstName, s.MiddleName)))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        TrustedRootCount = roots.Load().Count;
    }
}
