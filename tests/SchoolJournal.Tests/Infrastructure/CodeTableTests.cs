using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Calendar;
using SchoolJournal.Web.Features.Year.Groups;

namespace SchoolJournal.Tests.Infrastructure;

public sealed class CodeTableTests
{
    [Theory]
    [InlineData("autumn", HolidayKind.Autumn)]
    [InlineData(" PublicHoliday ", HolidayKind.PublicHoliday)]
    [InlineData("зимние", HolidayKind.Winter)]
    [InlineData("5", HolidayKind.Extra)]
    public void A_holiday_kind_is_read_from_its_code_its_russian_name_or_its_number(string given, HolidayKind expected) =>
        Assert.Equal(expected, CalendarWrite.HolidayKinds.Parse(given));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("каникулы")]
    [InlineData("7")]
    public void Anything_else_is_no_kind(string? given) => Assert.Null(CalendarWrite.HolidayKinds.Parse(given));

    [Fact]
    public void A_value_is_written_as_its_code_and_shown_by_its_name()
    {
        Assert.Equal("subGroup", GroupRules.Kinds.CodeOf(GroupKind.SubGroup));
        Assert.Equal("ИУП", GroupRules.Kinds.NameOf(GroupKind.Individual));
    }

    [Fact]
    public void The_rows_keep_the_order_a_form_lists_them_in() =>
        Assert.Equal(["wholeClass", "subGroup", "stream", "individual", "extracurricular"], GroupRules.Kinds.Select(k => k.Code));
}
