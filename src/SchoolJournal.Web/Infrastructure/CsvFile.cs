using CsvHelper;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>CSV downloads (КТП template, reports), written by CsvHelper.</summary>
public static class CsvFile
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// CSV for Russian Excel: «;» separated, UTF-8 with BOM so Excel reads Cyrillic; a «,» is quoted too, for readers
    /// that guess «,». Dates are written as the pages show them, dd.MM.yyyy.
    /// </summary>
    public static byte[] Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions
               {
                   Separator = ';', WriteByteOrderMark = true, ShouldQuote = (field, _, _, _) => field.Contains(','),
               }, leaveOpen: true))
            foreach (var row in new[] { headers.Cast<object?>().ToList() }.Concat(rows))
                csv.WriteRecord([.. row.Select(v => v is DateOnly d ? d.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)
                    : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        return stream.ToArray();
    }
}
