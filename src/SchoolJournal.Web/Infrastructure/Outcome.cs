namespace SchoolJournal.Web.Infrastructure;

/// <summary>A refused write or read: the API answers it as problem details, a page as its status or a message.</summary>
public sealed record Problem(int Status, string Title, string? Detail)
{
    public IResult ToResult() => Results.Problem(title: Title, detail: Detail, statusCode: Status);

    public static Problem NotFound(string title, string? detail = null) => new(StatusCodes.Status404NotFound, title, detail);

    public static Problem BadRequest(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);

    public static Problem TooLong(string what, int max) => BadRequest($"{what}: слишком длинный текст", $"{what} — не больше {max} символов.");
}

/// <summary>What a write or read gives back: its value, or the problem that refused it.</summary>
public readonly record struct Outcome<T>(T? Value, Problem? Problem)
{
    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Refused(Problem problem) => new(default, problem);

    public static implicit operator Outcome<T>(Problem problem) => Refused(problem);

    /// <summary>The API's answer: the problem details, or 200 with the value.</summary>
    public IResult ToResult() => ToResult(value => Results.Ok(value));

    /// <summary>The API's answer: the problem details, or what <paramref name="ok"/> makes of the value (201 with its address, 204 …).</summary>
    public IResult ToResult(Func<T, IResult> ok) => Problem is { } problem ? problem.ToResult() : ok(Value!);
}
