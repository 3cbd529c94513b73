using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Year index page in the access matrix; each Year area's routes sit in its own folder.
public sealed partial class AccessMatrixTests
{
    private static Row[] YearIndexRows =>
    [
        new("PAGE /Year", _ => "/Year", Only(Staff)),
        new("PAGE /Year/Index", _ => "/Year/Index", Only(Staff)),
    ];
}
