using System.Globalization;
using SchoolJournal.Web.Features.Year.Plans;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Import;

/// <summary>A problem of the file, by its row and column as the user sees them in Excel; the column is null for the whole row.</summary>
public sealed record ImportProblem(int Row, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Строка {Row}: {Message}" : $"Строка {Row}, столбец «{Column}»: {Message}";
}

/// <summary>One data row of the file: its number and its cells by the column's header.</summary>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] => Cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
}

/// <summary>
/// Reads an uploaded spreadsheet: XLSX, or CSV in UTF-8 or Windows-1251 separated by «;», «,» or tab (the КТП import's
/// detection, <see cref="PlanFile.Decode"/>), into rows keyed by the kind's Russian headers.
/// </summary>
public static class ImportFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    public static (List<ImportRow> Rows, List<ImportProblem> Problems) Read(ImportKind kind, string? fileName, byte[] content)
    {
        if (content.Length == 0) return Fail("Файл пустой.");
        if (content.Length > MaxBytes) return Fail(TooLarge);
        if (content is [0xD0, 0xCF, 0x11, 0xE0, ..])
            return Fail("Файл в старом формате Excel (XLS). Сохраните его как «Книга Excel (XLSX)» или CSV и загрузите снова.");
        List<(int Line, string[] Cells)> table;
        if (content is [(byte)'P', (byte)'K', 3, 4, ..])
        {
            try
            {
                using var stream = new MemoryStream(content);
                table = [.. Xlsx.Read(stream).Select((cells, i) => (i + 1, cells))];
            }
            catch (InvalidDataException e)
            {
                return Fail(e.Message);
            }
        }
        else if (fileName is not null && Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" or ".xls" or ".ods" or ".doc" or ".docx" or ".pdf")
            return Fail($"Файл «{Path.GetFileName(fileName)}» не похож ни на книгу Excel (XLSX), ни на текстовый CSV.");
        else
            table = PlanFile.Csv(PlanFile.Decode(content));
        return FromTable(kind, table);
    }

    public static readonly string TooLarge = $"Файл больше {MaxBytes / 1024 / 1024} МБ. Разделите список на несколько файлов.";

    private static (List<ImportRow>, List<ImportProblem>) FromTable(ImportKind kind, List<(int Line, string[] Cells)> table)
    {
        var filled = table.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (filled.Count == 0) return Fail("В файле нет ни одной строки.");
        var (headerLine, header) = filled[0];
        var columns = header.Select(h => kind.Columns.FirstOrDefault(c => Same(c.Header, h))?.Header).ToArray();
        var problems = kind.Columns.Where(c => c.Required && !columns.Contains(c.Header))
            .Select(c => new ImportProblem(headerLine, c.Header,
                $"в заголовке нет обязательного столбца. Первая строка — заголовок: {string.Join("; ", kind.Columns.Select(x => x.Header))}. " +
                "Скачайте шаблон."))
            .ToList();
        if (problems.Count > 0) return ([], problems);
        if (filled.Count - 1 > MaxRows) return Fail($"В файле {filled.Count - 1} строк: за один раз загружается не больше {MaxRows}.");
        var rows = new List<ImportRow>();
        foreach (var (line, cells) in filled.Skip(1))
        {
            var dict = new Dictionary<string, string>();
            for (var i = 0; i < cells.Length && i < columns.Length; i++)
                if (columns[i] is { } name) dict[name] = Clean(cells[i]);
            rows.Add(new ImportRow(line, dict));
        }
        if (rows.Count == 0) return Fail("В файле есть только заголовок: добавьте строки под ним.");
        return (rows, []);
    }

    private static bool Same(string header, string cell) =>
        string.Equals(header, cell.Trim().TrimEnd('*').Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(header.Replace('ё', 'е'), cell.Trim().Replace('ё', 'е'), StringComparison.OrdinalIgnoreCase);

    /// <summary>Trimmed, control characters and the non-breaking space Excel leaves out.</summary>
    private static string Clean(string cell) =>
        new string(cell.Where(c => !char.IsControl(c)).ToArray()).Replace('\u00A0', ' ').Trim();

    private static (List<ImportRow>, List<ImportProblem>) Fail(string message) => ([], [new ImportProblem(1, null, message)]);

    /// <summary>A date as people type it: 01.09.2015, 1.9.2015, 2015-09-01 (what the XLSX reader gives for a date cell).</summary>
    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var d) ? d : null;

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
