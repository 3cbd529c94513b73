using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

public sealed class PdfComposerTests
{
    public static TheoryData<string> Lines() =>
    [
        "Соколов Михаил Андреевич",
        "Контрольная (ВШК): Русский язык — контрольная работа, 2 урок",
        "Ёлкина Жанна Эдуардовна, 11«Б» № 245, стр. 17–19; упр. 3, 4 (а, б)!",
        "5 4 3 2 н б у осв зач 4.25 Σ",
        "  два  пробела  ",
        "WWW iii ЩЩЩ ...",
        "x",
    ];

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_lines_width_is_the_width_PdfPig_measures_for_the_whole_line(string line)
    {
        using var pdf = new PdfComposer("Проверка");

        foreach (var font in new[] { pdf.RegularFont, pdf.BoldFont })
            foreach (var size in new[] { 8, 9, 10.5 })
                Assert.Equal(pdf.MeasureByPdfPig(line, font, size), pdf.Measure(line, font, size), 9);
    }

    [Fact]
    public void The_bold_font_is_measured_apart_from_the_regular_one()
    {
        using var pdf = new PdfComposer("Проверка");

        Assert.True(pdf.Measure("Журнал", pdf.BoldFont, 10) > pdf.Measure("Журнал", pdf.RegularFont, 10));
        Assert.Equal(0, pdf.Measure("", pdf.RegularFont, 10));
    }
}
