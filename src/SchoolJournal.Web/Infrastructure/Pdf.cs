using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The DejaVu fonts are not where the PDF needs them: a clear message for the administrator, not a crash.</summary>
public sealed class PdfFontsMissingException(string message) : Exception(message);

/// <summary>
/// PDF documents with Cyrillic text (decision 0008): PDFsharp with DejaVu Sans from Debian's fonts-dejavu-core,
/// embedded in every file, so a paper extract prints the same everywhere.
/// </summary>
public static class Pdf
{
    public const string Family = "DejaVu Sans";
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private static readonly string Regular = Path.Combine(FontDirectory, "DejaVuSans.ttf");
    private static readonly string Bold = Path.Combine(FontDirectory, "DejaVuSans-Bold.ttf");

    private static readonly Lock Gate = new();
    private static bool _resolverSet;

    /// <summary>Checks the font files and sets PDFsharp's process-wide font resolver once, whichever request comes first.</summary>
    public static void EnsureFonts()
    {
        var missing = new[] { Regular, Bold }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new PdfFontsMissingException(
                $"Не найдены файлы шрифтов DejaVu ({string.Join(", ", missing)}). Установите пакет fonts-dejavu-core и повторите.");
        lock (Gate)
        {
            if (_resolverSet) return;
            // PDFsharp 6.5 is licensed AGPL-3.0-only (or commercially) and refuses to work until a licence is chosen:
            // decision 0008 records what the AGPL asks of this app.
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            _resolverSet = true;
        }
    }

    private sealed class DejaVuFontResolver : IFontResolver
    {
        private static readonly Lazy<byte[]> RegularBytes = new(() => File.ReadAllBytes(Regular));
        private static readonly Lazy<byte[]> BoldBytes = new(() => File.ReadAllBytes(Bold));

        // Every family asked for is drawn in DejaVu Sans: the documents use no other.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[] GetFont(string faceName) => faceName == "DejaVuSans-Bold" ? BoldBytes.Value : RegularBytes.Value;
    }
}

/// <summary>
/// Writes A4 pages top to bottom: paragraphs that wrap at word boundaries and tables whose rows wrap and whose header
/// repeats on every page a table continues on.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    private const double Margin = 42; // ≈ 15 mm
    private const double CellPadding = 3;
    private readonly PdfDocument _doc;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    public PdfComposer(string title)
    {
        Pdf.EnsureFonts();
        _doc = new PdfDocument();
        _doc.Info.Title = title;
        _doc.Info.Creator = "SchoolJournal";
        NewPage();
    }

    public int PageCount => _doc.PageCount;

    private double Width => _page.Width.Point - 2 * Margin;

    private double Bottom => _page.Height.Point - Margin;

    private static XFont Font(double size, bool bold) => new(Pdf.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    public void NewPage()
    {
        _gfx?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    public void Space(double points) => _y += points;

    /// <summary>A paragraph wrapped to the page width; starts a new page when it does not fit.</summary>
    public void Text(string text, double size = 10, bool bold = false, bool center = false)
    {
        var font = Font(size, bold);
        var lines = Wrap(text, font, Width);
        var height = font.GetHeight() * 1.15;
        foreach (var line in lines)
        {
            if (_y + height > Bottom) NewPage();
            var x = center ? Margin + (Width - _gfx.MeasureString(line, font).Width) / 2 : Margin;
            _gfx.DrawString(line, font, XBrushes.Black, new XPoint(x, _y), XStringFormats.TopLeft);
            _y += height;
        }
    }

    /// <summary>A table with borders; <paramref name="widths"/> are shares of the page width.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<string>> rows, double size = 9)
    {
        var total = widths.Sum();
        var columns = widths.Select(w => w / total * Width).ToArray();
        var regular = Font(size, false);
        var bold = Font(size, true);
        var lineHeight = regular.GetHeight() * 1.15;

        double RowHeight(IReadOnlyList<string> cells, XFont font) =>
            cells.Select((c, i) => Wrap(c, font, columns[i] - 2 * CellPadding).Count).Max() * lineHeight + 2 * CellPadding;

        void Row(IReadOnlyList<string> cells, XFont font, bool shaded)
        {
            var height = RowHeight(cells, font);
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var rect = new XRect(x, _y, columns[i], height);
                if (shaded) _gfx.DrawRectangle(XBrushes.WhiteSmoke, rect);
                _gfx.DrawRectangle(new XPen(XColors.Black, 0.5), rect);
                var ly = _y + CellPadding;
                foreach (var line in Wrap(cells[i], font, columns[i] - 2 * CellPadding))
                {
                    _gfx.DrawString(line, font, XBrushes.Black, new XPoint(x + CellPadding, ly), XStringFormats.TopLeft);
                    ly += lineHeight;
                }
                x += columns[i];
            }
            _y += height;
        }

        var headerHeight = RowHeight(header, bold);
        var first = true;
        foreach (var row in rows)
        {
            var height = RowHeight(row, regular);
            if (first || _y + height > Bottom)
            {
                if (_y + headerHeight + height > Bottom) NewPage();
                Row(header, bold, shaded: true);
                first = false;
            }
            Row(row, regular, shaded: false);
        }
        if (first) Row(header, bold, shaded: true);
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces; a word longer than a line is cut.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_gfx.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && _gfx.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _gfx.MeasureString(line[..cut], font).Width > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    public byte[] ToBytes()
    {
        _gfx.Dispose();
        using var stream = new MemoryStream();
        _doc.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _doc.Dispose();
    }
}
