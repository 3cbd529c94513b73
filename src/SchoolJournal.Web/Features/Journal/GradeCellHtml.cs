using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// A row's period-grade cell written straight to the response, as <see cref="MarkCellHtml"/> does for a mark cell: a partial per
/// row with its own form tag helper (a link generated, a token looked up) was a quarter of the grid page's time (issue 16).
/// The form posts without script too; the request token is the page's one, given by the caller.
/// </summary>
public sealed class GradeCellHtml(GradeCell cell, string? token) : IHtmlContent
{
    private static readonly HtmlEncoder Text = HtmlEncoder.Create(UnicodeRanges.All);

    public void WriteTo(TextWriter w, HtmlEncoder encoder)
    {
        w.Write(cell.Error is not null ? "<td class=\"final invalid\">" : "<td class=\"final\">");
        if (cell.Editable)
        {
            var action = $"/Journal/Group/{cell.GroupId}?handler=Grade";
            w.Write($"<form method=\"post\" action=\"{action}\" hx-post=\"{action}\" hx-trigger=\"change\" hx-target=\"closest td\"");
            w.Write(" hx-swap=\"outerHTML\">");
            if (token is not null)
            {
                w.Write("<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"");
                Text.Encode(w, token);
                w.Write("\" />");
            }
            w.Write($"<input type=\"hidden\" name=\"periodId\" value=\"{cell.PeriodId}\" />");
            w.Write($"<input type=\"hidden\" name=\"studentId\" value=\"{cell.StudentId}\" />");
            w.Write($"<select name=\"value\" aria-labelledby=\"s{cell.StudentId}\" title=\"");
            Text.Encode(w, cell.Grade is null && cell.Suggested is not null
                ? "Предлагаемая по среднему баллу: " + cell.Suggested : "Отметка за период");
            w.Write("\">");
            w.Write(cell.Grade is null ? "<option value=\"\" selected=\"selected\">—</option>" : "<option value=\"\">—</option>");
            foreach (var v in cell.Values)
            {
                w.Write("<option value=\"");
                Text.Encode(w, v);
                w.Write(v == cell.Grade ? "\" selected=\"selected\">" : "\">");
                Text.Encode(w, v);
                w.Write("</option>");
            }
            // A space between the list and the grade beside it, as the markup's line break gave before.
            w.Write("</select> ");
            if (cell.Grade is not null) Element(w, "<b class=\"grade\">", cell.Grade, "</b>");
            else if (cell.Suggested is not null)
                Element(w, "<span class=\"suggested\" title=\"Предлагаемая по среднему баллу; не выставлена\">предл. ", cell.Suggested, "</span>");
            w.Write("<noscript><button type=\"submit\">Сохранить</button></noscript></form>");
            if (cell.Error is not null) Element(w, "<span class=\"cell-error\" role=\"alert\">", cell.Error, "</span>");
        }
        else if (cell.Grade is not null) Element(w, "<b>", cell.Grade, "</b>");
        else if (cell.Suggested is not null)
            Element(w, "<span class=\"suggested\" title=\"Предлагаемая по среднему баллу\">(", cell.Suggested, ")</span>");
        w.Write("</td>");
    }

    private static void Element(TextWriter w, string open, string text, string close)
    {
        w.Write(open);
        Text.Encode(w, text);
        w.Write(close);
    }
}
