using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Extracts;

/// <summary>The paper extract as an A4 PDF: header, marks by subject, absences, the class teacher's signature.</summary>
public static class ExtractPdf
{
    public const string Title = "Выписка из электронного дневника";

    public static byte[] Render(ExtractContent c, int number, DateOnly issuedOn, string issuedTo)
    {
        using var pdf = new PdfComposer(Title);
        pdf.Text(c.SchoolName, 10, center: true);
        pdf.Space(8);
        pdf.Text($"{Title} № {number}", 14, bold: true, center: true);
        pdf.Space(10);
        pdf.Text($"Ученик(ца): {c.StudentName}", 11, bold: true);
        if (c.ClassName is not null) pdf.Text($"Класс: {c.ClassName}", 11);
        pdf.Text($"Период: {c.Span}", 11);
        if (c.ClassTeacher is not null) pdf.Text($"Классный руководитель: {c.ClassTeacher}", 11);
        pdf.Space(10);

        pdf.Text("Успеваемость", 12, bold: true);
        pdf.Space(4);
        if (c.Subjects.Count == 0)
            pdf.Text("За этот период у ученика нет уроков и отметок.");
        else
            pdf.Table(["Предмет", "Отметки (дата)", "Средний балл", "Отметка за период"], [3, 7, 1.6, 2.4],
                c.Subjects.Select(s => (IReadOnlyList<string>)[
                    s.Subject,
                    s.Marks.Count == 0 ? "—" : string.Join(", ", s.Marks),
                    s.Average?.ToString("0.00", new CultureInfo("ru-RU")) ?? "—",
                    s.Grades.Count == 0 ? "—" : string.Join("; ", s.Grades),
                ]));
        pdf.Space(10);

        pdf.Text("Пропуски уроков", 12, bold: true);
        pdf.Space(4);
        if (c.Absences.Count == 0)
            pdf.Text("Пропусков нет.");
        else
            pdf.Table(["Отметка", "Уроков", "Даты"], [5, 1.4, 7.6],
                c.Absences.Select(a => (IReadOnlyList<string>)[
                    $"{a.Code} — {CodeName(a.Code)}",
                    a.Lessons.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", a.Dates.Select(d => d.ToString("dd.MM", CultureInfo.InvariantCulture))),
                ]));
        pdf.Space(24);

        pdf.Text($"Классный руководитель ________________ / {c.ClassTeacherShort ?? "________________"} /", 11);
        pdf.Space(8);
        pdf.Text($"Дата выдачи: {issuedOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}", 11);
        pdf.Space(8);
        pdf.Text($"Кому выдана: {issuedTo}", 11);
        pdf.Space(8);
        pdf.Text("Получил(а): ________________", 11);
        return pdf.ToBytes();
    }

    public static string CodeName(string code) => code switch
    {
        "Н" => "без уважительной причины",
        "Б" => "по болезни",
        "У" => "по уважительной причине",
        "ОП" => "опоздание",
        _ => "",
    };
}
