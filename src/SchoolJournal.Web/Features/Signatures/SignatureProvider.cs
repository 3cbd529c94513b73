using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// What signing needs from cryptography, behind one seam (decision record 0015): opening a PFX a school uploads, making a detached
/// CMS signature with a kept key, and checking one against the school's trusted roots. The built-in provider uses the .NET crypto
/// (RSA, ECDSA); a school with a ГОСТ Р 34.10-2012 certificate configures a provider backed by a GOST-capable CSP instead
/// (<c>Signatures:Provider</c>), and nothing else changes.
/// </summary>
public interface ISignatureProvider
{
    /// <summary>The certificate with a private key from a PFX; refuses with <see cref="CertificateProblem"/> in Russian.</summary>
    OpenedCertificate Open(byte[] pfx, string? password);

    /// <summary>A detached CMS (PKCS#7) over <paramref name="content"/>, signed with the key kept at import, with the signing time.</summary>
    byte[] Sign(byte[] content, byte[] keptPfx, DateTimeOffset signingTime);

    /// <summary>Checks a detached CMS over <paramref name="content"/>: the signature,
    /// and the signer's chain to a trusted root at the signing time.</summary>
    SignatureCheck Verify(byte[] content, byte[] cms);
}

/// <param name="KeptPfx">The certificate with its key as the provider keeps it (a PFX without password); stored data-protected.</param>
public sealed record OpenedCertificate(string Subject, string Issuer, string SerialNumber, string Thumbprint, string KeyAlgorithm,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] RawData, byte[] KeptPfx);

/// <param name="Problem">Null when the signature holds; else what is wrong, in Russian.</param>
public sealed record SignatureCheck(string? Problem, string? Signer, string? Thumbprint, DateTimeOffset? SigningTime)
{
    public bool Valid => Problem is null;
}

/// <summary>A certificate the school cannot use, with the reason to show.</summary>
public sealed class CertificateProblem(string message) : Exception(message);

/// <summary>
/// The roots a signature's chain must end at: every <c>*.cer</c> (DER or PEM) in <c>Signatures:TrustedRoots</c>, by default
/// <c>data/keys/trusted-roots</c> next to the audit anchors' key — outside the database, so whoever can write the database cannot
/// make his own certificate trusted. A school adds its real удостоверяющий центр's root there.
/// </summary>
public sealed class TrustedRoots(IConfiguration config, IHostEnvironment env)
{
    public string Directory => Path.GetFullPath(config["Signatures:TrustedRoots"] is { Length: > 0 } path
        ? Path.IsPathRooted(path) ? path : Path.Combine(env.ContentRootPath, path)
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(new AnchorKey(config, env).KeyFile))!, "trusted-roots"));

    /// <summary>Read on every call: a root added to the folder counts at once, without a restart.</summary>
    public X509Certificate2Collection Load()
    {
        var roots = new X509Certificate2Collection();
        if (!System.IO.Directory.Exists(Directory)) return roots;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.cer").Order(StringComparer.Ordinal))
            roots.Add(X509CertificateLoader.LoadCertificateFromFile(file));
        return roots;
    }

    public string Add(X509Certificate2 root)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"root-{root.Thumbprint}.cer");
        File.WriteAllBytes(path, root.RawData);
        return path;
    }
}

/// <summary>The built-in provider: X.509 with RSA or ECDSA keys and <see cref="SignedCms"/>, SHA-256.</summary>
public sealed class X509CmsProvider(TrustedRoots roots) : ISignatureProvider
{
    public OpenedCertificate Open(byte[] pfx, string? password)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(pfx, password, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            throw new CertificateProblem("Файл не открылся: неверный пароль или это не файл PFX (PKCS#12) с сертификатом и ключом.");
        }
        var cert = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CertificateProblem("В файле нет закрытого ключа: подписывать им нельзя. Выгрузите сертификат вместе с ключом (PFX).");
        var algorithm = KeyAlgorithmOf(cert);
        if (algorithm.StartsWith("ГОСТ", StringComparison.Ordinal) || (cert.GetRSAPrivateKey() is null && cert.GetECDsaPrivateKey() is null))
            throw new CertificateProblem($"Ключ «{algorithm}» не поддерживается встроенным криптопровайдером: для сертификатов ГОСТ Р 34.10-2012 " +
                "нужен криптопровайдер ГОСТ (см. решение 0015).");
        return new OpenedCertificate(cert.Subject, cert.Issuer, cert.SerialNumber, cert.Thumbprint, algorithm,
            new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            cert.RawData, cert.Export(X509ContentType.Pkcs12));
    }

    public byte[] Sign(byte[] content, byte[] keptPfx, DateTimeOffset signingTime)
    {
        using var cert = X509CertificateLoader.LoadPkcs12(keptPfx, null, X509KeyStorageFlags.EphemeralKeySet);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    public SignatureCheck Verify(byte[] content, byte[] cmsBytes)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(cmsBytes);
        }
        catch (CryptographicException)
        {
            return new SignatureCheck("файл подписи повреждён: это не подпись CMS", null, null, null);
        }
        if (cms.SignerInfos.Count != 1) return new SignatureCheck("в подписи не один подписант", null, null, null);
        var info = cms.SignerInfos[0];
        var cert = info.Certificate;
        if (cert is null) return new SignatureCheck("в подписи нет сертификата подписанта", null, null, null);
        var at = info.SignedAttributes.Cast<CryptographicAttributeObject>().SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>().Select(t => (DateTimeOffset?)new DateTimeOffset(t.SigningTime.ToUniversalTime(), TimeSpan.Zero))
            .FirstOrDefault();
        var who = cert.GetNameInfo(X509NameType.SimpleName, false);
        try
        {
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new SignatureCheck("подпись не сходится с содержимым: документ изменён после подписи", who, cert.Thumbprint, at);
        }
        if (at is null) return new SignatureCheck("в подписи нет времени подписания", who, cert.Thumbprint, null);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Load());
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.Value.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(cert))
        {
            var status = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
            var reason = status.HasFlag(X509ChainStatusFlags.NotTimeValid)
                ? "сертификат подписанта не действовал в момент подписания"
                : status.HasFlag(X509ChainStatusFlags.UntrustedRoot) || status.HasFlag(X509ChainStatusFlags.PartialChain)
                    ? "сертификат подписанта выдан удостоверяющим центром, которого нет среди доверенных"
                    : "цепочка сертификата подписанта не проверена";
            return new SignatureCheck(reason, who, cert.Thumbprint, at);
        }
        return new SignatureCheck(null, who, cert.Thumbprint, at);
    }

    /// <summary>The key's algorithm as a school calls it; GOST keys by their OIDs (RFC 9215).</summary>
    public static string KeyAlgorithmOf(X509Certificate2 cert) => cert.PublicKey.Oid.Value switch
    {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.10045.2.1" => "ECDSA",
        "1.2.643.7.1.1.1.1" => "ГОСТ Р 34.10-2012 (256 бит)",
        "1.2.643.7.1.1.1.2" => "ГОСТ Р 34.10-2012 (512 бит)",
        "1.2.643.2.2.19" => "ГОСТ Р 34.10-2001",
        var other => cert.PublicKey.Oid.FriendlyName ?? other ?? "неизвестный",
    };
}
