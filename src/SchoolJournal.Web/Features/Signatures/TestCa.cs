using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// «Тестовый удостоверяющий центр школы» for the demo and the tests (the <c>demo-certificates</c> command): a root made on the spot,
/// whose certificate goes to the trusted roots folder and whose key is forgotten after it issues the staff's PFX files. Not for real
/// signatures: a school imports certificates its удостоверяющий центр issued and puts that centre's root in the folder.
/// </summary>
public sealed class TestCa : IDisposable
{
    public const string Name = "Тестовый удостоверяющий центр школы";

    public X509Certificate2 Root { get; }

    public TestCa(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Name}, O=SchoolJournal, C=RU"), key, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Root = request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10));
    }

    /// <summary>A staff member's PFX protected by <paramref name="password"/>: a key for signing,
    /// valid from a day ago for <paramref name="years"/>.</summary>
    public byte[] Issue(string commonName, string password, DateTimeOffset now, int years = 2, bool withKey = true, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}, O=SchoolJournal, C=RU"), key, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notBefore = now.AddDays(-1);
        var end = notAfter ?? now.AddYears(years);
        using var cert = request.Create(Root, notBefore < end ? notBefore : end.AddDays(-1), end, serial);
        if (!withKey) return cert.Export(X509ContentType.Pkcs12, password);
        using var withPrivate = cert.CopyWithPrivateKey(key);
        return withPrivate.Export(X509ContentType.Pkcs12, password);
    }

    public void Dispose() => Root.Dispose();

    /// <summary>
    /// The demo: a new test centre in the trusted roots, and a certificate for each demo login found (the teacher <c>uchitel</c>, the
    /// director <c>direktor</c>) of every school, imported as the system administrator would. Returns what was done, line by line.
    /// </summary>
    public static async Task<List<string>> SeedDemoAsync(IServiceProvider services, IReadOnlyList<string> logins, CancellationToken ct)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        using var ca = new TestCa(now);
        var lines = new List<string>
            { $"Корневой сертификат «{Name}» добавлен в доверенные: {services.GetRequiredService<TrustedRoots>().Add(ca.Root)}" };
        var db = services.GetRequiredService<JournalDbContext>();
        var certificates = services.GetRequiredService<Certificates>();
        var users = await db.Users.Where(u => u.SchoolId != null && logins.Contains(u.UserName!))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, SchoolId = u.SchoolId!.Value }).ToListAsync(ct);
        foreach (var u in users.OrderBy(u => u.SchoolId).ThenBy(u => u.UserName, StringComparer.Ordinal))
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            var outcome = await certificates.AddAsync(u.SchoolId, u.Id, u.Id, ca.Issue(u.DisplayName, password, now), password, ct);
            lines.Add(outcome.Problem is { } p
                ? $"Школа {u.SchoolId}, {u.UserName}: {p.Title}. {p.Detail}"
                : $"Школа {u.SchoolId}, {u.UserName}: сертификат «{u.DisplayName}» загружен, отпечаток {outcome.Value!.Thumbprint}, действует по " +
                    $"{outcome.Value.NotAfter:dd.MM.yyyy}.");
        }
        if (users.Count == 0) lines.Add($"Нет учётных записей {string.Join(", ", logins)}: сертификаты не выпущены.");
        return lines;
    }
}
