using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// What a role lets its holder do, as the access service understands it (R-ROLE-8). The built-in roles grant fixed
/// sets; a role the school configures grants the permissions listed in its role claims
/// (<see cref="JournalClaims.Permission"/>). Rules that hang on a person's links (his groups, his class, his children)
/// still need the link: a permission only opens the door to the rule.
/// </summary>
[Flags]
public enum Permission
{
    None = 0,
    /// <summary>The administration's reading and deciding for every class: journals, diaries, rosters, reopening periods.</summary>
    Administer = 1 << 0,
    /// <summary>The year's set-up: periods, catalogues, groups, curricula, timetable, substitutions.</summary>
    ManageYear = 1 << 1,
    /// <summary>Accounts, their history and the school's settings.</summary>
    ManageAccounts = 1 << 2,
    /// <summary>Reading the year's set-up and the API documentation: every member of staff.</summary>
    ReadYearSetup = 1 << 3,
    /// <summary>Writing the journals of the groups he teaches or substitutes in, reading his groups' journals.</summary>
    TeachGroups = 1 << 4,
    /// <summary>Leading a class: its roster, daily absences, class journal, parents' register, extracts, credentials.</summary>
    LeadClass = 1 << 5,
    /// <summary>Writing messages and recommendations about the students one works with.</summary>
    WriteMessages = 1 << 6,
    /// <summary>A private calendar feed of one's own lessons or of one's own (or one's children's) timetable.</summary>
    OwnCalendarFeed = 1 << 7,
    /// <summary>Every class's parents' register and anyone's calendar links: the administration and the system administrator.</summary>
    OverseeSchool = 1 << 8,
    /// <summary>Changing the school's settings (R-SEC-7): the director and the system administrator.</summary>
    ManageSettings = 1 << 9,
    /// <summary>Importing people and the school's structure from spreadsheets (R-X-1), and undoing an import: those who enrol
    /// students and set up the year — the director, the deputy and the system administrator.</summary>
    ImportData = 1 << 10,
    /// <summary>Taking users' support requests into work and answering them (R-DOC-2): the system administrator and the director.</summary>
    AnswerSupport = 1 << 11,
    /// <summary>Appointing staff to duties (R-ROLE-1): the director.</summary>
    AppointStaff = 1 << 12,
    /// <summary>Reading every journal and the journal-keeping control (the duty «ответственный за ведение ЭЖ»).</summary>
    OverseeJournals = 1 << 13,
    /// <summary>Backups, restores and the integrity check (the system administrator, the duty «ответственный за резервное копирование»).</summary>
    ManageBackups = 1 << 14,
    /// <summary>Issuing logins and initial passwords for every class (the duty «ответственный за выдачу логинов»).</summary>
    IssueAllCredentials = 1 << 15,
}

/// <summary>What each duty the director appoints to grants while the appointment lasts (R-ROLE-1).</summary>
public static class DutyPermissions
{
    public static Permission Of(Domain.StaffDutyKind duty) => duty switch
    {
        Domain.StaffDutyKind.JournalKeeping => Permission.OverseeJournals,
        Domain.StaffDutyKind.Backups => Permission.ManageBackups,
        Domain.StaffDutyKind.Credentials => Permission.IssueAllCredentials,
        _ => Permission.None,
    };
}

/// <summary>What each permission lets its holder do, in the words of the roles page (R-ROLE-8).</summary>
public static class PermissionTitles
{
    public static string Of(Permission p) => p switch
    {
        Permission.Administer => "Читать журналы, дневники и списки всех классов, решать за администрацию (открывать закрытые периоды)",
        Permission.ManageYear => "Настраивать учебный год: периоды, предметы, классы, группы, учебный план, расписание, замены",
        Permission.ManageAccounts => "Вести учётные записи: создавать, блокировать, сбрасывать пароли",
        Permission.ReadYearSetup => "Видеть настройки учебного года (периоды, расписание, КТП, график контрольных) — как сотрудник школы",
        Permission.TeachGroups => "Вести журналы групп, в которых он учитель или заменяет (по расписанию и нагрузке)",
        Permission.LeadClass => "Классное руководство — в классе, где он назначен классным руководителем",
        Permission.WriteMessages => "Писать сообщения и рекомендации родителям учеников, с которыми работает",
        Permission.OwnCalendarFeed => "Личная ссылка на календарь своих уроков",
        Permission.OverseeSchool => "Видеть реестр родителей и их контакты во всех классах",
        Permission.ManageSettings => "Менять настройки школы",
        Permission.ImportData => "Загружать и выгружать данные школы (импорт и экспорт)",
        Permission.AnswerSupport => "Отвечать на обращения пользователей",
        Permission.AppointStaff => "Назначать ответственных",
        Permission.OverseeJournals => "Читать журналы всех классов без права записи, контроль ведения журналов",
        Permission.ManageBackups => "Резервные копии, восстановление и проверка целостности",
        Permission.IssueAllCredentials => "Выдавать логины и первичные пароли ученикам и родителям любого класса",
        _ => p.ToString(),
    };

    /// <summary>Every single permission, in the order the page lists them.</summary>
    public static readonly Permission[] All = [.. Enum.GetValues<Permission>().Where(p => p != Permission.None)];
}

/// <summary>The permissions of the built-in roles: the rules the access matrix has always held them to.</summary>
public static class RolePermissions
{
    public static Permission Of(string role) => role switch
    {
        Roles.Director => Permission.Administer | Permission.ManageYear | Permission.ReadYearSetup | Permission.OverseeSchool
            | Permission.ManageSettings | Permission.ImportData | Permission.AnswerSupport | Permission.AppointStaff,
        Roles.Deputy => Permission.Administer | Permission.ManageYear | Permission.ReadYearSetup | Permission.OverseeSchool
            | Permission.ImportData,
        Roles.SysAdmin => Permission.ManageYear | Permission.ManageAccounts | Permission.ReadYearSetup | Permission.OverseeSchool
            | Permission.ManageSettings | Permission.ImportData | Permission.AnswerSupport | Permission.ManageBackups,
        Roles.ClassTeacher => Permission.LeadClass | Permission.ReadYearSetup | Permission.WriteMessages | Permission.OwnCalendarFeed,
        Roles.Teacher => Permission.TeachGroups | Permission.ReadYearSetup | Permission.WriteMessages | Permission.OwnCalendarFeed,
        Roles.Student or Roles.Parent => Permission.OwnCalendarFeed,
        _ => Permission.None,
    };

    /// <summary>A permission's code in role claims and in the API.</summary>
    public static string Code(Permission p) => char.ToLowerInvariant(p.ToString()[0]) + p.ToString()[1..];

    public static Permission? Parse(string? code) =>
        Enum.TryParse<Permission>(code, ignoreCase: true, out var p) && p != Permission.None && Enum.IsDefined(p) ? p : null;
}
