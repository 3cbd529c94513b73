using System.Text;
using CsvHelper;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Year.Plans;

/// <summary>
/// A КТП file: XLSX, or CSV separated by «;», «,» or tab, in UTF-8 (with or without BOM), UTF-16 with BOM or
/// Windows-1251 (what Excel saves as «CSV (разделители — запятые)» on a Russian Windows). The first row is the header
/// «№; Раздел; Тема; Часы; Домашнее задание / примечание»; columns are found by their header, so «№» and «Раздел» may be
/// left out. A file is read whole: every bad row is reported with its number, and none is taken unless all are good.
/// </summary>
public static class PlanFile
{
    public static readonly string[] Headers = ["№", "Раздел", "Тема", "Часы", "Домашнее задание / примечание"];

    public sealed record Parsed(List<TopicRow> Rows, List<string> Errors);

    static PlanFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The file as topics, or the Russian reasons it cannot be taken.</summary>
    public static Parsed Read(string? fileName, byte[] content)
    {
        if (content.Length == 0) return Fail("Файл пустой.");
        if (content.Length > PlanRules.MaxFileBytes) return Fail("Файл больше 1 МБ: в КТП не бывает столько тем. Проверьте, тот ли файл выбран.");
        if (content is [0xD0, 0xCF, 0x11, 0xE0, ..])
            return Fail("Файл в старом формате Excel (XLS). Сохраните его как «Книга Excel (XLSX)» или CSV и загрузите снова.");
        if (content is [(byte)'P', (byte)'K', 3, 4, ..])
        {
            List<string[]> sheet;
            try
            {
                using var stream = new MemoryStream(content);
                sheet = Xlsx.Read(stream);
            }
            catch (InvalidDataException e)
            {
                return Fail(e.Message);
            }
            return FromTable(sheet);
        }
        if (fileName is not null && Path.GetExtension(fileName).ToLowerInvariant() is ".xlsx" or ".xls" or ".ods" or ".doc" or ".docx" or ".pdf")
            return Fail($"Файл «{Path.GetFileName(fileName)}» не похож ни на книгу Excel (XLSX), ни на текстовый CSV.");
        return FromTable(Csv(Decode(content)));
    }

    /// <summary>UTF-8 or UTF-16 by their BOM; otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1251.</summary>
    public static string Decode(byte[] content)
    {
        if (content is [0xEF, 0xBB, 0xBF, ..]) return Encoding.UTF8.GetString(content, 3, content.Length - 3);
        if (content is [0xFF, 0xFE, ..]) return Encoding.Unicode.GetString(content, 2, content.Length - 2);
        if (content is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1251).GetString(content);
        }
    }

    /// <summary>
    /// CSV records with the line each starts on (a quoted field may span lines). The separator is the one of «;», tab, «,»
    /// that splits the first record into the most fields; «;» wins a tie, as Russian Excel writes it.
    /// </summary>
    public static List<(int Line, string[] Cells)> Csv(string text)
    {
        var separator = Separators.OrderByDescending(c => FirstRecordWidth(text, c)).First();
        using var reader = CsvReader.FromText(text, Options(separator));
        var records = new List<(int, string[])>();
        while (reader.Read()) records.Add(((int)reader.LineNumber, reader.Current.ToArray()));
        return records;
    }

    private static readonly char[] Separators = [';', '\t', ','];

    private static CsvReaderOptions Options(char separator) => new()
    {
        Separator = separator, HasHeader = false, SkipEmptyLines = false, TrimWhitespace = true, TrackLineNumbers = true,
    };

    private static int FirstRecordWidth(string text, char separator)
    {
        using var reader = CsvReader.FromText(text, Options(separator));
        return reader.Read() ? reader.FieldCount : 0;
    }

    private static Parsed FromTable(List<string[]> sheet) => FromTable(sheet.Select((cells, i) => (i + 1, cells)).ToList());

    /// <summary>Rows after the header, checked one by one; empty rows are skipped.</summary>
    public static Parsed FromTable(List<(int Line, string[] Cells)> records)
    {
        var rows = records.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (rows.Count == 0) return Fail("В файле нет ни одной строки.");
        var (line, header) = rows[0];
        var columns = header.Select(Column).ToArray();
        int Index(string name) => Array.IndexOf(columns, name);
        if (Index("Тема") < 0)
            return Fail($"Строка {line}: первая строка должна быть заголовком со столбцом «Тема»: {string.Join(";", Headers)}. Скачайте шаблон.");
        var width = header.Length;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1])) width--;

        var result = new List<TopicRow>();
        var errors = new List<string>();
        foreach (var (number, cells) in rows.Skip(1))
        {
            string? Cell(string name) => Index(name) is var i and >= 0 && i < cells.Length ? cells[i] : null;
            var extra = cells.Skip(width).Count(c => !string.IsNullOrWhiteSpace(c));
            if (extra > 0)
            {
                errors.Add($"Строка {number}: лишние столбцы — заполнено {width + extra}, а в заголовке {width}. Если в теме есть «;» или «,», " +
                    "возьмите её в кавычки.");
                continue;
            }
            var (row, error) = PlanRules.Check(Cell("Раздел"), Cell("Тема"), Cell("Часы"), Cell("Примечание"));
            if (error is not null) errors.Add($"Строка {number}: {error}.");
            else result.Add(row!);
        }
        if (result.Count + errors.Count > PlanRules.MaxTopics)
            errors.Insert(0, $"В файле {result.Count + errors.Count} тем: допускается не больше {PlanRules.MaxTopics}.");
        if (result.Count == 0 && errors.Count == 0) errors.Add("В файле есть только заголовок: добавьте темы под ним.");
        return errors.Count > 0 ? new Parsed([], PlanRules.Limit(errors)) : new Parsed(result, []);
    }

    /// <summary>The pasted list of the editor: one topic per line, «Тема;часы» (hours may be left out for 1 hour).</summary>
    public static Parsed FromLines(string? text)
    {
        var result = new List<TopicRow>();
        var errors = new List<string>();
        var lines = (text ?? "").Replace("\r", "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var parts = lines[i].Split(lines[i].Contains(';') ? ';' : '\t');
            if (parts.Length > 2)
            {
                errors.Add($"Строка {i + 1}: больше одного «;» — нужно «Тема;часы».");
                continue;
            }
            var (row, error) = PlanRules.Check(null, parts[0], parts.Length > 1 ? parts[1] : null, null);
            if (error is not null) errors.Add($"Строка {i + 1}: {error}.");
            else result.Add(row!);
        }
        return errors.Count > 0 ? new Parsed([], PlanRules.Limit(errors)) : new Parsed(result, []);
    }

    /// <summary>A header cell's column: «№», «Раздел», «Тема», «Часы», «Примечание», or "" for an unknown one.</summary>
    private static string Column(string header)
    {
        var h = header.Trim().ToLowerInvariant();
        if (h is "№" or "n" or "no" or "номер" or "№ п/п" or "№ урока") return "№";
        if (h.StartsWith("раздел", StringComparison.Ordinal) || h == "глава") return "Раздел";
        if (h.StartsWith("тема", StringComparison.Ordinal) || h.StartsWith("название", StringComparison.Ordinal)) return "Тема";
        if (h.StartsWith("час", StringComparison.Ordinal) || h.Contains("кол-во час") || h.Contains("количество час")) return "Часы";
        if (h.Contains("домашн") || h.Contains("примеч") || h.StartsWith("д/з", StringComparison.Ordinal) || h == "дз") return "Примечание";
        return "";
    }

    /// <summary>The template: the header and two example rows.</summary>
    public static IReadOnlyList<IReadOnlyList<object?>> ExampleRows =>
    [
        [1, "Натуральные числа", "Натуральные числа и шкалы", 2, "§ 1, № 12–15"],
        [2, "Натуральные числа", "Сложение и вычитание натуральных чисел", 3, "§ 2, № 40"],
    ];

    public static byte[] WriteCsv(IEnumerable<IReadOnlyList<object?>> rows) => CsvFile.Write(Headers, rows);

    private static Parsed Fail(string error) => new([], [error]);
}
