using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4) for the OneRoster REST binding. The access token is stateless: the client's row, its
/// school, the scopes granted and the expiry, sealed with ASP.NET Data Protection (the keys every node shares); nothing is stored. Each
/// use reads the client's row, so a revoked client's tokens stop at once. docs/decisions/0016-oneroster-rest.md.
/// </summary>
public sealed class OneRosterTokens(JournalDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    public const string TokenPath = "/ims/oneroster/v1p2/token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public const string AuthenticationType = "OneRoster";
    public const string ClientClaim = "oneroster_client";
    public const string ScopeClaim = "scope";

    private IDataProtector Protector => protection.CreateProtector("SchoolJournal.OneRoster.AccessToken.v1");

    private sealed record Payload(int Client, int School, string[] Scopes, long Expires);

    /// <summary>A token's holder: the client's row, its school and the scopes the token carries.</summary>
    public sealed record Grant(int ClientId, int SchoolId, string[] Scopes)
    {
        /// <summary>The request's user: the school claim sets the data's school (the DbContext's filter); no role, no account.</summary>
        public ClaimsPrincipal Principal() => new(new ClaimsIdentity(
        [
            new Claim(JournalClaims.School, SchoolId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClientClaim, ClientId.ToString(CultureInfo.InvariantCulture)),
            .. Scopes.Select(s => new Claim(ScopeClaim, s)),
        ], AuthenticationType));
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The token endpoint: form-encoded grant_type=client_credentials, the client's id and secret by HTTP Basic or in the form.</summary>
    public async Task<IResult> IssueAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Error(400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
        var form = await request.ReadFormAsync(ct);
        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0) return Error(400, "invalid_request", "grant_type is missing.");
        if (grantType != "client_credentials") return Error(400, "unsupported_grant_type", "Only client_credentials is supported.");

        var (id, secret, fromBasic) = Credentials(request, form);
        if (fromBasic && (form.ContainsKey("client_id") || form.ContainsKey("client_secret")))
            return Error(400, "invalid_request", "Use one way to authenticate the client: HTTP Basic or the form, not both.");
        if (id is null || secret is null) return Error(401, "invalid_client", "Client authentication failed.", fromBasic);

        var client = id.Length <= 100
            ? await db.OneRosterClients.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.ClientId == id, ct)
            : null;
        // The same work whether the client exists or not: the answer's timing tells nothing about which ids exist.
        var expected = Convert.FromHexString(client?.SecretSha256 ?? new string('0', 64));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        if (!CryptographicOperations.FixedTimeEquals(expected, given) || client is null || client.RevokedAt is not null)
            return Error(401, "invalid_client", "Client authentication failed.", fromBasic);

        var allowed = OneRosterScopes.Split(client.Scopes);
        var asked = form.ContainsKey("scope") ? OneRosterScopes.Split(form["scope"].ToString()) : allowed;
        if (asked.Length == 0 || asked.Any(s => !allowed.Contains(s)))
            return Error(400, "invalid_scope", "The requested scope is not granted to this client.");

        var now = time.GetUtcNow();
        var payload = new Payload(client.Id, client.SchoolId, [.. asked.Distinct()], (now + Lifetime).ToUnixTimeSeconds());
        var token = Protector.Protect(JsonSerializer.Serialize(payload));
        client.LastUsedAt = now;
        await db.SaveChangesAsync(ct);
        Headers(request.HttpContext);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = (int)Lifetime.TotalSeconds,
            ["scope"] = string.Join(' ', payload.Scopes),
        });
    }

    /// <summary>The grant a bearer token carries while it lasts and its client stands; null for anything else.</summary>
    public async Task<Grant?> ValidateAsync(string authorization, CancellationToken ct)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Protector.Unprotect(authorization["Bearer ".Length..].Trim()));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
        if (payload is null || DateTimeOffset.FromUnixTimeSeconds(payload.Expires) <= time.GetUtcNow()) return null;
        var stands = await db.OneRosterClients.IgnoreQueryFilters()
            .AnyAsync(c => c.Id == payload.Client && c.SchoolId == payload.School && c.RevokedAt == null, ct);
        return stands ? new Grant(payload.Client, payload.School, payload.Scopes) : null;
    }

    private static (string? Id, string? Secret, bool FromBasic) Credentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':');
                // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
                return colon < 0 ? (null, null, true) : (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]), true);
            }
            catch (FormatException)
            {
                return (null, null, true);
            }
        }
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        return (id.Length > 0 ? id : null, secret.Length > 0 ? secret : null, false);
    }

    /// <summary>RFC 6749 §5.2. The description is for the client's developer and, as the RFC requires, in ASCII.</summary>
    private static IResult Error(int status, string error, string description, bool basic = false) =>
        new OAuthError(status, error, description, basic);

    private static void Headers(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    private sealed class OAuthError(int status, string error, string description, bool basic) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            Headers(http);
            if (status == StatusCodes.Status401Unauthorized)
                http.Response.Headers.WWWAuthenticate = basic ? "Basic realm=\"oneroster\"" : "Bearer realm=\"oneroster\"";
            return Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status)
                .ExecuteAsync(http);
        }
    }
}
