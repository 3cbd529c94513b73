namespace SchoolJournal.Web.Features.Journal;

/// <summary>The values a mark may take in a grading system; the special marks «осв» and «н/а» exist in every one.</summary>
public static class MarkScale
{
    /// <summary>«осв» (освобождён) and «н/а» (не аттестован): allowed everywhere, never counted in an average.</summary>
    public static readonly IReadOnlyList<string> Special = ["осв", "н/а"];

    /// <summary>The proper marks of a scale, lowest first.</summary>
    public static IReadOnlyList<string> Marks(GradingKind kind) => kind switch
    {
        GradingKind.FivePoint => Numbers(5),
        GradingKind.TenPoint => Numbers(10),
        GradingKind.PassFail => ["зач", "незач"],
        _ => [],
    };

    public static IReadOnlyList<string> Allowed(GradingKind kind) => [.. Marks(kind), .. Special];

    /// <summary>The value as the journal stores it (trimmed, lower case), or null when the scale has no such mark.</summary>
    public static string? Normalize(GradingKind kind, string? value)
    {
        var v = value?.Trim().ToLowerInvariant();
        return v is not null && Allowed(kind).Contains(v) ? v : null;
    }

    /// <summary>A message a teacher can act on: what was typed and what the group's system allows.</summary>
    public static string Error(GradingKind kind, string? value) =>
        $"Отметка «{value?.Trim()}» не входит в систему оценивания {KindName(kind)}. Допустимые " +
            $"отметки: {string.Join(", ", Allowed(kind).Select(v => $"«{v}»"))}.";

    private static string KindName(GradingKind kind) => kind switch
    {
        GradingKind.FivePoint => "«пятибалльная»",
        GradingKind.TenPoint => "«десятибалльная»",
        GradingKind.PassFail => "«зачёт/незачёт»",
        _ => "«безотметочное обучение» (текущие отметки не ставятся)",
    };

    private static string[] Numbers(int max) =>
        [.. Enumerable.Range(1, max).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
