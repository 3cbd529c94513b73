using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

public sealed class XlsxTests
{
    [Fact]
    public void A_written_sheet_reads_back_cell_by_cell()
    {
        var bytes = Xlsx.Write("Каникулы", ["Название", "Начало", "Дней", "Только для"],
        [
            ["Осенние каникулы", new DateOnly(2026, 10, 24), 9, null],
            ["Дополнительные каникулы", new DateOnly(2027, 2, 13), 9, "1 классы"],
            ["  пробелы  ", null, 2.5m, true],
        ]);

        var rows = Xlsx.Read(new MemoryStream(bytes));

        Assert.Equal(["Название", "Начало", "Дней", "Только для"], rows[0]);
        Assert.Equal(["Осенние каникулы", "2026-10-24", "9"], rows[1]);
        Assert.Equal(["Дополнительные каникулы", "2027-02-13", "9", "1 классы"], rows[2]);
        Assert.Equal(["пробелы", "", "2.5", "да"], rows[3]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void Control_characters_saved_before_the_edge_refused_them_are_dropped_and_the_workbook_opens()
    {
        var bytes = Xlsx.Write("КТП\0", ["Тема\u0001"], [["Сложение\0 дробей\u001f"], ["Строка\tс табуляцией"]]);

        var rows = Xlsx.Read(new MemoryStream(bytes));

        Assert.Equal(["Тема"], rows[0]);
        Assert.Equal(["Сложение дробей"], rows[1]);
        Assert.Equal(["Строка\tс табуляцией"], rows[2]);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused_in_Russian()
    {
        var e = Assert.Throws<InvalidDataException>(() => Xlsx.Read(new MemoryStream("Тема;Часы\n"u8.ToArray())));

        Assert.Equal("Файл не является книгой Excel (XLSX).", e.Message);
    }

    [Fact]
    public void Long_or_forbidden_sheet_names_are_made_valid()
    {
        var bytes = Xlsx.Write("Нагрузка: учитель/предмет [2026/2027] и ещё очень длинное название", ["A"], []);

        Assert.Equal(["A"], Xlsx.Read(new MemoryStream(bytes))[0]);
    }
}
