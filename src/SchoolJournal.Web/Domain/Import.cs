namespace SchoolJournal.Web.Domain;

public enum ImportState
{
    /// <summary>Uploaded and previewed; nothing of it is written yet.</summary>
    Previewed = 1,
    Confirmed = 2,
    Undone = 3,
}

/// <summary>
/// One spreadsheet upload (R-X-1): the file itself, kept so the confirm re-reads what was previewed rather than trusting
/// the client, and after the confirm what it created and changed (JSON), so it can be undone as a whole.
/// </summary>
public class ImportBatch : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>«students», «parents», «classes», «staff».</summary>
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public ImportState State { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
    /// <summary>What the confirm wrote: the ids it created and the values it replaced (<c>ImportChanges</c> as JSON).</summary>
    public string? Changes { get; set; }
}

/// <summary>
/// A system allowed to read the school through the OneRoster 1.2 REST binding (issue 15, R-X-3): OAuth 2.0 client credentials
/// registered by the administrator. The secret is shown once; only its SHA-256 is kept (it is 256 random bits, not a password).
/// </summary>
public class OneRosterClient : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>What the administrator calls it («Региональная система», «Moodle»).</summary>
    public required string Name { get; set; }
    /// <summary>The OAuth <c>client_id</c>: random, unique across the deployment.</summary>
    public required string ClientId { get; set; }
    /// <summary>SHA-256 of the client secret, lower-case hex.</summary>
    public required string SecretSha256 { get; set; }
    /// <summary>The scopes it may ask for, space-separated, in the spec's words (…/scope/roster-core.readonly …).</summary>
    public required string Scopes { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>
/// One package sent to a regional system or the state portal (R-X-4, R-DIARY-6): what period, since when (the delta's base is
/// the previous export to the same recipient), how many students went and how many stayed for want of consent; the package
/// itself is not kept, its SHA-256 is.
/// </summary>
public class RegionalExport : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>«region» or «gosuslugi».</summary>
    public required string Recipient { get; set; }
    /// <summary>The JSON schema's version the package follows («1.0»).</summary>
    public required string SchemaVersion { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    /// <summary>Changes after this moment only (a delta); null for a full package.</summary>
    public DateTimeOffset? Since { get; set; }
    public int Students { get; set; }
    /// <summary>Students left out because no parent consented to the transfer.</summary>
    public int WithoutConsent { get; set; }
    public required string Sha256 { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
