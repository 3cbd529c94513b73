namespace SchoolJournal.Web.Domain;

// The diary's own records (R-DIARY, R-SEC-4): the outbox of diary changes, notifications and their preferences,
// the consent register, acknowledgments, paper extracts and calendar feeds. Times the dispatcher compares are
// kept as Unix milliseconds (…Ms): SQLite cannot compare DateTimeOffset columns in SQL.

/// <summary>What changed in a diary; written by <c>DiaryOutboxInterceptor</c> in the transaction of the change.</summary>
public enum DiaryEventKind
{
    Mark = 1,
    Absence = 2,
    Homework = 3,
    /// <summary>A substitution, move, cancellation or room change of a lesson.</summary>
    LessonChanged = 4,
    /// <summary>The lesson's topic: shown live, never notified.</summary>
    Topic = 5,
    Message = 6,
    PeriodGrade = 7,
}

/// <summary>
/// The outbox (ARCHITECTURE decision 8): one row per change a diary shows, written in the same transaction as the
/// change. The dispatcher claims rows with a lease (<see cref="LockedUntilMs"/>), pushes them to open diaries and
/// plans the parents' notifications, then sets <see cref="ProcessedAtMs"/>.
/// A row is about one student (<see cref="StudentId"/>) or a whole lesson's group (<see cref="LessonId"/> with no student:
/// homework for everyone, a substitution, a topic).
/// </summary>
public class DiaryEvent : ISchoolOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    public DiaryEventKind Kind { get; set; }
    public int? StudentId { get; set; }
    public int? TeachingGroupId { get; set; }
    public int? LessonId { get; set; }
    public int? StudyPeriodId { get; set; }
    /// <summary>The mark, attendance code or period grade as written («5», «Н»); null when removed.</summary>
    public string? Value { get; set; }
    public int? WorkTypeId { get; set; }
    /// <summary>A message's text, or what changed in a lesson («замена учителя», «перенос»).</summary>
    public string? Text { get; set; }
    /// <summary>The record was deleted (a mark removed): diaries refresh, nobody is notified.</summary>
    public bool Removed { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public long OccurredAtMs { get; set; }
    public long? ProcessedAtMs { get; set; }
    public long? LockedUntilMs { get; set; }
    public string? LockedBy { get; set; }
    public int Attempts { get; set; }
}

public enum NotificationKind
{
    Mark = 1,
    Absence = 2,
    LessonChanged = 3,
    Homework = 4,
    Message = 5,
    PeriodGrade = 6,
    Digest = 7,
    /// <summary>The week's summary (R-DIARY-3): marks, absences, substitutions, next week's control works.</summary>
    WeeklyDigest = 8,
}

/// <summary>Which kinds a parent wants to hear about (a set of <see cref="NotificationKind"/>).</summary>
[Flags]
public enum NotificationKinds
{
    None = 0,
    Mark = 1,
    Absence = 2,
    LessonChanged = 4,
    Homework = 8,
    Message = 16,
    PeriodGrade = 32,
    All = Mark | Absence | LessonChanged | Homework | Message | PeriodGrade,
}

public enum NotificationChannel
{
    Email = 1,
    Sms = 2,
}

[Flags]
public enum DeliveryChannels
{
    None = 0,
    Email = 1,
    Sms = 2,
    Both = Email | Sms,
}

public enum DeliveryMode
{
    Immediate = 1,
    DailyDigest = 2,
    /// <summary>One message a week at the school's day and hour (<see cref="School.WeeklyDigestDay"/>).</summary>
    WeeklyDigest = 3,
}

public enum NotificationStatus
{
    /// <summary>Waiting to be sent at <see cref="Notification.DueAtMs"/> (later in quiet hours, or after a failure).</summary>
    Pending = 1,
    Sent = 2,
    /// <summary>Given up after the last retry; the error is kept.</summary>
    Failed = 3,
    /// <summary>Not sent: no consent or no address when its time came.</summary>
    Skipped = 4,
    /// <summary>An item of the parent's daily digest, waiting for it.</summary>
    AwaitingDigest = 5,
    /// <summary>Went out inside a digest (<see cref="Notification.DigestId"/>).</summary>
    Digested = 6,
}

/// <summary>One message to one parent over one channel.</summary>
public class Notification : ISchoolOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    public int ParentId { get; set; }
    public int? StudentId { get; set; }
    public long? DiaryEventId { get; set; }
    public NotificationKind Kind { get; set; }
    public NotificationChannel Channel { get; set; }
    public NotificationStatus Status { get; set; } = NotificationStatus.Pending;
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long DueAtMs { get; set; }
    public long? SentAtMs { get; set; }
    public int Attempts { get; set; }
    public long? LockedUntilMs { get; set; }
    public string? LockedBy { get; set; }
    /// <summary>The last failure, without addresses or names (no personal data in it).</summary>
    public string? LastError { get; set; }
    /// <summary>For <see cref="NotificationStatus.Digested"/> items: the digest notification that carried them.</summary>
    public long? DigestId { get; set; }
}

/// <summary>How a parent wants to be told; a parent without a row gets <see cref="Default"/>.</summary>
public class NotificationPreference : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int ParentId { get; set; }
    public DeliveryChannels Channels { get; set; } = DeliveryChannels.Email;
    public DeliveryMode Mode { get; set; } = DeliveryMode.Immediate;
    public NotificationKinds Kinds { get; set; } = NotificationKinds.All;
    /// <summary>No SMS from QuietFrom to QuietTo (school time); they wait until QuietTo.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);
    public TimeOnly QuietTo { get; set; } = new(8, 0);
    /// <summary>When the daily digest goes out (school time).</summary>
    public TimeOnly DigestAt { get; set; } = new(19, 0);
    public DateTimeOffset UpdatedAt { get; set; }

    public static NotificationPreference Default(int schoolId, int parentId) => new() { SchoolId = schoolId, ParentId = parentId };
}

/// <summary>What a consent covers (R-SEC-4).</summary>
[Flags]
public enum ConsentScope
{
    None = 0,
    Email = 1,
    Phone = 2,
    Snils = 4,
    /// <summary>Передача сведений об успеваемости и посещаемости в региональную систему и на Госуслуги (R-X-4, R-DIARY-6).</summary>
    Transfer = 8,
}

/// <summary>
/// The register of consents and refusals to personal-data processing (R-SEC-4): one row per statement, never
/// edited; a parent's latest row (highest id) is in force. Without a consent covering e-mail or phone nothing is
/// sent there, and the parent's contacts are shown only to the class teacher and the administration.
/// </summary>
public class PersonalDataConsent : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int ParentId { get; set; }
    /// <summary>Consent (true) or refusal (false).</summary>
    public bool Given { get; set; }
    public ConsentScope Scope { get; set; }
    /// <summary>The date on the parent's signed statement.</summary>
    public DateOnly Date { get; set; }
    /// <summary>The statement's reference («заявление № 12»).</summary>
    public string? Document { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedById { get; set; }
    public string? RecordedByName { get; set; }
}

public enum AcknowledgmentKind
{
    /// <summary>The parent opened the diary on these dates.</summary>
    Visit = 1,
    /// <summary>The parent pressed «Ознакомлен» for these dates.</summary>
    Acknowledged = 2,
}

/// <summary>Факт ознакомления (R-DIARY-4): a parent's visit to, or acknowledgment of, a child's diary for a date range.</summary>
public class DiaryAcknowledgment : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int ParentId { get; set; }
    public int StudentId { get; set; }
    public AcknowledgmentKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int? StudyPeriodId { get; set; }
    public DateTimeOffset At { get; set; }
    public long AtMs { get; set; }
}

/// <summary>A paper extract issued (R-DIARY-5): for whom, to whom, by whom, when; the PDF's hash proves which one.</summary>
public class ExtractIssue : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int StudentId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int? StudyPeriodId { get; set; }
    public int? ParentId { get; set; }
    /// <summary>Whom it was handed to, as written by the class teacher.</summary>
    public required string IssuedTo { get; set; }
    public required string IssuedById { get; set; }
    public required string IssuedByName { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>
/// A private iCalendar feed (R-X-3) of a student's or a teacher's lessons. Only the token's SHA-256 is stored; the URL
/// is shown once when made. Revoking sets <see cref="RevokedAt"/> and the URL answers 404 from then on.
/// </summary>
public class CalendarFeed : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int? StudentId { get; set; }
    public int? StaffMemberId { get; set; }
    public required string TokenHash { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
