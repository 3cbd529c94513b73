namespace SchoolJournal.Web.Infrastructure;

/// <summary>RFC 7807 answers with a Russian title and a detail the user can act on (API.md).</summary>
public static class ApiProblem
{
    public static IResult BadRequest(string title, string detail) => Of(StatusCodes.Status400BadRequest, title, detail);

    public static IResult Forbidden(string title, string detail) => Of(StatusCodes.Status403Forbidden, title, detail);

    public static IResult NotFound(string title, string? detail = null) => Of(StatusCodes.Status404NotFound, title, detail);

    public static IResult Conflict(string title, string detail) => Of(StatusCodes.Status409Conflict, title, detail);

    public static IResult TooLong(string what, int max) => BadRequest($"{what}: слишком длинный текст", $"{what} — не больше {max} символов.");

    public static IResult Of(int status, string title, string? detail) => Results.Problem(title: title, detail: detail, statusCode: status);
}

public static class ProblemMetadata
{
    /// <summary>The problem details an endpoint may answer with (400, 403, 404, 409 …), for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }

    /// <summary>The same for every endpoint of a group.</summary>
    public static RouteGroupBuilder ProducesProblems(this RouteGroupBuilder group, params int[] statuses)
    {
        foreach (var status in statuses) group.ProducesProblem(status);
        return group;
    }
}
