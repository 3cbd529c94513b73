using System.Text.RegularExpressions;

namespace SchoolJournal.Tests.Architecture;

/// <summary>
/// The layers of src/SchoolJournal.Web, read from the source text: what a file names in its <c>using</c> lines and in
/// qualified type names (<c>SchoolJournal.Web.Features.…</c>, or <c>Features.…</c> from inside the app's namespace).
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>
    /// Which layers each top folder of the app may name. The app's root files (Program.cs, Commands.cs) compose
    /// everything and are not a layer; Demo is the demo school generator, an app-level tool that drives the features.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Domain"] = [],
        ["Data"] = ["Domain", "Infrastructure"],
        ["Infrastructure"] = ["Domain", "Data"],
        ["Features"] = ["Domain", "Data", "Infrastructure"],
        ["Demo"] = ["Domain", "Data", "Infrastructure", "Features"],
    };

    private const string App = "src/SchoolJournal.Web";

    [Fact]
    public void Every_folder_of_the_app_with_code_has_a_row_in_the_table()
    {
        var unknown = Directory.GetDirectories(Path.Combine(RepoRoot, App))
            .Select(Path.GetFileName)
            .Where(d => d is not ("bin" or "obj" or "node_modules" or "wwwroot" or "Properties" or "data"))
            .Where(d => Directory.EnumerateFiles(Path.Combine(RepoRoot, App, d!), "*.cs", SearchOption.AllDirectories).Any())
            .Where(d => !Allowed.ContainsKey(d!))
            .ToList();
        Assert.True(unknown.Count == 0,
            $"Folders without a layering rule in {nameof(LayeringTests)}.{nameof(Allowed)}: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_file_declares_the_namespace_of_its_folder()
    {
        var wrong = SourceFiles()
            .Where(f => f.Path.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => f.Lines.Select((text, i) => (f, Line: i + 1, Match: NamespaceDeclaration().Match(text))))
            .Where(x => x.Match.Success
                && !(x.Match.Groups["ns"].Value + ".").StartsWith($"SchoolJournal.Web.{x.f.Layer}.", StringComparison.Ordinal))
            .Select(x => $"{x.f.Path}:{x.Line}: namespace {x.Match.Groups["ns"].Value} is not under SchoolJournal.Web.{x.f.Layer}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_layer_names_a_layer_above_it()
    {
        var files = SourceFiles().ToList();
        var known = KnownNames(files);
        // Program.cs and Commands.cs sit in the app's root namespace, which every layer sees without a using line.
        var root = new Regex($@"\b(?:{string.Join("|", RootTypes())})\b");
        var breaches = new List<string>();
        foreach (var file in files)
        {
            var allowed = Allowed[file.Layer];
            for (var i = 0; i < file.Lines.Count; i++)
            {
                var line = file.Lines[i];
                if (NamespaceDeclaration().IsMatch(line)) continue;
                foreach (var layer in ReferencedLayers(line, known))
                    if (layer != file.Layer && !allowed.Contains(layer))
                        breaches.Add($"{file.Path}:{i + 1}: {file.Layer} may not reference {layer}: {file.Original[i].Trim()}");
                if (root.Match(line) is { Success: true } m)
                    breaches.Add($"{file.Path}:{i + 1}: {file.Layer} may not reference the app's root ({m.Value}): {file.Original[i].Trim()}");
            }
        }
        Assert.True(breaches.Count == 0,
            "Layering broken " +
                $"({string.Join("; ", Allowed.Select(a => $"{a.Key} → {(a.Value.Length == 0 ? "nothing" : string.Join(", ", a.Value))}"))}):\n"
            + string.Join("\n", breaches));
    }

    /// <summary>The layers one line of code names, qualified in full or from inside SchoolJournal.Web.</summary>
    private static IEnumerable<string> ReferencedLayers(string line, ISet<string> known)
    {
        foreach (Match m in LayerReference().Matches(line))
        {
            var layer = m.Groups["layer"].Value;
            var qualified = m.Groups["prefix"].Length > 0;
            // A bare "Features.Get" is a property; "Features.Journal" names the layer only if such a namespace or type exists.
            if (qualified || (m.Groups["next"].Success && known.Contains($"{layer}.{m.Groups["next"].Value}")))
                yield return layer;
        }
    }

    /// <summary>"Features.Journal", "Features.Year", "Data.JournalDbContext": the first step below each layer that exists.</summary>
    private static HashSet<string> KnownNames(IEnumerable<SourceFile> files)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var ns = file.Lines.Select(l => NamespaceDeclaration().Match(l)).FirstOrDefault(m => m.Success)?.Groups["ns"].Value;
            if (ns is null || !ns.StartsWith("SchoolJournal.Web.", StringComparison.Ordinal)) continue;
            var parts = ns["SchoolJournal.Web.".Length..].Split('.');
            if (parts.Length > 1) known.Add($"{parts[0]}.{parts[1]}");
            else
                foreach (var line in file.Lines)
                    foreach (Match t in TypeDeclaration().Matches(line))
                        known.Add($"{parts[0]}.{t.Groups["name"].Value}");
        }
        return known;
    }

    /// <summary>The types the app's root files declare (Program, Commands).</summary>
    private static IEnumerable<string> RootTypes() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot, App), "*.cs", SearchOption.TopDirectoryOnly)
            .SelectMany(p => Code(File.ReadAllLines(p)))
            .SelectMany(l => TypeDeclaration().Matches(l).Select(m => m.Groups["name"].Value))
            .Distinct();

    private sealed record SourceFile(string Path, string Layer, IReadOnlyList<string> Lines, IReadOnlyList<string> Original);

    /// <summary>Every .cs and .cshtml file of a layer, its comments and string literals blanked out (doc-comment crefs kept).</summary>
    private static IEnumerable<SourceFile> SourceFiles()
    {
        var app = Path.Combine(RepoRoot, App);
        foreach (var path in Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".cshtml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(app, path).Replace('\\', '/');
            var top = relative.Split('/')[0];
            if (top is "bin" or "obj" or "node_modules" || !relative.Contains('/')) continue;
            var original = File.ReadAllLines(path);
            yield return new SourceFile($"{App}/{relative}", top, Code(original), original);
        }
    }

    private static List<string> Code(string[] lines)
    {
        var code = new List<string>(lines.Length);
        var inBlock = false;
        foreach (var raw in lines)
        {
            var line = raw;
            if (inBlock)
            {
                var end = line.IndexOf("*/", StringComparison.Ordinal);
                if (end < 0) { code.Add(""); continue; }
                line = line[(end + 2)..];
                inBlock = false;
            }
            var crefs = string.Join(" ", Cref().Matches(line).Select(m => m.Groups["ref"].Value));
            line = StringLiteral().Replace(CharLiteral().Replace(line, "' '"), "\"\"");
            line = RazorComment().Replace(line, "");
            var start = line.IndexOf("/*", StringComparison.Ordinal);
            if (start >= 0 && line.IndexOf("*/", start, StringComparison.Ordinal) < 0) { line = line[..start]; inBlock = true; }
            line = BlockComment().Replace(line, "");
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) line = line[..comment] + " " + crefs;
            code.Add(line);
        }
        return code;
    }

    internal static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No SchoolJournal.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(
        @"(?<![\w.])(?<prefix>(?:global::)?(?:SchoolJournal\.)?Web\.)?(?<layer>Domain|Data|Infrastructure|Features|Demo)\b(?:\.(?<next>\w+))?")]
    private static partial Regex LayerReference();

    [GeneratedRegex(@"^\s*namespace\s+(?<ns>[\w.]+)")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|record(?:\s+class|\s+struct)?|struct|interface|enum)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"cref=""(?<ref>[^""]*)""")]
    private static partial Regex Cref();

    [GeneratedRegex(@"@?\$?""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"'(?:[^'\\]|\\.)'")]
    private static partial Regex CharLiteral();

    [GeneratedRegex(@"/\*.*?\*/")]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"@\*.*?\*@")]
    private static partial Regex RazorComment();
}
