namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The values of an enum with their API codes and Russian names, in the order a form lists them: read from a code
/// (any case), a Russian name or a number, written as a code or a name.
/// </summary>
public sealed class CodeTable<T>(params CodeTable<T>.Row[] rows) : IReadOnlyList<CodeTable<T>.Row> where T : struct, Enum
{
    public sealed record Row(T Value, string Code, string Name);

    /// <summary>The value a code, a Russian name or a number stands for; null when it is none of them.</summary>
    public T? Parse(string? given)
    {
        var text = given?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        foreach (var row in rows)
            if (string.Equals(row.Code, text, StringComparison.OrdinalIgnoreCase) || string.Equals(row.Name, text, StringComparison.OrdinalIgnoreCase)
                || text == Convert.ToInt32(row.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))
                return row.Value;
        return null;
    }

    public string CodeOf(T value) => Find(value).Code;

    public string NameOf(T value) => Find(value).Name;

    private Row Find(T value) => rows.First(r => EqualityComparer<T>.Default.Equals(r.Value, value));

    public Row this[int index] => rows[index];

    public int Count => rows.Length;

    public IEnumerator<Row> GetEnumerator() => ((IEnumerable<Row>)rows).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
