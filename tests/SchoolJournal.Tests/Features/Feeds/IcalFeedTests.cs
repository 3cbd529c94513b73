using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Feeds;

namespace SchoolJournal.Tests.Features.Feeds;

public sealed class IcalFeedTests
{
    [Fact]
    public void A_lesson_becomes_an_event_in_utc_with_a_stable_uid()
    {
        var ics = IcalFeed.Serialize([new IcalFeed.LessonRow(7, new DateOnly(2026, 11, 26), 2, new TimeOnly(8, 55), new TimeOnly(9, 40),
            LessonStatus.Cancelled, new DateOnly(2026, 11, 24), 3, "Математика", "Математика, 5А", "12", "Козлов И. П.", true, "Дроби", "№ 1", 2)],
            "Уроки", "Europe/Moscow", new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), teacherFeed: false);

        Assert.Contains("UID:lesson-7@schooljournal", ics);
        Assert.Contains("DTSTART:20261126T055500Z", ics);
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.Contains("SUMMARY:Математика — замена", ics);
        Assert.Contains("SEQUENCE:2", ics);
    }
}
