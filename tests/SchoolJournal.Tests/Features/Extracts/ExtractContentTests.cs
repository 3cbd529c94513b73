using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Extracts;

namespace SchoolJournal.Tests.Features.Extracts;

public sealed class ExtractContentTests
{
    private static ExtractContent.MarkFact Mark(string subject, int month, int day, string value, decimal weight = 1m, int number = 1) =>
        new(subject, new DateOnly(2026, month, day), number, day * 10 + number, value, weight);

    [Fact]
    public void Marks_go_in_date_order_with_the_journals_weighted_average()
    {
        var rows = ExtractContent.SubjectRows(["Русский язык", "Математика", "Математика"],
            [Mark("Математика", 11, 20, "5"), Mark("Математика", 11, 13, "3", weight: 2m), Mark("Математика", 11, 13, "зач", number: 4)],
            Array.Empty<(string, string)>().ToLookup(x => x.Item1, x => x.Item2));

        Assert.Equal(["Математика", "Русский язык"], rows.Select(r => r.Subject));
        Assert.Equal(["3 (13.11)", "зач (13.11)", "5 (20.11)"], rows[0].Marks);
        // (3·2 + 5·1) / 3 = 3.666… → 3.67; «зач» is not a number.
        Assert.Equal(3.67m, rows[0].Average);
        Assert.Null(rows[1].Average);
    }

    [Fact]
    public void Absences_are_counted_per_lesson_and_code_in_the_codes_order()
    {
        var d16 = new DateOnly(2026, 11, 16);
        var d20 = new DateOnly(2026, 11, 20);
        var rows = ExtractContent.AbsenceRows([
            new(d20, AttendanceCode.Late), new(d16, AttendanceCode.Ill), new(d16, AttendanceCode.Ill), new(d20, AttendanceCode.Absent),
            new(d20, null),
        ]);

        Assert.Equal([("Н", 1), ("Б", 2), ("ОП", 1)], rows.Select(r => (r.Code, r.Lessons)));
        Assert.Equal([d16], rows[1].Dates);
    }

    [Fact]
    public void The_pdf_is_rendered_with_cyrillic_fonts()
    {
        var content = new ExtractContent("МБОУ «СОШ № 1»", "Орлов Артём Иванович", "5А", "Козлова Ирина Павловна", "Козлова И. П.", "2 четверть",
            [new("Математика", ["5 (20.11)"], 5m, ["2 четверть: 5"])], [new("Н", 1, [new DateOnly(2026, 11, 20)])]);

        var pdf = ExtractPdf.Render(content, 7, new DateOnly(2026, 11, 23), "лично ученику");

        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }
}
