namespace SchoolJournal.Web.Domain;

/// <summary>A class name from its grade and letter, sorted the way a school lists them (5А before 10А).</summary>
public sealed record ClassName(int Grade, string Letter)
{
    public override string ToString() => $"{Grade}{Letter}";

    public static string Join(IEnumerable<ClassName> classes) =>
        string.Join(", ", classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter, StringComparer.Ordinal));
}
