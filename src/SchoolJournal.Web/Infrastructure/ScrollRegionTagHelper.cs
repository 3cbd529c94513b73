using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// A table's horizontal scroller (<c>&lt;div class="scroll"&gt;</c>) on a narrow screen is a region a keyboard can reach
/// (WCAG 2.1.1, axe «scrollable-region-focusable»): focusable, named after the table's caption. A page that names the region
/// itself (<c>aria-label</c>) keeps its table unread: finding the caption takes the whole table as one string — for the journal
/// grid a 195 KB string on the large-object heap per view, which drove a full garbage collection every few requests (issue 16).
/// </summary>
[HtmlTargetElement("div", Attributes = "[class^=scroll]")]
public sealed partial class ScrollRegionTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.TryGetAttribute("class", out var cls) || !$"{cls.Value}".Split(' ').Contains("scroll")) return;
        if (!output.Attributes.ContainsName("tabindex")) output.Attributes.SetAttribute("tabindex", "0");
        if (!output.Attributes.ContainsName("role")) output.Attributes.SetAttribute("role", "region");
        if (output.Attributes.ContainsName("aria-label")) return;
        var content = (await output.GetChildContentAsync()).GetContent();
        var caption = Caption().Match(content);
        var label = caption.Success ? WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, " ")).Trim() : "";
        output.Attributes.SetAttribute("aria-label", label.Length > 0 ? $"Таблица «{label}»" : "Таблица");
        output.Content.SetHtmlContent(content);
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex(@"(<[^>]+>|\s)+")]
    private static partial Regex Tags();
}
