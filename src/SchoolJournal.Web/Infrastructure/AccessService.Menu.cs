using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The main menu: which sections the user sees, each by the rule of the pages it leads to.</summary>
public sealed partial class AccessService
{
    public sealed record MenuItems(bool Journals, bool Overdue, bool Year, bool Diary, bool ControlWorks, bool Notifications,
        bool Parents, bool Extracts, bool Calendar, bool Accounts, bool ApiDocs, bool Incidents, bool Reports, bool Backups,
        bool Credentials, bool Settings, bool Import, bool Export, bool Duties, bool JournalPrint = false, bool Outages = false,
        bool BlankForms = false, bool SchoolRoles = false, bool Certificates = false, bool ArchiveSignatures = false,
        bool OneRosterClients = false);

    private MenuItems? _menu;

    /// <summary>Once per request (the service is scoped), from the user's roles alone: the layout reads no database.</summary>
    public MenuItems Menu => _menu ??= BuildMenu();

    private MenuItems BuildMenu()
    {
        var family = user.IsInAnyRole(Roles.Student, Roles.Parent);
        return new MenuItems(
            Journals: ReadsJournals,
            // The administration sees every teacher's overdue entries there.
            Overdue: WritesJournals || ReadsSchoolReports,
            Year: IsStaff,
            Diary: family,
            // Staff find the ВШК schedule under «Учебный год».
            ControlWorks: family && !IsStaff,
            Notifications: ChoosesNotifications,
            Parents: KeepsParentRegisters,
            Extracts: IssuesExtracts,
            Calendar: user.IsInAnyRole(Roles.Student, Roles.Parent, Roles.Teacher),
            Accounts: CanManageAccounts,
            ApiDocs: IsStaff,
            Incidents: HandlesIncidents,
            Reports: ReadsReports,
            // The page itself also asks whether the deployment holds his school alone (ManagesBackupsAsync).
            Backups: Has(Permission.ManageBackups),
            Credentials: IssuesCredentials,
            Settings: ChangesSchoolSettings,
            Import: CanImport,
            Export: CanExport,
            Duties: AppointsStaff,
            JournalPrint: PrintsYearJournals,
            Outages: RegistersOutages,
            BlankForms: PrintsBlankForms,
            SchoolRoles: ConfiguresRoles,
            Certificates: ManagesCertificates,
            ArchiveSignatures: PrintsYearJournals,
            OneRosterClients: ManagesOneRosterClients);
    }
}
