namespace SchoolJournal.Web.Domain;

/// <summary>Typed audit event codes, numbered in blocks by what changed (ARCHITECTURE decision 7).</summary>
public enum AuditEventType
{
    AccountCreated = 1000,
    AccountChanged = 1001,
    AccountLocked = 1002,
    PasswordChanged = 1003,
    /// <summary>A new initial password issued for an existing login (R-SEC-3): the old one is void; never the password itself.</summary>
    PasswordReset = 1004,
    AccountUnlocked = 1005,
    /// <summary>An account closed (a student who left): locked for good, kept; and reopened.</summary>
    AccountClosed = 1006,
    AccountReopened = 1007,
    /// <summary>An account reported compromised (R-SEC-5): locked, signed out; the event's id is the incident's.</summary>
    AccountCompromised = 1010,
    /// <summary>One operation of a compromised account undone; entity «audit», id = the operation's event.</summary>
    CompromiseRolledBack = 1011,
    AccountRestored = 1012,
    /// <summary>The second factor (an authenticator app's codes, R-SEC-8) switched on, off (by the person or the administrator),
    /// new recovery codes made, a recovery code used to sign in. Never the key or a code.</summary>
    TwoFactorEnabled = 1020,
    TwoFactorDisabled = 1021,
    RecoveryCodesRenewed = 1022,
    RecoveryCodeUsed = 1023,
    /// <summary>A role the school configures (R-ROLE-8): created, changed (name, permissions), deleted; a member added or removed.</summary>
    SchoolRoleCreated = 1030,
    SchoolRoleChanged = 1031,
    SchoolRoleDeleted = 1032,
    SchoolRoleMemberAdded = 1033,
    SchoolRoleMemberRemoved = 1034,

    MarkCreated = 2000,
    MarkChanged = 2001,
    MarkDeleted = 2002,
    /// <summary>Rows written in bulk without an event each (the demo school): entity «baseline», after: their kind and each row's state
    /// digest; <c>verify</c> holds them to it (decision record 0012).</summary>
    JournalBaseline = 2900,

    AttendanceSet = 3000,
    AttendanceCleared = 3001,
    DailyAbsenceSet = 3002,
    DailyAbsenceCleared = 3003,

    LessonChanged = 4000,
    HomeworkSet = 4001,
    HomeworkCleared = 4002,
    LessonMoved = 4003,
    LessonSubstituted = 4004,
    LessonCancelled = 4005,
    LessonRoomChanged = 4006,

    PeriodGradeSet = 5000,
    PeriodGradeDeleted = 5001,

    PeriodLocked = 6000,
    PeriodReopened = 6001,

    RosterChanged = 7000,
    /// <summary>Arrival, transfer or withdrawal of a student (R-YEAR-14).</summary>
    StudentMoved = 7001,
    /// <summary>The class teacher or the administration corrected a student's personal file (R-ROLE-3): entity «student».</summary>
    StudentCardChanged = 7002,
    /// <summary>The director appointed a member of staff to a duty or ended the appointment (R-ROLE-1): entity «staff-duty».</summary>
    StaffDutyAppointed = 7003,
    StaffDutyEnded = 7004,

    /// <summary>A teacher's message or recommendation to a student or his parents (R-JRN-10).</summary>
    MessageSent = 7100,

    /// <summary>The diary (R-DIARY, R-SEC-4): a consent or refusal registered, a parent's contacts changed, a paper
    /// extract issued, a calendar feed made or revoked, a parent's notification preferences changed.</summary>
    ConsentRecorded = 7200,
    ParentContactsChanged = 7201,
    ExtractIssued = 7300,
    CalendarFeedCreated = 7400,
    CalendarFeedRevoked = 7401,
    NotificationPreferencesChanged = 7500,

    /// <summary>A support request sent (R-DOC-2; after: subject and page, never the text), and its status or answer changed.</summary>
    SupportRequestSent = 7600,
    SupportRequestChanged = 7601,

    /// <summary>A record of the year set-up (period, holiday, subject, room, class, group, curriculum, timetable entry…) created, changed,
    /// deleted.</summary>
    SetupCreated = 8000,
    SetupChanged = 8001,
    SetupDeleted = 8002,
    /// <summary>Lessons generated from the timetable (entity «timetable», after: counts).</summary>
    LessonsGenerated = 8003,
    ThematicPlanImported = 8004,
    YearRolledOver = 8005,
    /// <summary>A spreadsheet import confirmed (entity «import», id = the batch; after: kind, file hash, counts) and undone as a whole.</summary>
    ImportConfirmed = 8006,
    ImportUndone = 8007,
    /// <summary>A list or package of the school downloaded (entity «export», id = the list; after: list, format, row counts — no names).</summary>
    DataExported = 8008,
    /// <summary>A OneRoster package imported (entity «import»; mode bulk or delta, counts per file — no names).</summary>
    OneRosterImported = 8009,
    /// <summary>A OneRoster import undone as a whole (entity «import»; counts removed and restored).</summary>
    OneRosterImportUndone = 8010,
    /// <summary>A OneRoster REST client registered or revoked (entity «oneroster-client»; name, client id, scopes — never the secret).</summary>
    OneRosterClientRegistered = 8011,
    OneRosterClientRevoked = 8012,
    /// <summary>A package for the regional system or the state portal built (entity «regional-export»; recipient, period, counts, SHA-256).</summary>
    RegionalExported = 8013,
    /// <summary>The whole school exported as one archive (entity «school»; tables, rows, SHA-256 of the manifest) and read into a fresh
    /// installation.</summary>
    SchoolExported = 8014,
    SchoolImported = 8015,

    /// <summary>The school's parameters (R-SEC-7): name, time zone, grade thresholds, progress rule (before/after: all of them).</summary>
    SchoolSettingsChanged = 8100,

    /// <summary>Работа без системы (R-ARCH-5): an outage registered or deleted (entity «outage»; before/after: its days and reason).</summary>
    SystemOutageRegistered = 8200,
    SystemOutageDeleted = 8201,
    /// <summary>A staff certificate imported (entity «certificate»; subject, thumbprint, validity — never the key) or withdrawn.</summary>
    CertificateImported = 8300,
    CertificateRevoked = 8301,
    /// <summary>A journal of a group for a period, or a year's archive, signed (entity «signature»; what, whose certificate, SHA-256).</summary>
    JournalSigned = 8302,
    ArchiveSigned = 8303,
    /// <summary>A year closed and its archive package built (entity «year»; files, sizes, SHA-256 of the manifest).</summary>
    YearArchived = 8400,
    /// <summary>A year rolled over before its last day, with the reason given (entity «year»).</summary>
    YearClosedEarly = 8401,
    /// <summary>A part of a year's archive (journals, summary sheets, data) destroyed after its retention (entity «year»; part, files).</summary>
    ArchivePartDestroyed = 8402,

    AccessRefused = 9000,
}

/// <summary>
/// One appended fact of the audit log: who changed what, when, from where, before and after (JSON).
/// Events of a school form a hash chain: <see cref="Hash"/> covers the fields and <see cref="PreviousHash"/>.
/// </summary>
public class AuditEvent : ISchoolOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>Position in the school's chain, from 1.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditEventType Type { get; set; }
    public string? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public string? Ip { get; set; }
    /// <summary>«mark», «attendance», «lesson», «periodGrade», «periodLock» …</summary>
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Reason { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>A group's study period closed for the teacher (R-JRN-6); reopening keeps the row with who and why.</summary>
public class PeriodLock : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TeachingGroupId { get; set; }
    public int StudyPeriodId { get; set; }
    public DateTimeOffset LockedAt { get; set; }
    public string? LockedById { get; set; }
    public DateTimeOffset? ReopenedAt { get; set; }
    public string? ReopenedById { get; set; }
    public string? ReopenReason { get; set; }

    public bool IsActive => ReopenedAt is null;
}
