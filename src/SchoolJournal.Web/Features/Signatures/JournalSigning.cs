using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// «Подписать журнал за период» (R-JRN-11): the group's teacher signs the closed period's <see cref="JournalDocument"/> with his
/// certificate; whoever reads the grid sees who signed, when, with which certificate, and whether the data changed since.
/// Refusals in the API's order: 404 unknown group or period, 403 not allowed, 409 period not closed, 400 no certificate.
/// </summary>
public sealed class JournalSigning(JournalDbContext db, AccessService access, CurrentUser user, Certificates certificates,
    ISignatureProvider provider, AuditLog audit, TimeProvider time)
{
    /// <param name="State">«unsigned», «signed» (the data is what was signed and the signature holds), «changed» (the data differs
    /// from the signed document), «invalid» (the signature itself does not verify).</param>
    public sealed record SignatureDto(int GroupId, int PeriodId, string State, bool PeriodLocked, bool CanSign, string CurrentSha256,
        SignedBy? Signature);

    public sealed record SignedBy(int Id, string SignerName, DateTimeOffset SignedAt, string ContentSha256, string Certificate,
        string SerialNumber, string Thumbprint, string KeyAlgorithm, string? Problem);

    public async Task<Outcome<SignatureDto>> StatusAsync(int groupId, int periodId, CancellationToken ct)
    {
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return Problem.NotFound("Группа не найдена");
        var period = header.Periods.FirstOrDefault(p => p.Id == periodId);
        if (period is null) return Problem.NotFound("Учебный период не найден", "У группы нет такого периода.");
        if (!header.CanRead) return new Problem(StatusCodes.Status403Forbidden, "Нет доступа к журналу", "Этот журнал вам недоступен.");
        var content = await JournalDocument.BuildAsync(db, groupId, periodId, ct);
        var canSign = period.Locked && await access.CanSignJournalAsync(groupId, ct);
        return Outcome<SignatureDto>.Ok(await DescribeAsync(groupId, periodId, period.Locked, canSign, content, ct));
    }

    public async Task<Outcome<SignatureDto>> SignAsync(int groupId, int periodId, CancellationToken ct)
    {
        var header = await GroupPeriods.HeaderAsync(db, access, groupId, ct);
        if (header is null) return Problem.NotFound("Группа не найдена");
        var period = header.Periods.FirstOrDefault(p => p.Id == periodId);
        if (period is null) return Problem.NotFound("Учебный период не найден", "У группы нет такого периода.");
        if (!await access.CanSignJournalAsync(groupId, ct))
            return new Problem(StatusCodes.Status403Forbidden, "Нет права подписать журнал", "Журнал группы за период подписывает её учитель.");
        if (!period.Locked)
            return new Problem(StatusCodes.Status409Conflict, "Период не закрыт",
                "Подписывают журнал закрытого периода: сначала закройте период, чтобы записи после подписи не менялись.");
        var certificate = await certificates.SigningCertificateAsync(user.Id!, ct);
        if (certificate is null) return Problem.BadRequest("Нет сертификата", Certificates.NoCertificate);

        var content = await JournalDocument.BuildAsync(db, groupId, periodId, ct);
        var hash = JournalDocument.Sha256(content);
        var last = await LatestAsync(groupId, periodId, ct);
        if (last is null || last.ContentSha256 != hash || last.SignerId != user.Id)
        {
            var now = time.GetUtcNow();
            var signer = await db.StaffMembers.Where(s => s.UserId == user.Id).Select(s => new { s.LastName, s.FirstName, s.MiddleName })
                .FirstOrDefaultAsync(ct);
            var row = new JournalSignature
            {
                SchoolId = user.SchoolId!.Value, Kind = SignatureKind.GroupPeriodJournal, TeachingGroupId = groupId, StudyPeriodId = periodId,
                AcademicYearId = header.AcademicYearId, StaffCertificateId = certificate.Id, SignerId = user.Id!,
                SignerName = signer is null ? user.DisplayName : PersonName.Short(signer.LastName, signer.FirstName, signer.MiddleName),
                ContentSha256 = hash, Cms = certificates.Sign(certificate, content, now), SignedAt = now,
            };
            db.JournalSignatures.Add(row);
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.JournalSigned, "journalSignature", row.Id, null,
                new { groupId, periodId, contentSha256 = hash, certificate = certificate.Thumbprint }, ct: ct), ct);
        }
        return Outcome<SignatureDto>.Ok(await DescribeAsync(groupId, periodId, true, true, content, ct));
    }

    /// <summary>The latest signature of every group and period of a year, checked against the data as it is now (<c>verify-archive</c>).</summary>
    public async Task<List<string>> VerifyYearAsync(int schoolId, int yearId, CancellationToken ct)
    {
        var problems = new List<string>();
        var rows = await db.JournalSignatures.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.SchoolId == schoolId && s.AcademicYearId == yearId && s.Kind == SignatureKind.GroupPeriodJournal)
            .OrderBy(s => s.Id).ToListAsync(ct);
        var zone = await db.Schools.IgnoreQueryFilters().Where(s => s.Id == schoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct)
            ?? "Europe/Moscow";
        foreach (var s in rows.GroupBy(s => (s.TeachingGroupId, s.StudyPeriodId)).Select(g => g.Last()))
        {
            var content = await JournalDocument.BuildAsync(db, s.TeachingGroupId!.Value, s.StudyPeriodId!.Value, ct);
            var name = await NameAsync(s.TeachingGroupId.Value, s.StudyPeriodId.Value, ct);
            if (JournalDocument.Sha256(content) != s.ContentSha256)
                problems.Add($"Журнал {name}: изменён после подписи ({s.SignerName}, {Local(s.SignedAt, zone)}).");
            else if (provider.Verify(content, s.Cms) is { Valid: false } check)
                problems.Add($"Журнал {name}: подпись ({s.SignerName}) не проверена — {check.Problem}.");
        }
        return problems;
    }

    /// <summary>How many journal signatures of the year <see cref="VerifyYearAsync"/> checked.</summary>
    public Task<int> CountAsync(int schoolId, int yearId, CancellationToken ct) => db.JournalSignatures.IgnoreQueryFilters()
        .Where(s => s.SchoolId == schoolId && s.AcademicYearId == yearId && s.Kind == SignatureKind.GroupPeriodJournal)
        .Select(s => new { s.TeachingGroupId, s.StudyPeriodId }).Distinct().CountAsync(ct);

    private async Task<SignatureDto> DescribeAsync(int groupId, int periodId, bool locked, bool canSign, byte[] content, CancellationToken ct)
    {
        var hash = JournalDocument.Sha256(content);
        var last = await LatestAsync(groupId, periodId, ct);
        if (last is null) return new SignatureDto(groupId, periodId, "unsigned", locked, canSign, hash, null);
        var cert = await db.StaffCertificates.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == last.StaffCertificateId)
            .Select(c => new { c.Subject, c.SerialNumber, c.Thumbprint, c.KeyAlgorithm }).FirstAsync(ct);
        string state;
        string? problem = null;
        if (last.ContentSha256 != hash) state = "changed";
        else if (provider.Verify(content, last.Cms) is { Valid: false } check) (state, problem) = ("invalid", check.Problem);
        else state = "signed";
        return new SignatureDto(groupId, periodId, state, locked, canSign, hash, new SignedBy(last.Id, last.SignerName, last.SignedAt,
            last.ContentSha256, cert.Subject, cert.SerialNumber, cert.Thumbprint, cert.KeyAlgorithm, problem));
    }

    private Task<JournalSignature?> LatestAsync(int groupId, int periodId, CancellationToken ct) => db.JournalSignatures.IgnoreQueryFilters()
        .AsNoTracking().Where(s => s.Kind == SignatureKind.GroupPeriodJournal && s.TeachingGroupId == groupId && s.StudyPeriodId == periodId)
        .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);

    private async Task<string> NameAsync(int groupId, int periodId, CancellationToken ct)
    {
        var g = await db.TeachingGroups.IgnoreQueryFilters().AsNoTracking().Where(g => g.Id == groupId)
            .Select(g => new { Subject = g.Subject!.Name, g.Name, g.Kind,
                Classes = g.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList() }).FirstAsync(ct);
        var period = await db.StudyPeriods.IgnoreQueryFilters().Where(p => p.Id == periodId).Select(p => p.Name).FirstAsync(ct);
        var title = $"{g.Subject} · {ClassName.Join(g.Classes)}" + (g.Kind == GroupKind.WholeClass ? "" : $" · {g.Name}");
        return $"«{title}» (группа {groupId}), {period}";
    }

    /// <summary>The signing time in the school's own time zone, as its pages show it.</summary>
    public static string Local(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
}
