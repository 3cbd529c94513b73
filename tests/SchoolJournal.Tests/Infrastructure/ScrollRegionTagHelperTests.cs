using Microsoft.AspNetCore.Razor.TagHelpers;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Tests.Infrastructure;

/// <summary>The table scroller's tag helper: a region a keyboard reaches, named after its table's caption.</summary>
public sealed class ScrollRegionTagHelperTests
{
    private const string Table =
        "<table class=\"journal\"><caption class=\"visually-hidden\">Журнал «5А, математика»</caption><tr><td>5</td></tr></table>";

    private static async Task<(TagHelperOutput Output, int Reads)> ProcessAsync(TagHelperAttributeList attributes)
    {
        var reads = 0;
        var output = new TagHelperOutput("div", attributes, (_, _) =>
        {
            reads++;
            return Task.FromResult<TagHelperContent>(new DefaultTagHelperContent().SetHtmlContent(Table));
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
