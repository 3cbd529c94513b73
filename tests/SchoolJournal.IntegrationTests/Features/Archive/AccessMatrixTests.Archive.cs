using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// Backups and the integrity check in the access matrix: the system administrator of a one-school deployment.
public sealed partial class AccessMatrixTests
{
    private static Row[] ArchiveRows =>
    [
        new("PAGE /Admin/Backups", _ => "/Admin/Backups", Only(Roles.SysAdmin)),
        // The annual print of the journals: the school's administration (AccessService.PrintsYearJournals).
        new("PAGE /Admin/Archive/Journals", _ => "/Admin/Archive/Journals", Only(Roles.Director, Roles.Deputy, Roles.SysAdmin)),
        // The year's archive and its retention report: the same administration (AccessService.PrintsYearJournals).
        new("PAGE /Admin/Archive/Year", _ => "/Admin/Archive/Year", Only(Roles.Director, Roles.Deputy, Roles.SysAdmin)),
        // Work without the system: the outage register (AccessService.RegistersOutages) and the blank forms (PrintsBlankForms).
        new("PAGE /Admin/Outages", _ => "/Admin/Outages", Only(Roles.Director, Roles.SysAdmin)),
        new("PAGE /Journal/BlankForms", _ => "/Journal/BlankForms", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
    ];
}
