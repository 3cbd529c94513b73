using System.Globalization;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>The school's rounding thresholds for the suggested period grade (R-JRN-5): an average at or above <see cref="Five"/> suggests «5»
/// …</summary>
public sealed record GradeThresholds(decimal Five = 4.6m, decimal Four = 3.6m, decimal Three = 2.6m)
{
    public static readonly GradeThresholds Default = new();
}

/// <summary>Weighted averages of marks and the period grade they suggest.</summary>
public static class Averages
{
    /// <summary>
    /// Σ(mark × weight) / Σ(weight) over the numeric marks, rounded to 2 decimals as the journal shows it;
    /// special and pass/fail marks are not numbers and do not count. Null when nothing counts.
    /// </summary>
    public static decimal? Weighted(IEnumerable<(string Value, decimal Weight)> marks)
    {
        decimal sum = 0, weights = 0;
        foreach (var (value, weight) in marks)
        {
            if (weight <= 0 || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) continue;
            sum += n * weight;
            weights += weight;
        }
        return weights == 0 ? null : Math.Round(sum / weights, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The five-point period grade an average suggests. It takes the rounded average the teacher sees, so a shown
    /// 4.60 never suggests «4».
    /// </summary>
    public static string? SuggestedGrade(decimal? average, GradeThresholds? thresholds = null)
    {
        if (average is not decimal a) return null;
        var t = thresholds ?? GradeThresholds.Default;
        return a >= t.Five ? "5" : a >= t.Four ? "4" : a >= t.Three ? "3" : "2";
    }
}
