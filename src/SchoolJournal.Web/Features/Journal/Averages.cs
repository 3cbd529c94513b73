namespace SchoolJournal.Web.Features.Journal;

/// <summary>The school's rounding thresholds for the suggested period grade (R-JRN-5): an average at or above <see cref="Five"/> suggests «5»
/// …</summary>
public sealed record GradeThresholds(decimal Five = 4.6m, decimal Four = 3.6m, decimal Three = 2.6m)
{
    public static readonly GradeThresholds Default = new();
}

/// <summary>
/// A mark as an average counts it: its journal (the lesson's group), its student, its value and its work type's weight.
/// Init properties rather than a constructor, so a query can still filter or join on them after the projection.
/// </summary>
public sealed record CountedMark
{
    public int GroupId { get; init; }
    public int StudentId { get; init; }
    public required string Value { get; init; }
    public decimal Weight { get; init; }
}

/// <summary>Weighted averages of marks and the period grade they suggest.</summary>
public static class Averages
{
    /// <summary>
    /// The marks a period's averages count: lessons from <paramref name="start"/> to <paramref name="end"/>, cancelled
    /// ones left out. A query, so a caller narrows it (a group, a student, a class) and the database does the reading.
    /// </summary>
    public static IQueryable<CountedMark> Counted(IQueryable<Mark> marks, DateOnly start, DateOnly end) =>
        marks.Where(m => m.Lesson!.Date >= start && m.Lesson.Date <= end && m.Lesson.Status != LessonStatus.Cancelled)
            .Select(m => new CountedMark
            {
                GroupId = m.Lesson!.TeachingGroupId, StudentId = m.StudentId, Value = m.Value, Weight = m.WorkType!.Weight,
            });

    /// <summary>
    /// One rule, one number: a student's average is taken per journal (teaching group), never across two. A student
    /// who moved class mid-period has one average in the old class's journal and one in the new; the journal, the
    /// diary and the reports all show these.
    /// </summary>
    public static Dictionary<(int StudentId, int GroupId), decimal?> PerJournal(IEnumerable<CountedMark> marks) =>
        marks.GroupBy(m => (m.StudentId, m.GroupId)).ToDictionary(g => g.Key, g => Weighted(g.Select(m => (m.Value, m.Weight))));

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
