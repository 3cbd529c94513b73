using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The home page in the access matrix.
public sealed partial class AccessMatrixTests
{
    private static Row[] HomeRows =>
    [
        new("PAGE /", _ => "/", SignedIn()),
    ];
}
