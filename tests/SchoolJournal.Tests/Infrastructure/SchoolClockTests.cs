using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

public sealed class SchoolClockTests
{
    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    [Fact]
    public void Today_is_the_schools_own_date_not_the_servers()
    {
        // 21:30 UTC on 23 November is already 00:30 on the 24th in Moscow, still 23:30 on the 23rd in Kaliningrad.
        var time = new At(new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 24), SchoolClock.Today(time, "Europe/Moscow"));
        Assert.Equal(new DateOnly(2026, 11, 24), SchoolClock.Today(time, "Asia/Krasnoyarsk"));
        Assert.Equal(new DateOnly(2026, 11, 23), SchoolClock.Today(time, "Europe/Kaliningrad"));
    }

    [Fact]
    public void Now_carries_the_schools_offset()
    {
        var time = new At(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

        var now = SchoolClock.Now(time, "Asia/Yekaterinburg");

        Assert.Equal(TimeSpan.FromHours(5), now.Offset);
        Assert.Equal(11, now.Hour);
    }
}
