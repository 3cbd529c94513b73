namespace SchoolJournal.Web.Domain;

public enum PositionKind
{
    Director = 1,
    Deputy = 2,
    Teacher = 3,
    SystemAdministrator = 4,
    Psychologist = 5,
    SocialPedagogue = 6,
    Librarian = 7,
    Other = 99,
}

/// <summary>A person of the school with a name and, possibly, a login: a member of staff, a student or a parent.</summary>
public abstract class Person : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public string? UserId { get; set; }
    public required string LastName { get; set; }
    public required string FirstName { get; set; }
    public string? MiddleName { get; set; }

    public string FullName => PersonName.Full(LastName, FirstName, MiddleName);
}

/// <summary>Сотрудник. A person may hold several positions (a deputy who also teaches).</summary>
public class StaffMember : Person
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>СНИЛС: the key an import of staff matches a member by when the file gives it.</summary>
    public string? Snils { get; set; }
    public DateOnly? HiredOn { get; set; }
    public DateOnly? DismissedOn { get; set; }
    public List<StaffPosition> Positions { get; set; } = [];

    public string ShortName => PersonName.Short(LastName, FirstName, MiddleName);
}

public class StaffPosition
{
    public int Id { get; set; }
    public int StaffMemberId { get; set; }
    public PositionKind Kind { get; set; }
    /// <summary>Title as in the staff list: «учитель математики», «заместитель директора по УВР».</summary>
    public required string Title { get; set; }
    public decimal Rate { get; set; } = 1m;
}

public enum Gender
{
    Male = 1,
    Female = 2,
}

/// <summary>Обучающийся.</summary>
public class Student : Person
{
    public DateOnly BirthDate { get; set; }
    /// <summary>СНИЛС, «123-456-789 64»: the stable key an import matches a student by when the file gives it.</summary>
    public string? Snils { get; set; }
    public Gender Gender { get; set; }
    /// <summary>Адрес проживания, as the class teacher keeps it in the personal file (R-ROLE-3).</summary>
    public string? Address { get; set; }
    /// <summary>The identity document as written: «свидетельство о рождении II-МЮ № 123456», «паспорт 4520 123456».</summary>
    public string? IdentityDocument { get; set; }
    /// <summary>Группа здоровья, I–V (1–5), from the medical record; health data: read only by those who keep the file.</summary>
    public int? HealthGroup { get; set; }
    /// <summary>Физкультурная группа from the medical record.</summary>
    public PhysicalEducationGroup? PhysicalEducationGroup { get; set; }
    public List<Enrolment> Enrolments { get; set; } = [];
    public List<StudentParent> Parents { get; set; } = [];
}

/// <summary>Физкультурная группа: основная, подготовительная, специальная медицинская.</summary>
public enum PhysicalEducationGroup
{
    Main = 1,
    Preparatory = 2,
    Special = 3,
}

/// <summary>A duty the director appoints a member of staff to by an order (R-ROLE-1); the access service honours it.</summary>
public enum StaffDutyKind
{
    /// <summary>Ответственный за ведение электронного журнала: reads every journal and the journal-keeping control.</summary>
    JournalKeeping = 1,
    /// <summary>Ответственный за резервное копирование: makes and restores backups, runs the integrity check.</summary>
    Backups = 2,
    /// <summary>Ответственный за выдачу логинов: issues logins and initial passwords for every class.</summary>
    Credentials = 3,
}

/// <summary>
/// «Назначение ответственного» (R-ROLE-1, seed 004): a member of staff appointed to a duty from a day, by an order, until the
/// appointment ends. While it lasts the access service grants the duty's permissions.
/// </summary>
public class StaffDuty : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public StaffDutyKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    /// <summary>The order it was made by: «приказ № 112 от 29.08.2026».</summary>
    public string? Order { get; set; }
    public required string AppointedById { get; set; }
    public required string AppointedByName { get; set; }
    public DateTimeOffset AppointedAt { get; set; }
}

/// <summary>
/// A role the school defines (R-ROLE-8): «педагог-психолог», «библиотекарь», «социальный педагог»… — a name and the permissions
/// the access service understands (<c>Infrastructure.Permission</c>, stored as its flags). Its members get those permissions as
/// claims at sign-in, on top of their built-in roles.
/// </summary>
public class SchoolRole : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The granted permissions' flags (<c>Infrastructure.Permission</c>).</summary>
    public long Permissions { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SchoolRoleMember> Members { get; set; } = [];
}

/// <summary>An account holding a school's configured role.</summary>
public class SchoolRoleMember
{
    public int SchoolRoleId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>
/// A staff member's X.509 certificate for the electronic signature (R-JRN-11): the public certificate, and the private key
/// when the school imported a PFX for him — kept only encrypted by the app's data-protection keys, never in plain form.
/// </summary>
public class StaffCertificate : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The login that signs with it.</summary>
    public required string UserId { get; set; }
    public required string Subject { get; set; }
    public required string Issuer { get; set; }
    public required string SerialNumber { get; set; }
    /// <summary>SHA-1 thumbprint, upper-case hex, as Windows and КриптоПро show it.</summary>
    public required string Thumbprint { get; set; }
    /// <summary>The key's algorithm as the certificate names it: «RSA», «ECDSA», «ГОСТ Р 34.10-2012»…</summary>
    public required string KeyAlgorithm { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public DateTimeOffset NotAfter { get; set; }
    /// <summary>The certificate, DER.</summary>
    public required byte[] RawData { get; set; }
    /// <summary>The PFX with its private key, protected by ASP.NET Core data protection; null when only the public part is known.</summary>
    public byte[]? ProtectedPfx { get; set; }
    public required string ImportedById { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>Withdrawn: no longer signs; signatures made before stay valid.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>What a signature covers.</summary>
public enum SignatureKind
{
    /// <summary>A teacher's journal of one group for one study period (R-JRN-11).</summary>
    GroupPeriodJournal = 1,
    /// <summary>The director's signature of a year's archive package (its manifest).</summary>
    YearArchive = 2,
}

/// <summary>
/// An electronic signature: a detached CMS/PKCS#7 over a document whose SHA-256 is kept here, so a later check can tell
/// «signed and unchanged» from «changed after signing».
/// </summary>
public class JournalSignature : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public SignatureKind Kind { get; set; }
    /// <summary>The group (for a journal) — null for an archive.</summary>
    public int? TeachingGroupId { get; set; }
    /// <summary>The study period (for a journal) — null for an archive.</summary>
    public int? StudyPeriodId { get; set; }
    /// <summary>The academic year (both kinds).</summary>
    public int AcademicYearId { get; set; }
    public int StaffCertificateId { get; set; }
    public required string SignerId { get; set; }
    public required string SignerName { get; set; }
    /// <summary>SHA-256 of the signed document, lower-case hex.</summary>
    public required string ContentSha256 { get; set; }
    /// <summary>The detached CMS (PKCS#7) signature, DER.</summary>
    public required byte[] Cms { get; set; }
    public DateTimeOffset SignedAt { get; set; }
}

/// <summary>
/// An identifier another system gave one of the school's rows (R-X-1, R-X-3): a OneRoster <c>sourcedId</c> of a user, class,
/// course, org or academic session, so a later delta package finds the row it meant.
/// </summary>
public class ExternalId : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>Whose identifier: «oneroster».</summary>
    public required string System { get; set; }
    /// <summary>What it names, in that system's words: «user», «class», «course», «org», «academicSession».</summary>
    public required string Kind { get; set; }
    public required string Key { get; set; }
    /// <summary>Our row's kind: «student», «parent», «staff», «class», «group», «subject», «year», «period».</summary>
    public required string EntityType { get; set; }
    public int EntityId { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>Родитель или иной законный представитель.</summary>
public class Parent : Person
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>СНИЛС; like the e-mail and phone, shown only to the class teacher and the administration without consent (R-SEC-4).</summary>
    public string? Snils { get; set; }
    public List<StudentParent> Children { get; set; } = [];
}

public enum RepresentativeKind
{
    Mother = 1,
    Father = 2,
    Guardian = 3,
    Trustee = 4,
    Other = 9,
}

public class StudentParent
{
    public int StudentId { get; set; }
    public Student? Student { get; set; }
    public int ParentId { get; set; }
    public Parent? Parent { get; set; }
    public RepresentativeKind Kind { get; set; }
}

public enum EnrolmentReason
{
    Arrival = 1,
    Transfer = 2,
    Promotion = 3,
}

public enum LeaveReason
{
    Transfer = 1,
    Withdrawal = 2,
    Graduation = 3,
    Promotion = 4,
}

/// <summary>One stay of a student in a class: arrival, transfer and withdrawal are the ends of these rows.</summary>
public class Enrolment : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int StudentId { get; set; }
    public Student? Student { get; set; }
    public int SchoolClassId { get; set; }
    public SchoolClass? SchoolClass { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public EnrolmentReason Reason { get; set; }
    public LeaveReason? LeaveReason { get; set; }
    /// <summary>Приказ: number and date of the order.</summary>
    public string? Order { get; set; }
}

public static class PersonName
{
    public static string Full(string last, string first, string? middle) =>
        string.IsNullOrWhiteSpace(middle) ? $"{last} {first}" : $"{last} {first} {middle}";

    public static string Short(string last, string first, string? middle) =>
        string.IsNullOrWhiteSpace(middle) ? $"{last} {first[0]}." : $"{last} {first[0]}. {middle[0]}.";
}

public enum CredentialHolder
{
    Student = 1,
    Parent = 2,
    Staff = 3,
}

/// <summary>
/// One line of the ledger of logins and initial passwords handed out (R-SEC-3): who issued which login to whom and when.
/// The password itself is never kept here (Identity keeps its hash); a re-issue voids the line before it.
/// </summary>
public class CredentialIssue : ISchoolOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    public required string UserId { get; set; }
    public required string Login { get; set; }
    public CredentialHolder Holder { get; set; }
    /// <summary>The student's, parent's or staff member's id (by <see cref="Holder"/>).</summary>
    public int PersonId { get; set; }
    public required string PersonName { get; set; }
    /// <summary>The class it was issued for; null when the administrator issued it from the accounts page.</summary>
    public int? SchoolClassId { get; set; }
    public required string IssuedById { get; set; }
    public required string IssuedByName { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
}
