using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// The slips of an issue, for the API's <c>slipsPdf</c> link. Nothing is stored: the link carries the slips encrypted and
/// signed by the app's data-protection keys (shared by every node), good for <see cref="Lifetime"/> and only for the person who
/// issued them; the PDF is made when the link is opened. The site address on a slip is <c>Site:Url</c> when the school set it,
/// else the address the request came to.
/// </summary>
public sealed class SlipLinks(IDataProtectionProvider protection, JournalDbContext db, IConfiguration config, CurrentUser me)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private sealed record Payload(string IssuerId, int SchoolId, IReadOnlyList<CredentialSlips.Slip> Slips);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("SchoolJournal.CredentialSlips").ToTimeLimitedDataProtector();

    public string Link(int schoolId, IReadOnlyList<CredentialSlips.Slip> slips) =>
        "/api/v1/credentials/slips?token=" + Uri.EscapeDataString(
            Protector.Protect(JsonSerializer.Serialize(new Payload(me.Id!, schoolId, slips)), Lifetime));

    /// <summary>The PDF of a link, or null when the link is broken, expired or someone else's.</summary>
    public async Task<byte[]?> PdfAsync(string? token, HttpRequest request, CancellationToken ct)
    {
        Payload? payload;
        try
        {
            payload = token is null ? null : JsonSerializer.Deserialize<Payload>(Protector.Unprotect(token));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            payload = null;
        }
        if (payload is null || payload.IssuerId != me.Id || payload.SchoolId != me.SchoolId) return null;
        return await PdfAsync(payload.SchoolId, payload.Slips, request, ct);
    }

    public async Task<byte[]> PdfAsync(int schoolId, IReadOnlyList<CredentialSlips.Slip> slips, HttpRequest request, CancellationToken ct)
    {
        var school = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstAsync(ct);
        return CredentialSlips.Render(school, Site(request), slips);
    }

    public string Site(HttpRequest request) =>
        config["Site:Url"] is { Length: > 0 } url ? url.TrimEnd('/') : $"{request.Scheme}://{request.Host}";
}
