using Microsoft.AspNetCore.DataProtection;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// The staff's signing certificates (R-JRN-11): imported from a PFX by the system administrator or the director for a staff login,
/// listed, withdrawn. The key is kept only data-protected (<see cref="Protector"/>); audit events record the certificate, never the key.
/// </summary>
public sealed class Certificates(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, ISignatureProvider provider,
    IDataProtectionProvider protection, TimeProvider time)
{
    public const string Purpose = "SchoolJournal.StaffCertificate.Pfx";
    public const long MaxPfxBytes = 100_000;

    public sealed record CertificateDto(int Id, string Login, string Owner, string Subject, string Issuer, string SerialNumber, string Thumbprint,
        string KeyAlgorithm, DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset ImportedAt, DateTimeOffset? RevokedAt);

    public sealed record ImportInput(string? Login, string? Pfx, string? Password);

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    private static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права управлять сертификатами",
        "Сертификаты электронной подписи загружают системный администратор и директор.");

    public async Task<Outcome<List<CertificateDto>>> ListAsync(CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Refused;
        var rows = await (from c in db.StaffCertificates.AsNoTracking()
                          join u in db.Users on c.UserId equals u.Id
                          select new { c, u.UserName, u.DisplayName }).ToListAsync(ct);
        // In memory: SQLite cannot order by a DateTimeOffset.
        return Outcome<List<CertificateDto>>.Ok(rows.OrderBy(r => r.c.RevokedAt is not null).ThenBy(r => r.DisplayName, StringComparer.Ordinal)
            .ThenByDescending(r => r.c.NotAfter).Select(r => ToDto(r.c, r.UserName ?? "", r.DisplayName)).ToList());
    }

    /// <summary>Bad input is refused with 400 and a Russian reason, and changes nothing.</summary>
    public async Task<Outcome<CertificateDto>> ImportAsync(string? login, byte[]? pfx, string? password, CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Refused;
        if (string.IsNullOrWhiteSpace(login))
            return Problem.BadRequest("Не указан сотрудник", "Выберите, для чьей учётной записи загружается сертификат.");
        if (pfx is null || pfx.Length == 0) return Problem.BadRequest("Нет файла", "Выберите файл сертификата с ключом (PFX, P12).");
        if (pfx.Length > MaxPfxBytes) return Problem.BadRequest("Слишком большой файл", "Файл PFX сертификата — не больше 100 КБ.");
        var school = user.SchoolId!.Value;
        var owner = await db.Users.Where(u => u.SchoolId == school && u.UserName == login.Trim())
            .Select(u => new { u.Id, u.DisplayName, u.UserName, Staff = db.StaffMembers.Any(s => s.UserId == u.Id) }).FirstOrDefaultAsync(ct);
        if (owner is null || !owner.Staff)
            return Problem.BadRequest("Сотрудник не найден", $"В школе нет сотрудника с логином «{login.Trim()}».");
        var outcome = await AddAsync(school, owner.Id, user.Id!, pfx, password, ct);
        return outcome.Problem is { } problem ? problem : Outcome<CertificateDto>.Ok(ToDto(outcome.Value!, owner.UserName ?? "", owner.DisplayName));
    }

    /// <summary>The import itself, for the page, the API and the demo command (which has no signed-in user).</summary>
    public async Task<Outcome<StaffCertificate>> AddAsync(int schoolId, string ownerId, string importedById, byte[] pfx, string? password,
        CancellationToken ct)
    {
        OpenedCertificate opened;
        try
        {
            opened = provider.Open(pfx, password);
        }
        catch (CertificateProblem e)
        {
            return Problem.BadRequest("Сертификат не загружен", e.Message);
        }
        var now = time.GetUtcNow();
        if (opened.NotAfter < now)
            return Problem.BadRequest("Срок действия сертификата истёк", $"Сертификат действовал по {Day(opened.NotAfter)}: подписывать им нельзя.");
        if (opened.NotBefore > now)
            return Problem.BadRequest("Сертификат ещё не действует", $"Сертификат действует с {Day(opened.NotBefore)}.");
        var twin = await db.StaffCertificates.IgnoreQueryFilters().Where(c => c.SchoolId == schoolId && c.Thumbprint == opened.Thumbprint)
            .Select(c => db.Users.Where(u => u.Id == c.UserId).Select(u => u.DisplayName).FirstOrDefault()).ToListAsync(ct);
        if (twin.Count > 0)
            return Problem.BadRequest("Сертификат уже загружен", $"Этот сертификат (отпечаток {opened.Thumbprint}) уже загружен для «{twin[0]}».");
        var row = new StaffCertificate
        {
            SchoolId = schoolId, UserId = ownerId, Subject = Cut(opened.Subject, 500), Issuer = Cut(opened.Issuer, 500),
            SerialNumber = Cut(opened.SerialNumber, 100), Thumbprint = opened.Thumbprint, KeyAlgorithm = Cut(opened.KeyAlgorithm, 100),
            NotBefore = opened.NotBefore, NotAfter = opened.NotAfter, RawData = opened.RawData, ProtectedPfx = Protector.Protect(opened.KeptPfx),
            ImportedById = importedById, ImportedAt = now,
        };
        db.StaffCertificates.Add(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.CertificateImported, "staffCertificate", row.Id, null,
            new { row.UserId, row.Subject, row.Issuer, row.SerialNumber, row.Thumbprint, row.KeyAlgorithm, row.NotBefore, row.NotAfter },
            schoolId: schoolId, ct: ct), ct);
        return Outcome<StaffCertificate>.Ok(row);
    }

    public async Task<Outcome<CertificateDto>> RevokeAsync(int id, CancellationToken ct)
    {
        if (!access.ManagesCertificates) return Refused;
        var row = await db.StaffCertificates.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return Problem.NotFound("Сертификат не найден");
        var owner = await db.Users.Where(u => u.Id == row.UserId).Select(u => new { u.UserName, u.DisplayName }).FirstAsync(ct);
        if (row.RevokedAt is null)
        {
            row.RevokedAt = time.GetUtcNow();
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.CertificateRevoked, "staffCertificate", row.Id,
                new { row.Thumbprint, revoked = false }, new { row.Thumbprint, revoked = true }, ct: ct), ct);
        }
        return Outcome<CertificateDto>.Ok(ToDto(row, owner.UserName ?? "", owner.DisplayName));
    }

    /// <summary>The caller's certificate that signs now: not withdrawn, in its validity period, the newest.</summary>
    public async Task<StaffCertificate?> SigningCertificateAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var own = await db.StaffCertificates.Where(c => c.UserId == userId && c.RevokedAt == null && c.ProtectedPfx != null).ToListAsync(ct);
        return own.Where(c => c.NotBefore <= now && now <= c.NotAfter).OrderByDescending(c => c.ImportedAt).ThenByDescending(c => c.Id)
            .FirstOrDefault();
    }

    public byte[] Sign(StaffCertificate certificate, byte[] content, DateTimeOffset at) =>
        provider.Sign(content, Protector.Unprotect(certificate.ProtectedPfx!), at);

    public static string NoCertificate =>
        "У вас нет действующего сертификата электронной подписи. Попросите системного администратора загрузить его (раздел «Сертификаты»).";

    private static CertificateDto ToDto(StaffCertificate c, string login, string owner) => new(c.Id, login, owner, c.Subject, c.Issuer,
        c.SerialNumber, c.Thumbprint, c.KeyAlgorithm, c.NotBefore, c.NotAfter, c.ImportedAt, c.RevokedAt);

    private static string Day(DateTimeOffset at) => at.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
