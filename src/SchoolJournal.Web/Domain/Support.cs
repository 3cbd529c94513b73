namespace SchoolJournal.Web.Domain;

/// <summary>Where a support request stands: новое → в работе → решено (R-DOC-2).</summary>
public enum SupportStatus
{
    New = 1,
    InProgress = 2,
    Resolved = 3,
}

/// <summary>
/// «Обращение в поддержку» (R-DOC-2): a question or a problem a user sends from the app to the school's administrators, with the
/// page he was on; the administrators take it into work and answer; the author sees the status and the answer.
/// </summary>
public class SupportRequest : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    /// <summary>The app's page the request was sent from (a path, no query), when it was.</summary>
    public string? Page { get; set; }
    public SupportStatus Status { get; set; } = SupportStatus.New;
    public string? Answer { get; set; }
    public string? AnsweredById { get; set; }
    public string? AnsweredByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class SupportStatuses
{
    public static string ToRussian(this SupportStatus status) => status switch
    {
        SupportStatus.New => "новое",
        SupportStatus.InProgress => "в работе",
        SupportStatus.Resolved => "решено",
        _ => status.ToString(),
    };

    /// <summary>«new», «in-progress», «resolved» as the API writes and reads them.</summary>
    public static string Code(this SupportStatus status) => status switch
    {
        SupportStatus.New => "new",
        SupportStatus.InProgress => "in-progress",
        _ => "resolved",
    };

    public static SupportStatus? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "new" => SupportStatus.New,
        "in-progress" => SupportStatus.InProgress,
        "resolved" => SupportStatus.Resolved,
        _ => null,
    };
}
