using System.Collections.Frozen;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SchoolJournal.Web.Features.Help;

/// <summary>A user guide of docs/guides as the app shows it: its name ("teacher", "diary/week"), title, HTML and sections.</summary>
public sealed record Guide(string Name, string Title, string Html, IReadOnlyList<GuideSection> Sections);

/// <summary>A second-level heading of a guide and the id its anchor has on the page (GitHub's rule, as in the repository).</summary>
public sealed record GuideSection(string Text, string Id);

/// <summary>
/// The guides built into the app (docs/guides/**/*.md as embedded resources), read once: links between guides lead to
/// their pages under /Help, a link that leaves the guides is shown as its text, and raw HTML in a guide is not passed on.
/// Their pictures (docs/guides/img/*.png, taken by the browser lane) are built in too and shown at /Help/img/{file}; a table
/// is named after the heading above it.
/// </summary>
public sealed class Guides
{
    private const string Prefix = "guides/";
    private const string Index = "README";
    private const string Pictures = "guides/img/";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .DisableHtml()
        .Build();

    private readonly FrozenDictionary<string, Guide> _guides;
    private readonly FrozenSet<string> _pictures;

    public Guides()
    {
        var assembly = typeof(Guides).Assembly;
        _pictures = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Pictures, StringComparison.Ordinal) && n.EndsWith(".png", StringComparison.Ordinal))
            .Select(n => n[Pictures.Length..]).ToFrozenSet(StringComparer.Ordinal);
        _guides = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return Render(n[Prefix.Length..^".md".Length].Replace('\\', '/'), reader.ReadToEnd());
            })
            .ToFrozenDictionary(g => g.Name, StringComparer.Ordinal);
    }

    /// <summary>The guide by name; an empty name is the list of guides.</summary>
    public Guide? Find(string? name) => _guides.GetValueOrDefault(string.IsNullOrEmpty(name) ? Index : name.Trim('/'));

    public IEnumerable<Guide> All => _guides.Values;

    /// <summary>A guide's picture by its file name ("parent-week-desk.png"); null when there is none.</summary>
    public Stream? Picture(string file) =>
        _pictures.Contains(file) ? typeof(Guides).Assembly.GetManifestResourceStream(Pictures + file) : null;

    /// <summary>The address of a guide's section: /Help/teacher#журнал; the guide's top when the section is not found.</summary>
    public string Link(string name, string? section)
    {
        var guide = Find(name) ?? throw new ArgumentException($"Нет руководства {name}", nameof(name));
        var path = name == Index ? "/Help" : "/Help/" + name;
        if (section is null)
            return path;
        var found = guide.Sections.FirstOrDefault(s => s.Text.Contains(section, StringComparison.OrdinalIgnoreCase));
        return found is null ? path : path + "#" + Uri.EscapeDataString(found.Id);
    }

    private static Guide Render(string name, string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var folder = name.Contains('/') ? name[..(name.LastIndexOf('/') + 1)] : "";
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            // A picture of the guides' img/ folder (from any guide's folder) is served by the help page.
            if (link.IsImage && link.Url is { } src && !src.Contains("://", StringComparison.Ordinal)
                && src.Replace("../", "", StringComparison.Ordinal) is var own && own.StartsWith("img/", StringComparison.Ordinal))
                link.Url = "/Help/" + own;
            if (link.IsImage || link.Url is null || link.Url.Contains("://", StringComparison.Ordinal) || link.Url.StartsWith('#'))
                continue;
            var target = Target(folder, link.Url);
            if (target is null)
                link.ReplaceBy(new LiteralInline(string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()))), false);
            else
                link.Url = target;
        }
        HeadingBlock? above = null;
        foreach (var block in document.Descendants<Block>())
        {
            if (block is HeadingBlock heading) above = heading;
            else if (block is Table table && above is not null) table.GetAttributes().AddProperty("aria-label", Text(markdown, above));
        }
        var headings = document.Descendants<HeadingBlock>().ToList();
        var title = headings.FirstOrDefault(h => h.Level == 1) is { } h1 ? Text(markdown, h1) : name;
        var sections = headings.Where(h => h.Level == 2)
            .Select(h => new GuideSection(Text(markdown, h), h.GetAttributes().Id ?? ""))
            .ToList();
        return new Guide(name, title, document.ToHtml(Pipeline), sections);
    }

    private static string Text(string markdown, HeadingBlock heading) =>
        markdown.Substring(heading.Span.Start, heading.Span.Length).TrimStart('#').Trim().Replace("`", "", StringComparison.Ordinal);

    /// <summary>A relative link to another guide (`../teacher.md#вход`, `year/`) as its /Help address; null when it leaves them.</summary>
    private static string? Target(string folder, string url)
    {
        var hash = url.IndexOf('#');
        var (path, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var parts = new List<string>();
        foreach (var part in (folder + path).Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                    return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("" or "."))
                parts.Add(part);
        }
        var resolved = string.Join('/', parts);
        if (path.EndsWith('/') || resolved.Length == 0)
            return "/Help" + fragment;
        if (!resolved.EndsWith(".md", StringComparison.Ordinal))
            return null;
        resolved = resolved[..^".md".Length];
        return (resolved == Index ? "/Help" : "/Help/" + resolved) + fragment;
    }
}
