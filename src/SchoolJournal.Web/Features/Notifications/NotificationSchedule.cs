namespace SchoolJournal.Web.Features.Notifications;

/// <summary>When a notification may go out: quiet hours for SMS, the daily digest's hour, the retry backoff (school time).</summary>
public static class NotificationSchedule
{
    /// <summary>After this many failed attempts a notification is given up (Failed).</summary>
    public const int MaxAttempts = 8;

    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60),
         TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8)];

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: 1, 5, 15, 60 minutes, then 2, 4, 8 hours.</summary>
    public static TimeSpan RetryDelay(int attempts) => Backoff[Math.Clamp(attempts, 1, Backoff.Length) - 1];

    /// <summary>Whether <paramref name="time"/> falls in the quiet hours from <paramref name="from"/> to <paramref name="to"/> (may wrap midnight;
    /// equal ends: no quiet hours).</summary>
    public static bool IsQuiet(TimeOnly time, TimeOnly from, TimeOnly to) =>
        from < to ? time >= from && time < to
        : from > to && (time >= from || time < to);

    /// <summary>When an SMS written at <paramref name="now"/> may go out: now, or the end of the quiet hours (school time).</summary>
    public static DateTimeOffset SmsDue(DateTimeOffset now, TimeZoneInfo zone, TimeOnly quietFrom, TimeOnly quietTo)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!IsQuiet(time, quietFrom, quietTo)) return now;
        var date = DateOnly.FromDateTime(local.DateTime);
        // Before midnight the quiet hours end tomorrow; after it (or when they do not wrap), today.
        if (quietFrom > quietTo && time >= quietFrom) date = date.AddDays(1);
        return At(date, quietTo, zone);
    }

    /// <summary>The first digest hour after <paramref name="now"/> (school time): today's if it is still ahead, else tomorrow's.</summary>
    public static DateTimeOffset NextDigest(DateTimeOffset now, TimeZoneInfo zone, TimeOnly digestAt)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= digestAt) date = date.AddDays(1);
        return At(date, digestAt, zone);
    }

    /// <summary>The latest weekly digest moment at or before <paramref name="now"/> (school time): this week's, else last week's.</summary>
    public static DateTimeOffset LastWeekly(DateTimeOffset now, TimeZoneInfo zone, DayOfWeek day, TimeOnly at)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        date = date.AddDays(-(((int)date.DayOfWeek - (int)day + 7) % 7));
        var moment = At(date, at, zone);
        return moment <= now ? moment : At(date.AddDays(-7), at, zone);
    }

    /// <summary>A school-local date and time as an instant.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        // A local time skipped by a clock change does not exist: take the hour after it.
        while (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
