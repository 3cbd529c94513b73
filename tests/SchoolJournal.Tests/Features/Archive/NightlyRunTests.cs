using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.Tests.Features.Archive;

/// <summary>When the nightly backup starts: the next Backup:DailyAt on the school's clock.</summary>
public sealed class NightlyRunTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Yekaterinburg = TimeZoneInfo.FindSystemTimeZoneById("Asia/Yekaterinburg");

    [Theory]
    // 01:00 in Moscow (22:00 UTC the day before): 02:00 is one hour away.
    [InlineData("2026-12-03T22:00:00Z", "Europe/Moscow", 1.0)]
    // 02:00 exactly has just passed: tomorrow's, 24 hours away.
    [InlineData("2026-12-03T23:00:00Z", "Europe/Moscow", 24.0)]
    // 12:30 in Moscow: 13.5 hours to 02:00 tomorrow.
    [InlineData("2026-12-04T09:30:00Z", "Europe/Moscow", 13.5)]
    // 12:30 UTC is 17:30 in Yekaterinburg (UTC+5): 8.5 hours to its 02:00.
    [InlineData("2026-12-04T12:30:00Z", "Asia/Yekaterinburg", 8.5)]
    public void The_next_run_is_the_next_two_oclock_of_the_schools_zone(string now, string zone, double hours)
    {
        var tz = zone == "Europe/Moscow" ? Moscow : Yekaterinburg;

        var delay = NightlyRun.Until(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(2, 0), tz);

        Assert.Equal(TimeSpan.FromHours(hours), delay);
    }
}
