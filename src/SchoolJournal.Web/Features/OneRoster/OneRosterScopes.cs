namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// The OAuth 2.0 scopes of the OneRoster 1.2 REST binding this school answers, as the official OpenAPI files' securitySchemes spell them:
/// the read-only ones of the Rostering and Gradebook services (nothing here writes).
/// </summary>
public static class OneRosterScopes
{
    private const string Prefix = "https://purl.imsglobal.org/spec/or/v1p2/scope/";
    public const string RosterCore = Prefix + "roster-core.readonly";
    public const string Roster = Prefix + "roster.readonly";
    public const string Demographics = Prefix + "roster-demographics.readonly";
    public const string GradebookCore = Prefix + "gradebook-core.readonly";
    public const string Gradebook = Prefix + "gradebook.readonly";

    /// <summary>Every scope a client may be given, with what it opens in the administrator's words.</summary>
    public static readonly IReadOnlyList<(string Scope, string Name)> All =
    [
        (RosterCore, "основные списки: школа, периоды, курсы, классы, люди, зачисления"),
        (Roster, "все списки, в том числе вложенные (ученики класса, классы учителя)"),
        (Demographics, "даты рождения и пол учеников, родители которых дали согласие"),
        (GradebookCore, "отметки: виды работ, работы, результаты"),
        (Gradebook, "отметки, в том числе по классу и по ученику"),
    ];

    public static bool IsKnown(string scope) => All.Any(s => s.Scope == scope);

    /// <summary>The scope's short name for the page: «roster-core.readonly».</summary>
    public static string Short(string scope) => scope.StartsWith(Prefix, StringComparison.Ordinal) ? scope[Prefix.Length..] : scope;

    public static string[] Split(string? scopes) => (scopes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
