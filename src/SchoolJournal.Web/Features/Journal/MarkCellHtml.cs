using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// A grid cell's markup, written straight to the response: the grid page writes one per student and lesson (a partial
/// per cell cost a fifth of the request, issue 16) and <c>_MarkCell</c> writes it as htmx's answer. The cell carries only what
/// is its own — its marks, its absence, a class when it cannot be written — and no input, lesson id or htmx attribute:
/// journal-grid.js keeps one entry field for the whole table, moves it into the cell being typed in, and takes the lesson from
/// the column's header (<c>th#l{id}</c>), the student from the row (issue 16: 270 KB of a 5th grade's quarter were mostly an input
/// and a lesson id repeated in each of its 1,360 cells).
/// </summary>
public sealed class MarkCellHtml(MarkCell cell) : IHtmlContent
{
    /// <summary>
    /// Cyrillic as is, markup characters encoded: the encoder handed to <see cref="WriteTo"/> inside a tag helper's content is
    /// the framework's Basic Latin default, which wrote each letter of a mark's tooltip as an 8-byte entity.
    /// </summary>
    private static readonly HtmlEncoder Text = HtmlEncoder.Create(UnicodeRanges.All);

    public void WriteTo(TextWriter w, HtmlEncoder encoder)
    {
        w.Write("<td class=\"cell");
        if (cell.Absence is not null) w.Write(" absent");
        if (cell.Outside) w.Write(" outside");
        if (!cell.Editable) w.Write(" ro");
        if (cell.Error is not null) w.Write(" invalid");
        w.Write("\">");
        foreach (var m in cell.Marks)
        {
            w.Write(cell.Editable ? "<span" : "<a");
            w.Write(m.MakeUp ? " class=\"mark makeup\"" : " class=\"mark\"");
            if (!cell.Editable)
            {
                w.Write(" href=\"/Journal/History?entity=mark&amp;id=");
                w.Write(m.Id);
                w.Write('"');
            }
            w.Write(" title=\"");
            Text.Encode(w, $"{m.WorkType}, вес {m.Weight.ToString("0.##", CultureInfo.CurrentCulture)}");
            if (m.MakeUp) w.Write(". Отработка пропущенной темы");
            if (m.FromPaper) w.Write(". Внесено с бумажного носителя");
            if (!cell.Editable) w.Write(". История отметки");
            w.Write("\">");
            Text.Encode(w, m.Value);
            w.Write(cell.Editable ? "</span>" : "</a>");
        }
        if (cell.Absence is not null)
        {
            w.Write("<span class=\"code\">");
            Text.Encode(w, cell.Absence);
            w.Write("</span>");
        }
        if (cell.Error is not null)
        {
            w.Write("<span class=\"cell-error\" role=\"alert\">");
            Text.Encode(w, cell.Error);
            w.Write("</span>");
        }
        w.Write("</td>");
    }
}
