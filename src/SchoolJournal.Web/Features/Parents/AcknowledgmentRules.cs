namespace SchoolJournal.Web.Features.Parents;

/// <summary>
/// What a parent has not acknowledged yet (R-DIARY-4): a mark counts as acknowledged when one of the parent's
/// «Ознакомлен» rows covers its lesson's date and was pressed after the mark was last written (created or changed).
/// Visits do not acknowledge.
/// </summary>
public static class AcknowledgmentRules
{
    /// <param name="LessonDate">The date of the mark's lesson.</param>
    /// <param name="WrittenAtMs">When the mark was written last: its UpdatedAt, else its CreatedAt (Unix ms).</param>
    public sealed record MarkStamp(DateOnly LessonDate, long WrittenAtMs);

    /// <summary>One «Ознакомлен» of the parent: the dates it covers and when it was pressed (Unix ms).</summary>
    public sealed record Acknowledgment(DateOnly From, DateOnly To, long AtMs);

    public static bool IsAcknowledged(MarkStamp mark, IEnumerable<Acknowledgment> acknowledgments) =>
        acknowledgments.Any(a => a.From <= mark.LessonDate && mark.LessonDate <= a.To && a.AtMs > mark.WrittenAtMs);

    public static IReadOnlyList<MarkStamp> Unacknowledged(IEnumerable<MarkStamp> marks, IReadOnlyCollection<Acknowledgment> acknowledgments) =>
        [.. marks.Where(m => !IsAcknowledged(m, acknowledgments))];

    /// <summary>The Mondays of the weeks that hold these marks, in order.</summary>
    public static IReadOnlyList<DateOnly> Weeks(IEnumerable<MarkStamp> marks) =>
        [.. marks.Select(m => WeekStart(m.LessonDate)).Distinct().Order()];

    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static long WrittenAtMs(DateTimeOffset createdAt, DateTimeOffset? updatedAt) =>
        (updatedAt is { } u && u > createdAt ? u : createdAt).ToUnixTimeMilliseconds();
}
