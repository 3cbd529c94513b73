using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// A grid cell's markup, written straight to the response: the grid page writes one per student and lesson (a partial
/// per cell cost a fifth of the request, issue 16) and <c>_MarkCell</c> writes it as htmx's answer. The cell carries no
/// htmx attributes: journal-grid.js handles the whole table and takes the lesson from data-lesson, the student from the row.
/// </summary>
public sealed class MarkCellHtml(MarkCell cell) : IHtmlContent
{
    public void WriteTo(TextWriter w, HtmlEncoder encoder)
    {
        w.Write("<td class=\"cell");
        if (cell.Absence is not null) w.Write(" absent");
        if (cell.Outside) w.Write(" outside");
        if (cell.Error is not null) w.Write(" invalid");
        w.Write("\" data-lesson=\"");
        w.Write(cell.LessonId);
        w.Write("\"><span class=\"values\">");
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
            encoder.Encode(w, $"{m.WorkType}, вес {m.Weight.ToString("0.##", CultureInfo.CurrentCulture)}");
            if (m.MakeUp) w.Write(". Отработка пропущенной темы");
            if (m.FromPaper) w.Write(". Внесено с бумажного носителя");
            if (!cell.Editable) w.Write(". История отметки");
            w.Write("\">");
            encoder.Encode(w, m.Value);
            w.Write(cell.Editable ? "</span>" : "</a>");
        }
        if (cell.Absence is not null)
        {
            w.Write("<span class=\"code\">");
            encoder.Encode(w, cell.Absence);
            w.Write("</span>");
        }
        w.Write("</span>");
        if (cell.Editable)
        {
            w.Write("<input class=\"entry\" aria-labelledby=\"s");
            w.Write(cell.StudentId);
            w.Write(" l");
            w.Write(cell.LessonId);
            w.Write("\">");
            if (cell.Error is not null)
            {
                w.Write("<span class=\"cell-error\" role=\"alert\">");
                encoder.Encode(w, cell.Error);
                w.Write("</span>");
            }
        }
        w.Write("</td>");
    }
}
