using System.Net.Http.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The school's settings in the access matrix: staff read them, the director and the system administrator change them.
public sealed partial class AccessMatrixTests
{
    private static Row[] SettingsRows =>
    [
        new("GET /api/v1/school/settings", _ => "/api/v1/school/settings", Only(Staff)),
        // The page: staff read it, the director and the system administrator find it in the menu and save it.
        new("PAGE /Admin/Settings", _ => "/Admin/Settings", Only(Staff)),
        // The world's own values: the writers change nothing and get 200.
        new("PUT /api/v1/school/settings", _ => "/api/v1/school/settings", Writers(Roles.Director, Roles.SysAdmin),
            _ => JsonContent.Create(new
            {
                name = "МБОУ «СОШ № 1»", shortName = "МБОУ «СОШ № 1»", timeZone = "Europe/Moscow",
                gradeThresholds = new { five = 4.6m, four = 3.6m, three = 2.6m },
                exemptCountedInProgress = true, controlWorksPerWeekLimit = 3, requireTwoFactorForAdministration = false,
            })),
    ];
}
