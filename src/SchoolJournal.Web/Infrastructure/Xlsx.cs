using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// XLSX export and import for every list of the year set-up (R-YEAR: "every page has an export to XLSX") and
/// for file imports (КТП). One sheet, a bold header row, frozen under the header; cells are text, numbers or dates.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The workbook as bytes: <paramref name="headers"/> then one row per item of <paramref name="rows"/>.</summary>
    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var widths = headers.Select(h => h.Length).ToArray();
            data.Append(Row(1, headers.Cast<object?>().ToList(), header: true, widths));
            uint index = 2;
            foreach (var row in rows) data.Append(Row(index++, row, header: false, widths));
            var columns = new Columns(widths.Select((w, i) => new Column
            {
                Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Min(60, Math.Max(8, w + 2)), CustomWidth = true,
            }));
            var view = new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 });
            sheetPart.Worksheet = new Worksheet(view, columns, data);
            book.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = book.GetIdOfPart(sheetPart), SheetId = 1, Name = SafeSheetName(sheetName),
            }));
        }
        return stream.ToArray();
    }

    /// <summary>A download of <see cref="Write"/> for a minimal API or a page handler.</summary>
    public static IResult File(string fileName, string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows) =>
        Results.File(Write(sheetName, headers, rows), ContentType, fileName);

    /// <summary>
    /// The first sheet's rows as text, top to bottom, each padded to its last non-empty cell; numbers in invariant
    /// form, dates (cells formatted as dates) as yyyy-MM-dd. Throws <see cref="InvalidDataException"/> for a file that
    /// is not an XLSX workbook.
    /// </summary>
    public static List<string[]> Read(Stream stream)
    {
        SpreadsheetDocument doc;
        try
        {
            doc = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException)
        {
            throw new InvalidDataException("Файл не является книгой Excel (XLSX).", e);
        }
        using (doc)
        {
            var book = doc.WorkbookPart ?? throw new InvalidDataException("В книге Excel нет листов.");
            var sheet = book.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("В книге Excel нет листов.");
            var part = (WorksheetPart)book.GetPartById(sheet.Id!);
            var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var dateStyles = DateStyleIndexes(book);
            var result = new List<string[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var rowIndex = (int)(row.RowIndex?.Value ?? (uint)result.Count + 1);
                while (result.Count < rowIndex - 1) result.Add([]);
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } r ? ColumnIndex(r) : cells.Count;
                    while (cells.Count < column) cells.Add("");
                    cells.Add(CellText(cell, shared, dateStyles));
                }
                while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
                result.Add([.. cells]);
            }
            return result;
        }
    }

    private static string CellText(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? cell.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, out var i) && i >= 0 && i < shared.Count ? shared[i].Trim() : "";
        if (cell.DataType?.Value == CellValues.InlineString) return (cell.InlineString?.InnerText ?? "").Trim();
        if (cell.DataType?.Value == CellValues.Boolean) return raw == "1" ? "TRUE" : "FALSE";
        if (cell.StyleIndex?.Value is uint s && dateStyles.Contains(s) &&
            double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var oa))
            return DateOnly.FromDateTime(DateTime.FromOADate(oa)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (raw ?? "").Trim();
    }

    private static HashSet<uint> DateStyleIndexes(WorkbookPart book)
    {
        var result = new HashSet<uint>();
        var formats = book.WorkbookStylesPart?.Stylesheet?.CellFormats?.Elements<CellFormat>().ToList();
        if (formats is null) return result;
        var custom = book.WorkbookStylesPart!.Stylesheet!.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.FormatCode?.Value is { } code && (code.Contains('d') || code.Contains('y')) && !code.Contains('h'))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        for (var i = 0; i < formats.Count; i++)
        {
            var id = formats[i].NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 17 || id == 22 || custom.Contains(id)) result.Add((uint)i);
        }
        return result;
    }

    /// <summary>"C7" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference)
        {
            if (!char.IsLetter(ch)) break;
            n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return n - 1;
    }

    private static Row Row(uint index, IReadOnlyList<object?> values, bool header, int[] widths)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var cell = Cell(values[i], header);
            cell.CellReference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
            if (i < widths.Length) widths[i] = Math.Max(widths[i], DisplayLength(values[i]));
        }
        return row;
    }

    private static int DisplayLength(object? value) => value switch
    {
        null => 0,
        DateOnly or DateTime or DateTimeOffset => 10,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Length ?? 0,
    };

    // Style indexes of Stylesheet(): 0 normal, 1 bold header, 2 date.
    private static Cell Cell(object? value, bool header) => value switch
    {
        null => new Cell { StyleIndex = header ? 1u : 0u },
        int or long or short or decimal or double or float => new Cell
        {
            DataType = CellValues.Number,
            CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
            StyleIndex = header ? 1u : 0u,
        },
        DateOnly d => DateCell(d.ToDateTime(TimeOnly.MinValue)),
        DateTime d => DateCell(d),
        DateTimeOffset d => DateCell(d.DateTime),
        bool b => Text(b ? "да" : "нет", header),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", header),
    };

    private static Cell DateCell(DateTime d) => new()
    {
        DataType = CellValues.Number,
        CellValue = new CellValue(d.ToOADate().ToString(CultureInfo.InvariantCulture)),
        StyleIndex = 2u,
    };

    private static Cell Text(string text, bool header) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = header ? 1u : 0u,
    };

    /// <summary>
    /// Text as XML allows it: a control character saved before the edge refused them (a NUL in a КТП topic, a room, a bell)
    /// would make the whole workbook fail, so it is dropped from the cell instead.
    /// </summary>
    public static string XmlSafe(string text) =>
        text.Any(c => !System.Xml.XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            ? new string(text.Where(c => System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray())
            : text;

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
            name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static string SafeSheetName(string name)
    {
        var clean = new string(XmlSafe(name).Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim();
        return clean.Length == 0 ? "Лист1" : clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd.mm.yyyy" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 3 });
}
