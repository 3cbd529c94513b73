using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Calendar;
using static SchoolJournal.Web.Features.Year.Calendar.CalendarRules;

namespace SchoolJournal.Tests.Features.Year.Calendar;

/// <summary>
/// The calendar's rules on the year 2026/2027 (01.09.2026–31.05.2027). 24.10.2026 is a Saturday, 02.11.2026 a Monday:
/// the autumn gap 25.10–02.11 holds six weekdays (26–30 October and 2 November).
/// </summary>
public sealed class CalendarRulesTests
{
    private static readonly YearSpan Year = new("2026/2027", new(2026, 9, 1), new(2027, 5, 31));

    private static PeriodSpan Basic(int id, string name, DateOnly start, DateOnly end) => new(id, name, start, end, EducationLevel.Basic, null);

    private static readonly PeriodSpan First = Basic(1, "I четверть", new(2026, 9, 1), new(2026, 10, 24));

    private static readonly HolidaySpan Autumn = new(1, "Осенние каникулы", HolidayKind.Autumn, new(2026, 10, 25), new(2026, 11, 2), null);

    [Fact]
    public void Overlapping_periods_of_one_level_are_refused_with_both_names_and_dates()
    {
        var second = Basic(0, "II четверть", new(2026, 10, 20), new(2026, 12, 28));

        var error = CheckPeriod(second, Year, [First], []);

        Assert.Equal("Период «II четверть» (20.10.2026–28.12.2026) пересекается с «I четверть» (01.09.2026–24.10.2026).", error);
    }

    [Fact]
    public void Periods_of_different_levels_and_of_a_class_and_a_level_may_overlap()
    {
        var secondary = new PeriodSpan(0, "I полугодие", new(2026, 9, 1), new(2026, 12, 28), EducationLevel.Secondary, null);
        var ofClass = new PeriodSpan(0, "I триместр", new(2026, 9, 1), new(2026, 11, 30), null, 7, 5);

        Assert.Null(CheckPeriod(secondary, Year, [First], []));
        Assert.Null(CheckPeriod(ofClass, Year, [First], []));
    }

    [Fact]
    public void A_whole_school_period_overlaps_every_level_and_class()
    {
        var school = new PeriodSpan(0, "I полугодие", new(2026, 9, 1), new(2026, 12, 28), null, null);
        var ofClass = new PeriodSpan(2, "I триместр", new(2026, 9, 1), new(2026, 11, 30), null, 7, 5);

        Assert.StartsWith("Период «I полугодие» (01.09.2026–28.12.2026) пересекается с «I четверть»", CheckPeriod(school, Year, [First], []));
        Assert.StartsWith("Период «I полугодие» (01.09.2026–28.12.2026) пересекается с «I триместр»", CheckPeriod(school, Year, [ofClass], []));
    }

    [Fact]
    public void Two_periods_of_one_class_may_not_overlap_but_of_two_classes_may()
    {
        var a = new PeriodSpan(1, "I триместр", new(2026, 9, 1), new(2026, 11, 30), null, 7, 5);
        var sameClass = a with { Id = 0, Name = "II триместр", Start = new(2026, 11, 30), End = new(2027, 2, 28) };
        var otherClass = sameClass with { Start = new(2026, 9, 1), End = new(2026, 11, 30), ClassId = 8 };

        Assert.StartsWith("Период «II триместр» (30.11.2026–28.02.2027) пересекается с «I триместр»", CheckPeriod(sameClass, Year, [a], []));
        Assert.Null(CheckPeriod(otherClass, Year, [a], []));
    }

    [Fact]
    public void A_period_outside_its_year_or_ending_before_it_starts_is_refused()
    {
        var early = Basic(0, "I четверть", new(2026, 8, 31), new(2026, 10, 24));
        var backwards = Basic(0, "I четверть", new(2026, 10, 24), new(2026, 9, 1));

        Assert.Equal("Период «I четверть» (31.08.2026–24.10.2026) выходит за границы учебного года «2026/2027» (01.09.2026–31.05.2027).",
            CheckPeriod(early, Year, [], []));
        Assert.Equal("Период «I четверть» (24.10.2026–01.09.2026): начало позже окончания.", CheckPeriod(backwards, Year, [], []));
    }

    [Fact]
    public void A_gap_without_holidays_is_refused_naming_its_first_weekdays()
    {
        var second = Basic(0, "II четверть", new(2026, 11, 3), new(2026, 12, 28));

        var error = CheckPeriod(second, Year, [First], []);

        Assert.Equal("Между периодами «I четверть» (01.09.2026–24.10.2026) и «II четверть» (03.11.2026–28.12.2026) есть будние дни без каникул: " +
            "26.10.2026, 27.10.2026, 28.10.2026 и ещё 3. Сначала внесите каникулы на эти дни, потом периоды, или сдвиньте границы периода.", error);
    }

    [Fact]
    public void A_gap_covered_by_holidays_and_a_weekend_is_accepted()
    {
        var second = Basic(0, "II четверть", new(2026, 11, 3), new(2026, 12, 28));
        // Saturday 24 October and Sunday 25 October need no holiday; 26.10–02.11 does.
        var fromMonday = Autumn with { Start = new(2026, 10, 26) };

        Assert.Null(CheckPeriod(second, Year, [First], [Autumn]));
        Assert.Null(CheckPeriod(second, Year, [First], [fromMonday]));
    }

    [Fact]
    public void The_gap_after_the_period_is_checked_too()
    {
        var third = Basic(3, "III четверть", new(2027, 1, 11), new(2027, 3, 20));
        var second = Basic(0, "II четверть", new(2026, 11, 3), new(2026, 12, 28));

        var error = CheckPeriod(second, Year, [First, third], [Autumn]);

        Assert.StartsWith(
            "Между периодами «II четверть» (03.11.2026–28.12.2026) и «III четверть» (11.01.2027–20.03.2027) есть будние дни без каникул: " +
                "29.12.2026, 30.12.2026, 31.12.2026 и ещё 6.", error);
    }

    [Fact]
    public void A_holiday_of_one_parallel_covers_a_gap_of_a_class_of_that_grade_only()
    {
        var firstGrade = new HolidaySpan(2, "Дополнительные каникулы", HolidayKind.Extra, new(2026, 10, 25), new(2026, 11, 2), 1);
        var classFirst = new PeriodSpan(1, "I четверть", new(2026, 9, 1), new(2026, 10, 24), null, 7, 1);
        var classSecond = classFirst with { Id = 0, Name = "II четверть", Start = new(2026, 11, 3), End = new(2026, 12, 28) };
        var primaryFirst = First with { Level = EducationLevel.Primary };
        var primarySecond = Basic(0, "II четверть", new(2026, 11, 3), new(2026, 12, 28)) with { Level = EducationLevel.Primary };

        Assert.Null(CheckPeriod(classSecond, Year, [classFirst], [firstGrade]));
        Assert.NotNull(CheckPeriod(primarySecond, Year, [primaryFirst], [firstGrade]));
        Assert.NotNull(CheckPeriod(classSecond with { ClassGrade = 2 }, Year, [classFirst with { ClassGrade = 2 }], [firstGrade]));
    }

    [Fact]
    public void Summer_holidays_may_reach_31_August_other_holidays_stay_in_the_year()
    {
        var summer = new HolidaySpan(0, "Летние каникулы", HolidayKind.Summer, new(2027, 5, 27), new(2027, 8, 31), null);

        Assert.Null(CheckHoliday(summer, Year));
        Assert.Equal(
            "Каникулы «Летние каникулы» (27.05.2027–01.09.2027) выходят за границы учебного года «2026/2027»: летние каникулы — с 01.09.2026 до " +
                "31.08.2027.",
            CheckHoliday(summer with { End = new(2027, 9, 1) }, Year));
        Assert.StartsWith(
            "Каникулы «Весенние каникулы» (27.05.2027–02.06.2027) выходят за границы учебного года «2026/2027» (01.09.2026–31.05.2027).",
            CheckHoliday(summer with { Name = "Весенние каникулы", Kind = HolidayKind.Spring, End = new(2027, 6, 2) }, Year));
    }

    [Fact]
    public void A_holiday_needs_its_start_before_its_end_and_a_grade_from_1_to_11()
    {
        Assert.Equal("Каникулы «Осенние каникулы» (02.11.2026–25.10.2026): начало позже окончания.",
            CheckHoliday(Autumn with { Start = new(2026, 11, 2), End = new(2026, 10, 25) }, Year));
        Assert.Equal("Параллель каникул «Осенние каникулы» (25.10.2026–02.11.2026) — от 1 до 11, указано 12.",
            CheckHoliday(Autumn with { Grade = 12 }, Year));
        Assert.Null(CheckHoliday(Autumn with { Grade = 1 }, Year));
    }

    [Fact]
    public void Years_of_a_school_may_not_overlap()
    {
        var next = new YearSpan("2027/2028", new(2027, 5, 1), new(2028, 5, 31));

        Assert.Equal("Учебный год «2027/2028» (01.05.2027–31.05.2028) пересекается с учебным годом «2026/2027» (01.09.2026–31.05.2027).",
            CheckYearOverlap(next, [Year]));
        Assert.Null(CheckYearOverlap(next with { Start = new(2027, 9, 1) }, [Year]));
        Assert.NotNull(CheckYear("2027/2028", new(2028, 5, 31), new(2027, 9, 1)));
        Assert.NotNull(CheckYear(" ", new(2027, 9, 1), new(2028, 5, 31)));
    }

    [Fact]
    public void Study_days_are_weekdays_of_the_period_minus_its_holidays()
    {
        // November 2026: 21 weekdays; 4 November (Wednesday) is a public holiday.
        var november = Basic(0, "Ноябрь", new(2026, 11, 1), new(2026, 11, 30));
        var unity = new HolidaySpan(0, "День народного единства", HolidayKind.PublicHoliday, new(2026, 11, 4), new(2026, 11, 4), null);

        Assert.Equal(21, StudyDays(november, []));
        Assert.Equal(20, StudyDays(november, [unity]));
    }

    [Fact]
    public void Group_names_take_the_new_names_of_their_classes()
    {
        var renames = new Dictionary<string, string> { ["5А"] = "6А", ["6А"] = "7А", ["1А"] = "2А" };

        Assert.Equal("Математика, 6А", RenameForClasses("Математика, 5А", renames));
        Assert.Equal("Поток 7А, 6А", RenameForClasses("Поток 6А, 5А", renames));
        Assert.Equal("Физика, 11А", RenameForClasses("Физика, 11А", renames));
    }

    [Fact]
    public void A_date_moves_to_the_same_day_of_the_next_year()
    {
        Assert.Equal(new DateOnly(2027, 9, 1), NextYear(new DateOnly(2026, 9, 1)));
        Assert.Equal(new DateOnly(2029, 2, 28), NextYear(new DateOnly(2028, 2, 29)));
    }
}
