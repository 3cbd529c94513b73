using SchoolJournal.Web.Features.Parents;
using static SchoolJournal.Web.Features.Parents.AcknowledgmentRules;

namespace SchoolJournal.Tests.Features.Parents;

public sealed class AcknowledgmentRulesTests
{
    private static readonly DateOnly Mon = new(2026, 11, 16);

    [Fact]
    public void A_mark_is_acknowledged_only_by_a_later_press_covering_its_date()
    {
        // Week 16–22.11 acknowledged at t=1000. Marks: Mon written at 100 and Wed at 500 (covered), the previous
        // Friday 13.11 (outside the week), and Thursday written at 2000 (after the press): 2 not acknowledged.
        var marks = new[]
        {
            new MarkStamp(Mon, 100), new MarkStamp(Mon.AddDays(2), 500),
            new MarkStamp(Mon.AddDays(-3), 100), new MarkStamp(Mon.AddDays(3), 2000),
        };
        Acknowledgment[] pressed = [new(Mon, Mon.AddDays(6), 1000)];

        var open = Unacknowledged(marks, pressed);

        Assert.Equal([Mon.AddDays(-3), Mon.AddDays(3)], open.Select(m => m.LessonDate));
        Assert.Equal([new DateOnly(2026, 11, 9), Mon], Weeks(open));
    }

    [Fact]
    public void A_press_at_the_same_millisecond_as_the_mark_does_not_cover_it() =>
        Assert.False(IsAcknowledged(new MarkStamp(Mon, 1000), [new Acknowledgment(Mon, Mon, 1000)]));

    [Fact]
    public void A_changed_mark_counts_from_its_change()
    {
        var created = new DateTimeOffset(2026, 11, 16, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(created.AddHours(2).ToUnixTimeMilliseconds(), WrittenAtMs(created, created.AddHours(2)));
        Assert.Equal(created.ToUnixTimeMilliseconds(), WrittenAtMs(created, null));
    }

    [Fact]
    public void Weeks_start_on_monday() =>
        Assert.Equal(Mon, WeekStart(new DateOnly(2026, 11, 22)));
}
