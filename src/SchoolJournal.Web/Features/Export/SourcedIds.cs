using System.Security.Cryptography;
using System.Text;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// OneRoster <c>sourcedId</c>s: a name-based UUID (RFC 9562 version 5, SHA-1) of «kind:id» in SchoolJournal's own namespace, so the same
/// class, person or enrolment gets the same id in every export, and no id shows a database number. The kinds: org, year, period, course
/// (subject:grade or homeroom:grade), class (homeroom:id or group:id), user (student:id, parent:id, staff:id), role, enrollment
/// (enrolment:id, classTeacher:id, membership:id, assignment:id).
/// </summary>
public static class SourcedIds
{
    /// <summary>SchoolJournal's namespace; never change it, or every exported id changes.</summary>
    public static readonly Guid Namespace = new("3f0a7c6e-5b1d-4e8a-9c2f-6d4b8e1a7f30");

    public static string Of(string kind, params object[] key) =>
        NameBased(Namespace, $"{kind}:{string.Join(':', key.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)))}").ToString();

    /// <summary>RFC 9562 §5.5: SHA-1 of the namespace's bytes (network order) and the name in UTF-8, version 5, variant 10.</summary>
    public static Guid NameBased(Guid space, string name)
    {
        byte[] input = [.. space.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(name)];
        // The RFC fixes SHA-1 for version 5; the hash names, it does not protect.
        var bytes = SHA1.HashData(input)[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
