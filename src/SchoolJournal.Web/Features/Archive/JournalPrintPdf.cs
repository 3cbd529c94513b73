using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// A class's year as its paper journal (R-ARCH-1, R-REP-9), landscape A4, every page numbered: the title and contents (subjects,
/// teachers, pages); for each subject month by month the left page (students × lesson days: absences and marks) and the right page
/// (dates, topics, homework, teacher), then its period and year grades; the summary sheet of final grades with the places for the
/// director's signature and the seal; and the last sheet that states how many sheets were laced and numbered.
/// </summary>
public static class JournalPrintPdf
{
    public const string Title = "Классный журнал";

    /// <summary>Day columns a left page holds beside the names; a month with more lessons goes on to a second left page.</summary>
    public const int DaysPerPage = 24;

    private const double Size = 8;

    public sealed record Printed(byte[] Bytes, int Pages);

    public static Printed Render(ClassYearJournal.Journal j)
    {
        using var pdf = new PdfComposer($"{Title} {j.ClassName} класса, {j.YearName}", landscape: true, numbered: true);
        pdf.Space(40);
        pdf.Text(j.School, 12, center: true);
        pdf.Space(30);
        pdf.Text(Title.ToUpperInvariant(), 22, bold: true, center: true);
        pdf.Space(10);
        pdf.Text($"{j.ClassName} класса", 16, center: true);
        pdf.Text($"на {j.YearName} учебный год", 14, center: true);
        pdf.Space(20);
        pdf.Text($"Классный руководитель: {j.ClassTeacher ?? "________________"}", 12, center: true);

        // The contents: the rows are laid out now, their page numbers are written once the subjects are printed.
        pdf.NewPage();
        pdf.Text("Оглавление", 14, bold: true, center: true);
        pdf.Space(6);
        double[] widths = [0.6, 5, 6, 1.6];
        var entries = j.Subjects.Select(s => s.Group == s.Subject ? s.Subject : $"{s.Subject} ({s.Group})")
            .Append("Сводная ведомость итоговых отметок").ToList();
        var teachers = j.Subjects.Select(s => string.Join(", ", s.Teachers)).Append("").ToList();
        var contents = pdf.Table(["№", "Предмет", "Учитель", "Страницы"], widths,
            entries.Select((e, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), e, teachers[i], ""]), 10);
        var starts = new List<(int From, int To)>();

        foreach (var part in j.Subjects)
        {
            var first = pdf.PageCount + 1;
            Subject(pdf, j, part);
            starts.Add((first, pdf.PageCount));
        }
        var summaryFirst = pdf.PageCount + 1;
        Summary(pdf, j);
        starts.Add((summaryFirst, pdf.PageCount));

        var pagesX = pdf.LeftMargin + pdf.ContentWidth * (widths.Sum() - 0.15) / widths.Sum();
        for (var i = 0; i < contents.Count; i++)
        {
            var (from, to) = starts[i];
            pdf.TextOnPage(contents[i].Page, from == to ? $"{from}" : $"{from}–{to}", pagesX, contents[i].Top + 3, 10, alignRight: true);
        }

        pdf.NewPage();
        pdf.Space(120);
        var sheets = pdf.PageCount;
        pdf.Text($"В настоящем журнале прошнуровано, пронумеровано и скреплено печатью {sheets} {Sheets(sheets)}.", 14, center: true);
        pdf.Space(40);
        Signature(pdf, j);
        return new Printed(pdf.ToBytes(), sheets);
    }

    private static void Subject(PdfComposer pdf, ClassYearJournal.Journal j, ClassYearJournal.SubjectPart part)
    {
        var title = part.Group == part.Subject ? part.Subject : $"{part.Subject} ({part.Group})";
        var months = part.Lessons.GroupBy(l => (l.Date.Year, l.Date.Month)).ToList();
        if (months.Count == 0)
        {
            pdf.NewPage();
            pdf.Text($"{title} — {string.Join(", ", part.Teachers)}", 12, bold: true);
            pdf.Text("Уроков в этом учебном году не было.");
        }
        foreach (var month in months)
        {
            var monthName = MonthName(month.Key.Month, month.Key.Year);
            foreach (var chunk in month.Chunk(DaysPerPage))
            {
                // The left page: who was there and what he got.
                pdf.NewPage();
                pdf.Text($"{title} — {monthName}", 11, bold: true);
                pdf.Text($"Учитель: {string.Join(", ", part.Teachers)}", 9);
                pdf.Space(4);
                pdf.Table(["№", "Фамилия, имя обучающегося", .. chunk.Select(l => l.Date.Day.ToString("00", CultureInfo.InvariantCulture)),
                        .. Enumerable.Repeat("", DaysPerPage - chunk.Length)],
                    [1.1, 10, .. chunk.Select(_ => 1.0), .. Enumerable.Repeat(1.0, DaysPerPage - chunk.Length)],
                    part.Students.Select((s, i) => (IReadOnlyList<string>)[
                        (i + 1).ToString(CultureInfo.InvariantCulture), s.Note is null ? s.Name : $"{s.Name} ({s.Note})",
                        .. chunk.Select(l => part.Cells.GetValueOrDefault((s.Id, l.Id), "")),
                        .. Enumerable.Repeat("", DaysPerPage - chunk.Length)]).ToList() is { Count: > 0 } rows
                        ? rows : [["", "Обучающихся нет", .. Enumerable.Repeat("", DaysPerPage)]],
                    Size, centerFrom: 2, headerSize: Size);

                // The right page: what was taught and set.
                pdf.NewPage();
                pdf.Text($"{title} — {monthName}: содержание уроков", 11, bold: true);
                pdf.Space(4);
                pdf.Table(["Дата", "Урок", "Тема урока", "Домашнее задание", "Учитель"], [1.3, 0.9, 8, 6, 2.6],
                    chunk.Select(l => (IReadOnlyList<string>)[
                        l.Date.ToString("dd.MM", CultureInfo.InvariantCulture), l.Number.ToString(CultureInfo.InvariantCulture),
                        l.Topic ?? "", l.Homework ?? "", l.Teacher]), Size);
            }
        }

        // The period and year grades, below the last right page when they fit.
        var needed = 20 + (part.Students.Count + 1) * (Size * 1.4 + 6);
        if (pdf.Room < needed) pdf.NewPage(); else pdf.Space(14);
        pdf.Text($"{title} — отметки за периоды и год", 11, bold: true);
        pdf.Space(4);
        pdf.Table(["№", "Фамилия, имя обучающегося", .. part.GradeColumns], [1.1, 10, .. part.GradeColumns.Select(_ => 2.4)],
            part.Students.Select((s, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture), s.Name,
                .. part.GradeColumns.Select(c => part.Grades.GetValueOrDefault((s.Id, c), ""))]), Size, centerFrom: 2);
    }

    /// <summary>The summary sheet of final grades: the numbers <c>SummarySheetView</c> shows (the final grade, else the year's).</summary>
    private static void Summary(PdfComposer pdf, ClassYearJournal.Journal j)
    {
        pdf.NewPage();
        pdf.Text($"Сводная ведомость итоговых отметок {j.ClassName} класса за {j.YearName} учебный год", 12, bold: true, center: true);
        pdf.Space(6);
        var sheet = j.Summary;
        if (sheet is null || sheet.Students.Count == 0)
            pdf.Text("Годовых и итоговых отметок в журнале нет.");
        else
            pdf.Table(["№", "Обучающийся", .. sheet.Subjects], [1.1, 8, .. sheet.Subjects.Select(_ => 1.6)],
                sheet.Students.Select((s, i) => (IReadOnlyList<string>)[
                    (i + 1).ToString(CultureInfo.InvariantCulture), s.DisplayName,
                    .. sheet.Subjects.Select(sub => s.Grades.TryGetValue(sub, out var g)
                        ? g.Final ?? g.Year ?? (g.Deferred ? "отср." : "") : "")]), Size, centerFrom: 2, headerSize: 7);
        if (pdf.Room < 90) pdf.NewPage(); else pdf.Space(24);
        pdf.Text($"Классный руководитель ________________ / {j.ClassTeacher ?? "________________"} /", 11);
        pdf.Space(10);
        Signature(pdf, j);
    }

    private static void Signature(PdfComposer pdf, ClassYearJournal.Journal j)
    {
        pdf.Text($"Директор ________________ / {j.Director ?? "________________"} /", 11);
        pdf.Space(18);
        pdf.Text("М.П.", 11);
        pdf.Space(10);
        pdf.Text("«____» ______________ 20___ г.", 11);
    }

    /// <summary>«лист», «листа», «листов» after a number.</summary>
    public static string Sheets(int n) => (n % 100) is >= 11 and <= 14 ? "листов"
        : (n % 10) switch { 1 => "лист", 2 or 3 or 4 => "листа", _ => "листов" };

    private static string MonthName(int month, int year)
    {
        var name = CultureInfo.GetCultureInfo("ru-RU").DateTimeFormat.MonthNames[month - 1];
        return char.ToUpperInvariant(name[0]) + name[1..] + " " + year.ToString(CultureInfo.InvariantCulture);
    }
}
