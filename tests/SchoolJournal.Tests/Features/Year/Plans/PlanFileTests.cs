using System.Text;
using SchoolJournal.Web.Features.Year.Plans;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Features.Year.Plans;

public sealed class PlanFileTests
{
    private const string Header = "№;Раздел;Тема;Часы;Домашнее задание / примечание";

    private static byte[] Utf8(string text, bool bom = false) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    private static byte[] Cp1251(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251).GetBytes(text);
    }

    [Fact]
    public void Semicolon_csv_in_utf8_with_bom_gives_its_topics_in_order()
    {
        var file = Utf8($"{Header}\r\n1;Дроби;Обыкновенные дроби;2;§ 1\r\n2;;\"Сравнение дробей; правила\";1;\r\n", bom: true);

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Errors);
        Assert.Equal([new TopicRow("Дроби", "Обыкновенные дроби", 2, "§ 1"), new TopicRow(null, "Сравнение дробей; правила", 1, null)], parsed.Rows);
    }

    [Fact]
    public void Windows_1251_with_commas_is_detected()
    {
        var file = Cp1251("№,Раздел,Тема,Часы,Домашнее задание / примечание\r\n1,Числа,Натуральные числа,3,№ 12\r\n");

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Errors);
        Assert.Equal(new TopicRow("Числа", "Натуральные числа", 3, "№ 12"), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void Tab_separated_utf8_without_bom_is_read()
    {
        var parsed = PlanFile.Read("ктп.txt", Utf8("Тема\tЧасы\nДроби\t2\nПроценты\t\n"));

        Assert.Empty(parsed.Errors);
        Assert.Equal([new TopicRow(null, "Дроби", 2, null), new TopicRow(null, "Проценты", 1, null)], parsed.Rows);
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_number_and_nothing_is_taken()
    {
        var file = Utf8($"{Header}\n1;;Дроби;2;\n2;;;1;\n\n4;;Проценты;25;\n5;;Площадь;1;;лишнее\n6;;{new string('т', 501)};1;\n");

        var parsed = PlanFile.Read("ктп.csv", file);

        Assert.Empty(parsed.Rows);
        Assert.Equal([
            "Строка 3: не указана тема.",
            "Строка 5: часы «25» — нужно целое число от 1 до 20.",
            "Строка 6: лишние столбцы — заполнено 6, а в заголовке 5. Если в теме есть «;» или «,», возьмите её в кавычки.",
            "Строка 7: тема длиннее 500 символов (501).",
        ], parsed.Errors);
    }

    [Fact]
    public void More_than_twenty_bad_rows_are_counted_after_the_twentieth()
    {
        var text = Header + "\n" + string.Join("\n", Enumerable.Range(1, 25).Select(i => $"{i};;Тема;0;"));

        var errors = PlanFile.Read("ктп.csv", Utf8(text)).Errors;

        Assert.Equal(21, errors.Count);
        Assert.Equal("Строка 21: часы «0» — нужно целое число от 1 до 20.", errors[19]);
        Assert.Equal("…и ещё строк с ошибками: 5.", errors[20]);
    }

    [Fact]
    public void A_file_without_the_header_or_too_long_is_refused()
    {
        Assert.StartsWith("Строка 1: первая строка должна быть заголовком", Assert.Single(PlanFile.Read("ктп.csv", Utf8("1;;Дроби;2;\n")).Errors));
        var many = Header + "\n" + string.Join("\n", Enumerable.Range(1, 401).Select(i => $"{i};;Тема {i};1;"));
        Assert.Equal("В файле 401 тем: допускается не больше 400.", PlanFile.Read("ктп.csv", Utf8(many)).Errors[0]);
        Assert.Single(PlanFile.Read("ктп.csv", new byte[PlanRules.MaxFileBytes + 1]).Errors);
    }

    [Fact]
    public void An_xlsx_file_is_read_by_its_header()
    {
        var bytes = Xlsx.Write("КТП", PlanFile.Headers, [[1, "Числа", "Натуральные числа", 2, "§ 1"], [2, null, "Шкалы", 1, null]]);

        var parsed = PlanFile.Read("ктп.xlsx", bytes);

        Assert.Empty(parsed.Errors);
        Assert.Equal([new TopicRow("Числа", "Натуральные числа", 2, "§ 1"), new TopicRow(null, "Шкалы", 1, null)], parsed.Rows);
    }

    [Fact]
    public void The_csv_template_reads_back_as_its_example_rows()
    {
        var parsed = PlanFile.Read("шаблон.csv", PlanFile.WriteCsv(PlanFile.ExampleRows));

        Assert.Equal(2, parsed.Rows.Count);
        Assert.Equal(5, parsed.Rows.Sum(r => r.Hours));
    }

    [Fact]
    public void The_pasted_list_takes_topic_and_hours_per_line()
    {
        var parsed = PlanFile.FromLines("Дроби;2\r\nПроценты\n\nПлощадь;x");

        Assert.Equal(["Строка 4: часы «x» — нужно целое число от 1 до 20."], parsed.Errors);
        Assert.Equal([new TopicRow(null, "Дроби", 2, null), new TopicRow(null, "Проценты", 1, null)], PlanFile.FromLines("Дроби;2\r\nПроценты").Rows);
    }
}
