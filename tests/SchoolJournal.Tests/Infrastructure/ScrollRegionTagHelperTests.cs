using Microsoft.AspNetCore.Razor.TagHelpers;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

/// <summary>The table scroller's tag helper: a region a keyboard reaches, named after its table's caption.</summary>
public sealed class ScrollRegionTagHelperTests
{
    private const string Table =
        "<table class=\"journal\"><caption class=\"visually-hidden\">Журнал «5А, математика»</caption><tr><td>5</td></tr></table>";

    private static async Task<(TagHelperOutput Output, int Reads)> ProcessAsync(TagHelperAttributeList attributes, string table = Table)
    {
        var reads = 0;
        var output = new TagHelperOutput("div", attributes, (_, _) =>
        {
            reads++;
            return Task.FromResult<TagHelperContent>(new DefaultTagHelperContent().SetHtmlContent(table));
        });
        await new ScrollRegionTagHelper().ProcessAsync(new TagHelperContext(attributes, new Dictionary<object, object>(), "t"), output);
        return (output, reads);
    }

    [Fact]
    public async Task A_scroller_is_named_after_its_tables_caption()
    {
        var (output, reads) = await ProcessAsync([new TagHelperAttribute("class", "scroll")]);

        Assert.Equal(1, reads);
        Assert.Equal("0", output.Attributes["tabindex"].Value);
        Assert.Equal("region", output.Attributes["role"].Value);
        Assert.Equal("Таблица «Журнал «5А, математика»»", output.Attributes["aria-label"].Value);
        Assert.Equal(Table, output.Content.GetContent()); // the table itself unchanged
    }

    [Fact]
    public async Task The_caption_is_found_in_a_table_written_piece_by_piece_and_its_rows_are_not_kept()
    {
        // As Razor writes it: the caption's text encoded, its closing tag split between two writes, then 2,000 rows
        var rows = string.Concat(Enumerable.Repeat("<tr><td class=\"cell\">5</td></tr>", 2000));
        var content = new DefaultTagHelperContent()
            .AppendHtml("<table class=\"journal\"><caption class=\"visually-hidden\">Журнал ")
            .Append("«5А & 5Б»").AppendHtml("</capt").AppendHtml("ion><tbody>").AppendHtml(rows).AppendHtml("</tbody></table>");
        var output = new TagHelperOutput("div", [new TagHelperAttribute("class", "scroll")],
            (_, _) => Task.FromResult<TagHelperContent>(content));

        await new ScrollRegionTagHelper().ProcessAsync(new TagHelperContext([], new Dictionary<object, object>(), "t"), output);

        Assert.Equal("Таблица «Журнал «5А & 5Б»»", output.Attributes["aria-label"].Value);
        Assert.Equal(content.GetContent(), output.Content.GetContent()); // the table goes out whole and unchanged
    }

    [Fact]
    public async Task A_table_without_a_caption_in_its_beginning_is_named_only_a_table()
    {
        var rows = string.Concat(Enumerable.Repeat("<tr><td>5</td></tr>", 1000));
        var (output, _) = await ProcessAsync([new TagHelperAttribute("class", "scroll")], $"<table>{rows}<caption>Поздно</caption></table>");

        Assert.Equal("Таблица", output.Attributes["aria-label"].Value);
    }

    [Fact]
    public async Task A_scroller_the_page_names_keeps_its_name_and_its_table_is_not_read()
    {
        var (output, reads) = await ProcessAsync([new TagHelperAttribute("class", "scroll journal-scroll"),
            new TagHelperAttribute("aria-label", "Таблица «Журнал «5А, математика»»")]);

        Assert.Equal(0, reads); // the journal grid's 1,300 cells are not turned into one string to find a caption
        Assert.Equal("0", output.Attributes["tabindex"].Value);
        Assert.Equal("region", output.Attributes["role"].Value);
        Assert.Equal("Таблица «Журнал «5А, математика»»", output.Attributes["aria-label"].Value);
    }

    [Fact]
    public async Task A_div_whose_class_only_begins_with_scroll_is_left_alone()
    {
        var (output, reads) = await ProcessAsync([new TagHelperAttribute("class", "scroller")]);

        Assert.Equal(0, reads);
        Assert.False(output.Attributes.ContainsName("role"));
    }
}
