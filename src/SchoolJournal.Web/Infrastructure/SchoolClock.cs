namespace SchoolJournal.Web.Infrastructure;

/// <summary>"Today" and "now" in a school's own time zone (ARCHITECTURE decision 9).</summary>
public static class SchoolClock
{
    public static DateTimeOffset Now(TimeProvider time, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
    }

    public static DateOnly Today(TimeProvider time, string timeZone) => DateOnly.FromDateTime(Now(time, timeZone).DateTime);
}
