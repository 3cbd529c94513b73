using System.Text.Json.Nodes;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The OneRoster REST binding's error body, <c>imsx_StatusInfo</c>: code major «failure», severity «error», a Russian description and one code minor
/// from the 1.2 vocabulary (invalid_filter_field, invalid_selection_field, invaliddata, unauthorisedrequest, forbidden, unknownobject,
/// server_busy). The 1.2 vocabulary has no code for a bad sort field: it is answered as invalid_selection_field.
/// </summary>
public sealed record ImsStatus(int Status, string CodeMinor, string Description)
{
    public static ImsStatus BadFilter(string description) => new(StatusCodes.Status400BadRequest, "invalid_filter_field", description);

    public static ImsStatus BadSelection(string description) => new(StatusCodes.Status400BadRequest, "invalid_selection_field", description);

    public static ImsStatus BadData(string description) => new(StatusCodes.Status400BadRequest, "invaliddata", description);

    public static ImsStatus Unknown(string what, string sourcedId) =>
        new(StatusCodes.Status404NotFound, "unknownobject", $"{what} с sourcedId «{sourcedId}» нет.");

    public static readonly ImsStatus Unauthorised = new(StatusCodes.Status401Unauthorized, "unauthorisedrequest",
        "Нужен действующий маркер доступа (Authorization: Bearer …), выданный по client_credentials; маркер истёк, неверен или клиент отозван.");

    public static ImsStatus Forbidden(IEnumerable<string> scopes) => new(StatusCodes.Status403Forbidden, "forbidden",
        $"Маркеру не выдана ни одна из областей этой операции: {string.Join(", ", scopes)}.");

    public static readonly ImsStatus TooMany = new(StatusCodes.Status429TooManyRequests, "server_busy",
        "Слишком много запросов за минуту: повторите позже.");

    public JsonObject Body() => new()
    {
        ["imsx_codeMajor"] = "failure",
        ["imsx_severity"] = "error",
        ["imsx_description"] = Description,
        ["imsx_CodeMinor"] = new JsonObject
        {
            ["imsx_codeMinorField"] = new JsonArray(new JsonObject
            {
                ["imsx_codeMinorFieldName"] = "TargetEndSystem",
                ["imsx_codeMinorFieldValue"] = CodeMinor,
            }),
        },
    };

    public IResult ToResult() => new Answer(this);

    private sealed class Answer(ImsStatus status) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status.Status;
            if (status.Status == StatusCodes.Status401Unauthorized)
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"oneroster\", error=\"invalid_token\"";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(status.Body().ToJsonString());
        }
    }
}
