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
