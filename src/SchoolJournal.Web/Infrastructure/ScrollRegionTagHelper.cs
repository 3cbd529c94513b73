using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// A table's horizontal scroller (<c>&lt;div class="scroll"&gt;</c>) on a narrow screen is a region a keyboard can reach
/// (WCAG 2.1.1, axe «scrollable-region-focusable»): focusable, named after the table's caption. The caption is looked for in
/// the table's beginning only (<see cref="CaptionReader"/>): taking the whole table as one string, as this helper once did, cost
/// the journal grid a 195 KB string on the large-object heap per view and a full garbage collection every few views (issue 16).
/// A page that names the region itself (<c>aria-label</c>) keeps its table unread; the journal grid does.
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
        var content = await output.GetChildContentAsync();
        using var reader = new CaptionReader();
        content.WriteTo(reader, HtmlEncoder.Default);
        var caption = Caption().Match(reader.Head);
        var label = caption.Success ? WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, " ")).Trim() : "";
        output.Attributes.SetAttribute("aria-label", label.Length > 0 ? $"Таблица «{label}»" : "Таблица");
        output.Content.SetHtmlContent(content);
    }

    /// <summary>
    /// Keeps what is written until the first caption has closed, or until <see cref="Limit"/> characters came without one
    /// (a caption is the table's first child: it comes right after the table's own tag); the rest is not kept.
    /// </summary>
    private sealed class CaptionReader : TextWriter
    {
        private const int Limit = 4096;
        private readonly StringBuilder _head = new();
        private bool _done;

        public override Encoding Encoding => Encoding.Unicode;

        public string Head => _head.ToString();

        public override void Write(char value) => Keep([value]);

        public override void Write(string? value) => Keep(value);

        public override void Write(char[] buffer, int index, int count) => Keep(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Keep(buffer);

        // At most the limit is kept, however long one write is; the closing tag is looked for in the piece just kept and the few
        // characters before it, where a tag split between two writes begins.
        private void Keep(ReadOnlySpan<char> text)
        {
            if (_done) return;
            var kept = Math.Min(text.Length, Limit - _head.Length);
            _head.Append(text[..kept]);
            var from = Math.Max(0, _head.Length - kept - End.Length);
            _done = _head.Length >= Limit || _head.ToString(from, _head.Length - from).Contains(End, StringComparison.OrdinalIgnoreCase);
        }

        private const string End = "</caption>";
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex(@"(<[^>]+>|\s)+")]
    private static partial Regex Tags();
}
