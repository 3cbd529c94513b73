using System.Security.Cryptography;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// The year's archive under its signatures (R-JRN-11, R-ARCH-2): the director signs every <c>manifest.json</c> under
/// <c>data/archive/&lt;year&gt;/</c> with a detached <c>manifest.json.p7s</c> beside it; <see cref="VerifyAsync"/> (the
/// <c>verify-archive</c> command and the page's button) checks every listed file's SHA-256, every manifest's signature and chain, and
/// every teacher's journal signature of the year against the data as it is now.
/// </summary>
public sealed class ArchiveSignatures(JournalDbContext db, ArchiveSettings settings, ISignatureProvider provider, Certificates certificates,
    JournalSigning journals, AuditLog audit, CurrentUser user, AccessService access, TimeProvider time)
{
    public const string ManifestName = "manifest.json";
    public const string SignatureSuffix = ".p7s";

    public sealed record Year(int Id, string Name, string Folder);

    public sealed record Report(Year Year, int Manifests, int Files, int JournalSignatures, IReadOnlyList<string> Problems)
    {
        public bool IsIntact => Problems.Count == 0;
    }

    /// <summary>A manifest of the year's folder: its path from the archive root, how many files it lists, whether it has a signature file.</summary>
    public sealed record ManifestState(string Name, int Files, bool Signed);

    /// <summary>The year's folder: <c>2026-2027</c> under the archive root
    /// (under <c>school-ID</c> when the deployment holds several schools).</summary>
    public async Task<Year?> YearAsync(int schoolId, int yearId, string? root, CancellationToken ct)
    {
        var y = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking().Where(y => y.Id == yearId && y.SchoolId == schoolId)
            .Select(y => new { y.Id, y.Name, y.Start, y.End }).FirstOrDefaultAsync(ct);
        if (y is null) return null;
        var single = !await db.Schools.IgnoreQueryFilters().AnyAsync(s => s.Id != schoolId, ct);
        var journals = JournalPrints.Folder(root ?? settings.ArchiveDirectory, schoolId, single, y.Start.Year, y.End.Year);
        return new Year(y.Id, y.Name, Path.GetDirectoryName(journals)!);
    }

    public static IReadOnlyList<string> Manifests(string folder) => Directory.Exists(folder)
        ? [.. Directory.EnumerateFiles(folder, ManifestName, SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
        : [];

    public IReadOnlyList<ManifestState> States(Year year) => [.. Manifests(year.Folder).Select(m => new ManifestState(
        Relative(year.Folder, m), JournalPrints.Read(m)?.Files.Count ?? 0, File.Exists(m + SignatureSuffix)))];

    /// <summary>The director signs every manifest of the year; an archive whose files do not match their manifests is not signed.</summary>
    public async Task<Outcome<Report>> SignAsync(int yearId, CancellationToken ct)
    {
        if (!access.SignsYearArchive)
            return new Problem(StatusCodes.Status403Forbidden, "Нет права подписать архив", "Архив учебного года подписывает директор.");
        var school = user.SchoolId!.Value;
        var year = await YearAsync(school, yearId, null, ct);
        if (year is null) return Problem.NotFound("Учебный год не найден");
        var manifests = Manifests(year.Folder);
        if (manifests.Count == 0)
            return new Problem(StatusCodes.Status409Conflict, "Архив года пуст",
                $"В архиве {year.Name} нет ни одного манифеста: сначала напечатайте журналы за год.");
        var problems = new List<string>();
        foreach (var m in manifests) CheckFiles(year.Folder, m, problems);
        if (problems.Count > 0)
            return new Problem(StatusCodes.Status409Conflict, "Архив не совпадает с манифестами",
                "Подписать нельзя: " + string.Join(" ", problems));
        var certificate = await certificates.SigningCertificateAsync(user.Id!, ct);
        if (certificate is null) return Problem.BadRequest("Нет сертификата", Certificates.NoCertificate);

        var now = time.GetUtcNow();
        foreach (var m in manifests)
        {
            var content = await File.ReadAllBytesAsync(m, ct);
            var cms = certificates.Sign(certificate, content, now);
            await File.WriteAllBytesAsync(m + SignatureSuffix + ".tmp", cms, ct);
            File.Move(m + SignatureSuffix + ".tmp", m + SignatureSuffix, overwrite: true);
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            var row = new JournalSignature
            {
                SchoolId = school, Kind = SignatureKind.YearArchive, AcademicYearId = year.Id, StaffCertificateId = certificate.Id,
                SignerId = user.Id!, SignerName = user.DisplayName, ContentSha256 = hash, Cms = cms, SignedAt = now,
            };
            db.JournalSignatures.Add(row);
            var name = Relative(year.Folder, m);
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.ArchiveSigned, "journalSignature", row.Id, null,
                new { year = year.Name, manifest = name, contentSha256 = hash, certificate = certificate.Thumbprint }, ct: ct), ct);
        }
        return Outcome<Report>.Ok(await VerifyAsync(school, year, ct));
    }

    public async Task<Report> VerifyAsync(int schoolId, Year year, CancellationToken ct)
    {
        var problems = new List<string>();
        var manifests = Manifests(year.Folder);
        var files = 0;
        foreach (var m in manifests)
        {
            files += CheckFiles(year.Folder, m, problems);
            var name = Relative(year.Folder, m);
            if (!File.Exists(m + SignatureSuffix))
            {
                problems.Add($"{name}: манифест не подписан (нет файла {ManifestName}{SignatureSuffix}).");
                continue;
            }
            var check = provider.Verify(await File.ReadAllBytesAsync(m, ct), await File.ReadAllBytesAsync(m + SignatureSuffix, ct));
            if (!check.Valid) problems.Add($"{name}: подпись манифеста не проверена — {check.Problem}.");
        }
        problems.AddRange(await journals.VerifyYearAsync(schoolId, year.Id, ct));
        return new Report(year, manifests.Count, files, await journals.CountAsync(schoolId, year.Id, ct), problems);
    }

    /// <summary>Every file a manifest lists is there with its SHA-256; returns how many it lists.</summary>
    private static int CheckFiles(string yearFolder, string manifest, List<string> problems)
    {
        var name = Relative(yearFolder, manifest);
        var listed = JournalPrints.Read(manifest);
        if (listed is null)
        {
            problems.Add($"{name}: манифест не читается (повреждён или не в формате манифеста).");
            return 0;
        }
        var folder = Path.GetDirectoryName(manifest)!;
        foreach (var f in listed.Files)
        {
            var path = Path.GetFullPath(Path.Combine(folder, f.FileName));
            if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                problems.Add($"{name}: файл «{f.FileName}» указан вне папки манифеста.");
            else if (!File.Exists(path))
                problems.Add($"{name}: нет файла «{f.FileName}».");
            else
            {
                string actual;
                using (var stream = File.OpenRead(path)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                if (!string.Equals(actual, f.Sha256, StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{name}: файл «{f.FileName}» изменён — его SHA-256 {actual}, а в манифесте {f.Sha256}.");
            }
        }
        return listed.Files.Count;
    }

    private static string Relative(string yearFolder, string path) =>
        Path.Combine(Path.GetFileName(yearFolder), Path.GetRelativePath(yearFolder, path)).Replace('\\', '/');
}
