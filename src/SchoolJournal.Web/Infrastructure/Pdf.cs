using System.Collections.Concurrent;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The DejaVu fonts are not where the PDF needs them: a clear message for the administrator, not a crash.</summary>
public sealed class PdfFontsMissingException(string message) : Exception(message);

/// <summary>
/// PDF documents with Cyrillic text (decision 0008): PdfPig's document builder (Apache-2.0) with DejaVu Sans from
/// Debian's fonts-dejavu-core, embedded in every file, so a paper extract prints the same everywhere.
/// </summary>
public static class Pdf
{
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private static readonly string Regular = Path.Combine(FontDirectory, "DejaVuSans.ttf");
    private static readonly string Bold = Path.Combine(FontDirectory, "DejaVuSans-Bold.ttf");
    private static readonly Lazy<(byte[] Regular, byte[] Bold)> Files = new(() => (File.ReadAllBytes(Regular), File.ReadAllBytes(Bold)));

    /// <summary>The font files' bytes, read once; a clear error when Debian's fonts-dejavu-core is missing.</summary>
    public static (byte[] Regular, byte[] Bold) Fonts()
    {
        var missing = new[] { Regular, Bold }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new PdfFontsMissingException(
                $"Не найдены файлы шрифтов DejaVu ({string.Join(", ", missing)}). Установите пакет fonts-dejavu-core и повторите.");
        return Files.Value;
    }
}

/// <summary>
/// Writes A4 pages top to bottom: paragraphs that wrap at word boundaries and tables whose rows wrap and whose header
/// repeats on every page a table continues on. Positions are kept from the top of the page, as a reader reads; PDF
/// counts from the bottom, so every drawing turns them over.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    private const double Margin = 42; // ≈ 15 mm
    private const double CellPadding = 3;
    // DejaVu Sans: ascent 0.928 em, line 1.164 em.
    private const double Ascent = 0.928;
    private const double LineEm = 1.164 * 1.15;
    private readonly PdfDocumentBuilder _doc = new();
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private readonly bool _landscape;
    private readonly bool _numbered;
    private readonly List<PdfPageBuilder> _pages = [];
    private PdfPageBuilder _page = null!;
    private double _y;

    /// <summary>
    /// <paramref name="landscape"/> turns every page of A4 on its side (the journal's spreads); <paramref name="numbered"/> prints
    /// each page's number at its foot, as a bound journal is numbered.
    /// </summary>
    public PdfComposer(string title, bool landscape = false, bool numbered = false)
    {
        (_landscape, _numbered) = (landscape, numbered);
        var (regular, bold) = Pdf.Fonts();
        _regular = _doc.AddTrueTypeFont(regular);
        _bold = _doc.AddTrueTypeFont(bold);
        _doc.DocumentInformation.Title = title;
        _doc.DocumentInformation.Creator = "SchoolJournal";
        NewPage();
    }

    public int PageCount { get; private set; }

    public double PageHeight => _page.PageSize.Height;

    private double Width => _page.PageSize.Width - 2 * Margin;

    private double Bottom => PageHeight - Margin;

    private PdfDocumentBuilder.AddedFont Font(bool bold) => bold ? _bold : _regular;

    public void NewPage()
    {
        _page = _doc.AddPage(PageSize.A4, isPortrait: !_landscape);
        _pages.Add(_page);
        PageCount++;
        _y = Margin;
        if (_numbered)
        {
            var number = PageCount.ToString(CultureInfo.InvariantCulture);
            Draw(number, _regular, 8, (PageWidth - Measure(number, _regular, 8)) / 2, PageHeight - Margin / 2 - 4);
        }
    }

    /// <summary>Where the next line starts, from the top of the page.</summary>
    public double Y => _y;

    /// <summary>Room left on the page below <see cref="Y"/>.</summary>
    public double Room => Bottom - _y;

    public double ContentWidth => Width;

    public double LeftMargin => Margin;

    /// <summary>
    /// Writes one line on a page made earlier (1-based): a contents page is reserved first and filled in once the pages it
    /// lists are numbered.
    /// </summary>
    public void TextOnPage(int pageNumber, string text, double x, double top, double size = 10, bool bold = false, bool alignRight = false)
    {
        var current = _page;
        _page = _pages[pageNumber - 1];
        var font = Font(bold);
        Draw(text, font, size, alignRight ? x - Measure(text, font, size) : x, top);
        _page = current;
    }

    /// <summary>A line of text at a place on the current page, left-aligned, centred or right-aligned at <paramref name="x"/>.</summary>
    public void Label(string text, double x, double top, double size = 10, bool bold = false, bool center = false, bool alignRight = false)
    {
        var font = Font(bold);
        var width = Measure(text, font, size);
        Draw(text, font, size, center ? x - width / 2 : alignRight ? x - width : x, top);
    }

    public void Space(double points) => _y += points;

    /// <summary>A paragraph wrapped to the page width; starts a new page when it does not fit.</summary>
    public void Text(string text, double size = 10, bool bold = false, bool center = false)
    {
        var font = Font(bold);
        var height = size * LineEm;
        foreach (var line in Wrap(text, font, size, Width))
        {
            if (_y + height > Bottom) NewPage();
            var x = center ? Margin + (Width - Measure(line, font, size)) / 2 : Margin;
            Draw(line, font, size, x, _y);
            _y += height;
        }
    }

    /// <summary>A table with borders; <paramref name="widths"/> are shares of the page width.</summary>
    /// <remarks>
    /// Columns from <paramref name="centerFrom"/> on are centred (the day columns of a journal grid); a row is never lower than
    /// <paramref name="minRowHeight"/> (room to write by hand on a blank form).
    /// </remarks>
    /// <returns>Where each body row was drawn: its page (1-based) and top, for text added to it later.</returns>
    public IReadOnlyList<(int Page, double Top)> Table(IReadOnlyList<string> header, IReadOnlyList<double> widths,
        IEnumerable<IReadOnlyList<string>> rows, double size = 9, int centerFrom = int.MaxValue, double minRowHeight = 0, double headerSize = 0)
    {
        var placed = new List<(int Page, double Top)>();
        if (headerSize <= 0) headerSize = size;
        var total = widths.Sum();
        var columns = widths.Select(w => w / total * Width).ToArray();

        double RowHeight(IReadOnlyList<string> cells, PdfDocumentBuilder.AddedFont font, double fontSize) => Math.Max(minRowHeight,
            cells.Select((c, i) => Lines(c, font, fontSize, columns[i] - 2 * CellPadding).Count).Max() * fontSize * LineEm + 2 * CellPadding);

        void Row(IReadOnlyList<string> cells, PdfDocumentBuilder.AddedFont font, bool shaded, double height)
        {
            var fontSize = shaded ? headerSize : size;
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var corner = new PdfPoint(x, PageHeight - _y - height);
                if (shaded)
                {
                    _page.SetTextAndFillColor(235, 235, 235);
                    _page.DrawRectangle(corner, columns[i], height, 0.5, fill: true);
                    _page.SetTextAndFillColor(0, 0, 0);
                }
                _page.DrawRectangle(corner, columns[i], height, 0.5);
                var ly = _y + CellPadding;
                foreach (var line in Lines(cells[i], font, fontSize, columns[i] - 2 * CellPadding))
                {
                    var lx = i >= centerFrom ? x + (columns[i] - Measure(line, font, fontSize)) / 2 : x + CellPadding;
                    Draw(line, font, fontSize, lx, ly);
                    ly += fontSize * LineEm;
                }
                x += columns[i];
            }
            _y += height;
        }

        var headerHeight = RowHeight(header, _bold, headerSize);
        var first = true;
        foreach (var row in rows)
        {
            var height = RowHeight(row, _regular, size);
            if (first || _y + height > Bottom)
            {
                if (_y + headerHeight + height > Bottom) NewPage();
                Row(header, _bold, shaded: true, headerHeight);
                first = false;
            }
            placed.Add((PageCount, _y));
            Row(row, _regular, shaded: false, height);
        }
        if (first) Row(header, _bold, shaded: true, headerHeight);
        return placed;
    }

    public double PageWidth => _page.PageSize.Width;

    /// <summary>
    /// A paragraph in a box of the page (slips, labels): wrapped to <paramref name="width"/> from (<paramref name="x"/>,
    /// <paramref name="top"/>), never breaking the page; gives back where the next line starts.
    /// </summary>
    public double TextAt(string text, double x, double top, double width, double size = 9, bool bold = false)
    {
        var font = Font(bold);
        foreach (var line in Wrap(text, font, size, width))
        {
            Draw(line, font, size, x, top);
            top += size * LineEm;
        }
        return top;
    }

    /// <summary>A dashed line (a cut line between slips) from one point to another, measured from the top of the page.</summary>
    public void DashedLine(double x1, double top1, double x2, double top2, double dash = 4, double gap = 3)
    {
        var length = Math.Sqrt((x2 - x1) * (x2 - x1) + (top2 - top1) * (top2 - top1));
        if (length == 0) return;
        var (dx, dy) = ((x2 - x1) / length, (top2 - top1) / length);
        _page.SetStrokeColor(120, 120, 120);
        for (var at = 0.0; at < length; at += dash + gap)
        {
            var end = Math.Min(at + dash, length);
            _page.DrawLine(new PdfPoint(x1 + dx * at, PageHeight - (top1 + dy * at)),
                new PdfPoint(x1 + dx * end, PageHeight - (top1 + dy * end)), 0.5);
        }
        _page.ResetColor();
    }

    /// <summary>Draws one line with its top at <paramref name="top"/> (from the top of the page).</summary>
    private void Draw(string line, PdfDocumentBuilder.AddedFont font, double size, double x, double top)
    {
        if (line.Length > 0) _page.AddText(line, size, new PdfPoint(x, PageHeight - top - size * Ascent), font);
    }

    /// <summary>Short cell texts (a mark, a day) that fit as they are skip the word-by-word wrapping.</summary>
    private List<string> Lines(string text, PdfDocumentBuilder.AddedFont font, double size, double width) =>
        text.Length == 0 ? [""]
        : text.Length <= 4 && !text.Contains('\n') && Measure(text, font, size) <= width ? [text]
        : Wrap(text, font, size, width);

    /// <summary>
    /// The width of a line: the sum of its characters' advances, each measured once per font by PdfPig (the width of that one
    /// character at size 1) and kept for every document. PdfPig's <c>MeasureText</c> lays out every letter with its glyph's box,
    /// and the wrapping measures each line word by word: measured once, the year archive's perf samples fell by a third (2,878 to
    /// 1,963, 7 December). PdfPig puts letters side by side by their advances, without kerning, so the sum is its measure of the
    /// whole line (a test compares them).
    /// </summary>
    internal double Measure(string text, PdfDocumentBuilder.AddedFont font, double size)
    {
        var advances = font == _bold ? BoldAdvances : RegularAdvances;
        var width = 0.0;
        foreach (var c in text)
            width += advances.TryGetValue(c, out var advance) ? advance : advances.GetOrAdd(c, MeasureOne(c, font));
        return width * size;
    }

    /// <summary>PdfPig's own measure of a line, which <see cref="Measure"/> adds up from single characters.</summary>
    internal double MeasureByPdfPig(string text, PdfDocumentBuilder.AddedFont font, double size)
    {
        if (text.Length == 0) return 0;
        var letters = _page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }

    internal PdfDocumentBuilder.AddedFont RegularFont => _regular;

    internal PdfDocumentBuilder.AddedFont BoldFont => _bold;

    private double MeasureOne(char c, PdfDocumentBuilder.AddedFont font) => MeasureByPdfPig(c.ToString(), font, 1);

    private static readonly ConcurrentDictionary<char, double> RegularAdvances = new();
    private static readonly ConcurrentDictionary<char, double> BoldAdvances = new();

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces; a word longer than a line is cut.</summary>
    private List<string> Wrap(string text, PdfDocumentBuilder.AddedFont font, double size, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font, size) <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && Measure(line, font, size) > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut], font, size) > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    public byte[] ToBytes() => _doc.Build();

    public void Dispose() => _doc.Dispose();
}
