using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// A report as a table with its title and the rule it used, and the three downloads of it: XLSX, CSV and a
/// print-ready A4 PDF with Cyrillic (decision 0008). The page, the API and every format show the same rows. A report with more
/// than one table (<see cref="Parts"/>) writes each after the first: in XLSX and CSV below it after an empty row, under its
/// title and its own header row; in the PDF under its title.
/// </summary>
public sealed record ReportFile(string Title, IReadOnlyList<string> Notes, IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<object?>> Rows, IReadOnlyList<ReportFile.Part>? Parts = null)
{
    /// <summary>A further table of the report: its title, header and rows.</summary>
    public sealed record Part(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

    public static readonly string[] Formats = ["xlsx", "csv", "pdf"];

    public static readonly Problem UnknownFormat = Problem.BadRequest("Неизвестный формат",
        "Отчёт выгружается в форматах xlsx, csv и pdf.");

    /// <summary>The file's bytes, content type and name; null for a format other than xlsx, csv and pdf.</summary>
    public (byte[] Content, string ContentType, string FileName)? Render(string format) => format.ToLowerInvariant() switch
    {
        "xlsx" => (Xlsx.Write(Title, Headers, AllRows()), Xlsx.ContentType, Title + ".xlsx"),
        "csv" => (CsvFile.Write([.. Headers, .. Enumerable.Repeat("", Width - Headers.Count)],
            AllRows().Select(r => (IReadOnlyList<object?>)[.. r, .. Enumerable.Repeat<object?>(null, Width - r.Count)])),
            CsvFile.ContentType, Title + ".csv"),
        "pdf" => (ToPdf(), "application/pdf", Title + ".pdf"),
        _ => null,
    };

    /// <summary>The API's download: the file, or 400 for an unknown format.</summary>
    public IResult ToResult(string format) =>
        Render(format) is { } file ? Results.File(file.Content, file.ContentType, file.FileName) : UnknownFormat.ToResult();

    /// <summary>The widest table's columns: CSV wants every line as wide (RFC 4180), so the narrower ones are padded.</summary>
    private int Width => Math.Max(Headers.Count, (Parts ?? []).Select(p => p.Headers.Count).DefaultIfEmpty(0).Max());

    /// <summary>The rows of the first table, then each part: an empty row, its title, its header, its rows.</summary>
    private IEnumerable<IReadOnlyList<object?>> AllRows() => Rows.Concat((Parts ?? []).SelectMany(p =>
        new IReadOnlyList<object?>[] { [null], [p.Title], [.. p.Headers] }.Concat(p.Rows)));

    private byte[] ToPdf()
    {
        using var pdf = new PdfComposer(Title);
        pdf.Text(Title, 13, bold: true);
        foreach (var note in Notes) pdf.Text(note, 8);
        pdf.Space(6);
        // The first column (a name) gets twice the room of a number.
        pdf.Table(Headers, [.. Headers.Select((_, i) => i == 0 ? 2.5 : 1.0)], Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Text)]), 7);
        foreach (var part in Parts ?? [])
        {
            pdf.Space(8);
            pdf.Text(part.Title, 10, bold: true);
            pdf.Space(4);
            pdf.Table(part.Headers, [.. part.Headers.Select((_, i) => i == 0 ? 2.5 : 1.0)],
                part.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Text)]), 7);
        }
        return pdf.ToBytes();
    }

    public static string Text(object? value) => value switch
    {
        null => "—",
        decimal d => d.ToString("0.##", CultureInfo.GetCultureInfo("ru-RU")),
        DateOnly d => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.GetCultureInfo("ru-RU")),
        _ => value.ToString() ?? "",
    };
}
