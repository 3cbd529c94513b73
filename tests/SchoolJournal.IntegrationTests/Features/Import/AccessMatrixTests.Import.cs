using System.Text;

namespace SchoolJournal.IntegrationTests.Features;

// The import routes in the access matrix (R-X-1): those who manage the year import; the bodies are refused as bad input (a header-only
// file, a batch that does not exist), so nothing is written whoever calls.
public sealed partial class AccessMatrixTests
{
    private static Row[] ImportRows =>
    [
        new("POST /api/v1/imports/{kind}/preview", _ => "/api/v1/imports/classes/preview", Writers(YearManagers), _ => HeaderOnly()),
        new("POST /api/v1/imports/{batchId:int}/confirm", _ => "/api/v1/imports/999999/confirm", Writers(YearManagers)),
        new("POST /api/v1/imports/{batchId:int}/undo", _ => "/api/v1/imports/999999/undo", Writers(YearManagers)),
        new("GET /api/v1/imports/templates/{kind}", _ => "/api/v1/imports/templates/students?format=csv", Only(YearManagers)),
        new("PAGE /Admin/Import", _ => "/Admin/Import", Only(YearManagers)),
        new("POST /api/v1/imports/oneroster", _ => "/api/v1/imports/oneroster?dryRun=true", Writers(YearManagers), _ => NotAZip()),
        new("PAGE /Admin/Import/OneRoster", _ => "/Admin/Import/OneRoster", Only(YearManagers)),
    ];

    private static MultipartFormDataContent NotAZip() =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes("это не архив")), "file", "пакет.zip" } };

    private static MultipartFormDataContent HeaderOnly() =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes("Класс;Смена;Дней в неделе\n")), "file", "классы.csv" } };
}
