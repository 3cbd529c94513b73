using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// Pages read the way a browser reads them, so that a check names the element it means (the cell of a student and a
/// lesson, the row of a class) and cannot pass on the same text elsewhere on the page.
/// </summary>
public static partial class Html
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) => Parse(await response.Content.ReadAsStringAsync());

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url) => Parse(await client.GetStringAsync(url));

    /// <summary>
    /// A table cell that htmx swaps in. Parsed on its own the cell would lose its &lt;td&gt; (a parser drops cells outside a
    /// table), so it is parsed inside a row, as the browser does when it swaps it.
    /// </summary>
    public static async Task<IElement> ParseCellAsync(HttpResponseMessage response)
    {
        var row = Parse("<table><tbody><tr></tr></tbody></table>").QuerySelector("tr")!;
        row.InnerHtml = await response.Content.ReadAsStringAsync();
        return Assert.Single(row.Children);
    }

    /// <summary>The one element the selector matches; a check on it fails when there is none or more than one.</summary>
    public static IElement One(this IParentNode node, string selector)
    {
        var found = node.QuerySelectorAll(selector);
        Assert.True(found.Length == 1, $"«{selector}» matches {found.Length} elements, not one");
        return found[0];
    }

    /// <summary>The text a reader sees: runs of white space as one space, no space at the ends.</summary>
    public static string Read(this INode node) => Spaces().Replace(node.TextContent, " ").Trim();

    public static string TextOf(this IParentNode node, string selector) => node.One(selector).Read();

    public static List<string> TextsOf(this IParentNode node, string selector) => [.. node.QuerySelectorAll(selector).Select(e => e.Read())];

    /// <summary>What a form sends as it stands: the names and values of its inputs.</summary>
    public static Dictionary<string, string> FieldsOf(this IElement form) =>
        form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

    /// <summary>
    /// The body rows of the tables in <paramref name="node"/>, each as the texts of its cells, where a cell's parts in
    /// their own elements (a subject and its «замена» tag) are told apart by a space, as the page sets them apart.
    /// </summary>
    public static List<string[]> BodyRows(this IParentNode node) =>
        [.. node.QuerySelectorAll("tbody tr").Select(r => r.Children.Where(c => c.LocalName is "td" or "th").Select(Parts).ToArray())];

    private static string Parts(IElement cell) =>
        Spaces().Replace(string.Join(" ", cell.Descendants<IText>().Select(t => t.Data)), " ").Trim();

    /// <summary>The one table row whose header cell (or, without one, first cell) reads <paramref name="name"/>.</summary>
    public static IElement Row(this IParentNode node, string name)
    {
        var rows = node.QuerySelectorAll("tr")
            .Where(r => (r.Children.FirstOrDefault(c => c.LocalName == "th") ?? r.Children.FirstOrDefault())?.Read() == name).ToList();
        Assert.True(rows.Count == 1, $"{rows.Count} table rows named «{name}», not one");
        return rows[0];
    }

    /// <summary>The cell of <paramref name="row"/> under the column whose header reads <paramref name="column"/>.</summary>
    public static IElement Cell(this IElement row, string column)
    {
        var table = row.Closest("table") ?? throw new InvalidOperationException("the row is not in a table");
        var header = table.QuerySelector("thead tr:last-child") ?? table.QuerySelector("tr")!;
        var at = Columns(header).Where(c => c.Cell.Read() == column).Select(c => c.From).ToList();
        Assert.True(at.Count == 1, $"{at.Count} columns «{column}», not one");
        return Columns(row).Single(c => c.From == at[0]).Cell;
    }

    /// <summary>Each cell of a row with the column it starts at, counting spans.</summary>
    private static IEnumerable<(IElement Cell, int From)> Columns(IElement row)
    {
        var column = 0;
        foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
        {
            yield return (cell, column);
            column += int.TryParse(cell.GetAttribute("colspan"), out var span) ? span : 1;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
