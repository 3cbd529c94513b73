using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Changes;
using static SchoolJournal.Web.Features.Year.Changes.ChangeRules;

namespace SchoolJournal.Tests.Features.Year.Changes;

public sealed class ChangeRulesTests
{
    private static readonly Span[] Quarters = [new(new(2026, 9, 1), new(2026, 10, 24)), new(new(2026, 11, 3), new(2026, 12, 28))];
    private static readonly (Span, string)[] Holidays = [(new Span(new(2026, 11, 4), new(2026, 11, 4)), "День народного единства")];

    [Theory]
    [InlineData("2026-11-24", 5, null)]
    [InlineData("2026-11-28", 6, null)]
    [InlineData("2026-10-28", 5, "вне учебного периода")]
    [InlineData("2026-11-04", 5, "День народного единства")]
    [InlineData("2026-11-28", 5, "выходной день")]
    [InlineData("2026-11-29", 6, "выходной день")]
    public void A_lesson_goes_only_to_a_school_day_of_the_class(string date, int daysPerWeek, string? refusal)
    {
        var result = DayRefusal(DateOnly.Parse(date), daysPerWeek, Quarters, Holidays);

        if (refusal is null) Assert.Null(result);
        else Assert.Contains(refusal, result);
    }

    [Fact]
    public void The_first_clash_names_the_teacher_the_room_or_the_students()
    {
        Occupant Other(int? teacher, int? room, bool shares) => new(2, teacher, room, shares, "История, 6Б, 20.11, 2-й урок");

        Assert.Null(Clash(1, 10, 5, [Other(11, 6, false)], "Смирнова А. В.", "12"));
        Assert.Equal("У учителя Смирнова А. В. в это время другой урок: История, 6Б, 20.11, 2-й урок.",
            Clash(1, 10, 5, [Other(10, 6, false)], "Смирнова А. В.", "12"));
        Assert.Equal("Кабинет 12 в это время занят: История, 6Б, 20.11, 2-й урок.", Clash(1, 10, 5, [Other(11, 5, false)], "Смирнова А. В.", "12"));
        Assert.StartsWith("У учеников группы", Clash(1, 10, null, [Other(11, null, true)], "Смирнова А. В.", null));
        // The lesson itself at its own place is no clash.
        Assert.Null(Clash(2, 10, 5, [Other(10, 5, true)], "Смирнова А. В.", "12"));
    }

    private static PlannedWork W(int id, string date, string subject = "Математика") => new(id, DateOnly.Parse(date), subject, "контрольная работа");

    [Fact]
    public void A_second_work_the_same_day_is_a_warning()
    {
        var warnings = Warnings("5А", W(0, "2026-11-24", "Русский язык"), [W(1, "2026-11-24")], 3);

        Assert.Equal(["В 5А 24.11.2026 уже есть контрольная работа: Математика (контрольная работа). Больше одной контрольной в день — перегрузка."],
            warnings);
    }

    [Fact]
    public void The_week_runs_monday_to_sunday_and_its_limit_is_inclusive()
    {
        // Monday 23 – Sunday 29 November; Sunday 22 belongs to the week before.
        PlannedWork[] week = [W(1, "2026-11-22"), W(2, "2026-11-23"), W(3, "2026-11-25")];

        Assert.Empty(Warnings("5А", W(0, "2026-11-27"), week, 3));
        Assert.Equal(["В 5А на неделе 23.11–29.11 будет 4 контрольных работ при норме не больше 3."],
            Warnings("5А", W(0, "2026-11-29"), [.. week, W(4, "2026-11-27")], 3));
        Assert.Equal(new DateOnly(2026, 11, 23), WeekStart(new DateOnly(2026, 11, 29)));
        Assert.Equal(new DateOnly(2026, 11, 16), WeekStart(new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void An_edited_work_does_not_count_against_itself()
    {
        Assert.Empty(Warnings("5А", W(1, "2026-11-24"), [W(1, "2026-11-24")], 3));
    }

    [Theory]
    [InlineData("vpr", ControlForm.Vpr)]
    [InlineData("диктант", ControlForm.Dictation)]
    [InlineData("99", ControlForm.Other)]
    [InlineData("LaboratoryWork", ControlForm.LaboratoryWork)]
    public void Forms_are_read_by_code_name_or_number(string given, ControlForm expected) =>
        Assert.Equal(expected, Forms.Parse(given));

    [Fact]
    public void An_unknown_form_is_null() => Assert.Null(Forms.Parse("экзамен"));
}
