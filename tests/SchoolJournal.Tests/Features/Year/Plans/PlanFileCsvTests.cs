using System.Text;
using SchoolJournal.Web.Features.Year.Plans;

namespace SchoolJournal.Tests.Features.Year.Plans;

/// <summary>A КТП as the CSV Russian Excel and other programs write it: quoting, encodings, «;» against «,».</summary>
public sealed class PlanFileCsvTests
{
    private const string Header = "№;Раздел;Тема;Часы;Домашнее задание / примечание";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Cp1251(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251).GetBytes(text);
    }

    [Fact]
    public void A_quoted_topic_keeps_the_separator_and_the_line_break_inside_it()
    {
        var file = Utf8($"{Header}\r\n1;Дроби;\"Сравнение дробей;\r\nправила\";2;\"§ 4, № 1\"\r\n2;;Проценты;1;\r\n");

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Errors);
        Assert.Equal([new TopicRow("Дроби", "Сравнение дробей;\r\nправила", 2, "§ 4, № 1"), new TopicRow(null, "Проценты", 1, null)], parsed.Rows);
    }

    [Fact]
    public void A_row_after_a_quoted_line_break_is_named_by_the_line_it_stands_on()
    {
        // The first topic takes lines 2 and 3 of the file: the bad row is on line 4, the second record.
        var file = Utf8($"{Header}\r\n1;;\"Сравнение дробей;\r\nправила\";2;\r\n2;;Проценты;x;\r\n");

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Rows);
        Assert.Equal(["Строка 4: часы «x» — нужно целое число от 1 до 20."], parsed.Errors);
    }

    [Fact]
    public void Windows_1251_with_semicolons_and_quotes_keeps_its_cyrillic()
    {
        var file = Cp1251("Тема;Часы;Примечание\r\n\"Сложение; вычитание\";2;\"§ 3, № «5»\"\r\nЁлочка и ёж;1;\r\n");

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Errors);
        Assert.Equal([new TopicRow(null, "Сложение; вычитание", 2, "§ 3, № «5»"), new TopicRow(null, "Ёлочка и ёж", 1, null)], parsed.Rows);
    }

    [Fact]
    public void A_semicolon_file_keeps_the_commas_of_its_topics()
    {
        var parsed = PlanFile.Read("ктп.csv", Utf8("Тема;Часы\nСложение, вычитание и умножение;2\n"));

        Assert.Empty(parsed.Errors);
        Assert.Equal(new TopicRow(null, "Сложение, вычитание и умножение", 2, null), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void A_comma_file_keeps_a_quoted_semicolon()
    {
        var parsed = PlanFile.Read("ктп.csv", Utf8("Тема,Часы\n\"Дроби; проценты\",3\n"));

        Assert.Empty(parsed.Errors);
        Assert.Equal(new TopicRow(null, "Дроби; проценты", 3, null), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void A_header_without_separators_reads_the_file_as_semicolon_separated()
    {
        // Neither «;» nor «,» in the first record: «;» wins, so the comma stays in the topic.
        var parsed = PlanFile.Read("ктп.csv", Utf8("Тема\nДроби, доли\n"));

        Assert.Empty(parsed.Errors);
        Assert.Equal(new TopicRow(null, "Дроби, доли", 1, null), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void The_csv_template_quotes_separators_commas_and_quotes_and_starts_with_a_bom()
    {
        var bytes = PlanFile.WriteCsv([[1, "Дроби; доли", "Тема, с запятой", 2, "«Задача \"1\"»"]]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal([Header, "1;\"Дроби; доли\";\"Тема, с запятой\";2;\"«Задача \"\"1\"\"»\"", ""], lines);
    }
}
