using SchoolJournal.Web.Features.Diary;

namespace SchoolJournal.Tests.Features.Diary;

public sealed class DiaryWeekRulesTests
{
    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // Monday itself
    [InlineData("2026-11-28", "2026-11-23")] // Saturday
    [InlineData("2026-11-29", "2026-11-23")] // Sunday belongs to the week before it
    [InlineData("2026-12-01", "2026-11-30")] // across a month
    [InlineData("2027-01-01", "2026-12-28")] // across a year
    public void A_week_starts_on_its_Monday(string date, string monday) =>
        Assert.Equal(DateOnly.Parse(monday), DiaryWeek.WeekStart(DateOnly.Parse(date)));

    [Fact]
    public void A_week_shows_Monday_to_Saturday_and_Sunday_only_when_used()
    {
        var monday = new DateOnly(2026, 11, 23);

        Assert.Equal(6, DiaryWeek.WeekDays(monday, sundayUsed: false).Count);
        Assert.Equal(new DateOnly(2026, 11, 28), DiaryWeek.WeekDays(monday, false)[^1]);
        Assert.Equal(new DateOnly(2026, 11, 29), DiaryWeek.WeekDays(monday, true)[^1]);
    }

    [Fact]
    public void An_absence_for_lateness_names_its_minutes() =>
        Assert.Equal("ОП (10 мин)", new DiaryWeek.AbsenceRow("ОП", 10, null).ToString());

    [Fact]
    public void A_moved_lesson_names_its_day_and_number() =>
        Assert.Equal("26.11, 3 урок", new DiaryWeek.Slot(new DateOnly(2026, 11, 26), 3).ToString());
}
