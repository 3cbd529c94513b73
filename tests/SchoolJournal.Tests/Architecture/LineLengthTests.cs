using System.Text.RegularExpressions;

namespace SchoolJournal.Tests.Architecture;

/// <summary>
/// Every line of code in src/ and tests/ keeps to .editorconfig's max_line_length, so that the limit the editors show
/// is the limit the code has. Generated migrations and third-party files are not ours to wrap.
/// </summary>
public sealed partial class LineLengthTests
{
    private static readonly string[] Extensions = [".cs", ".cshtml", ".js", ".css"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "TestResults"];
    private static readonly string[] SkippedPaths = ["src/SchoolJournal.Web/Data/Migrations/", "src/SchoolJournal.Web/wwwroot/lib/"];

    [Fact]
    public void Editorconfig_sets_a_line_length_for_every_file() => Assert.InRange(MaxLineLength(), 80, 200);

    [Fact]
    public void No_line_of_code_is_longer_than_editorconfig_allows()
    {
        var limit = MaxLineLength();
        var files = Files(Path.Combine(RepoRoot, "src")).Concat(Files(Path.Combine(RepoRoot, "tests"))).ToList();
        Assert.NotEmpty(files);
        var longLines = files
            .SelectMany(path => File.ReadLines(path).Select((text, i) => (Path: Relative(path), Line: i + 1, text.Length)))
            .Where(x => x.Length > limit)
            .Select(x => $"{x.Path}:{x.Line} ({x.Length} characters)")
            .ToList();
        Assert.True(longLines.Count == 0, $"{longLines.Count} lines longer than {limit} characters:\n" + string.Join("\n", longLines));
    }

    /// <summary>max_line_length from the <c>[*]</c> section of the repository's .editorconfig.</summary>
    private static int MaxLineLength()
    {
        var section = "";
        foreach (var line in File.ReadLines(Path.Combine(RepoRoot, ".editorconfig")))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[')) section = trimmed;
            else if (section == "[*]" && Setting().Match(trimmed) is { Success: true } m) return int.Parse(m.Groups["n"].Value);
        }
        throw new InvalidOperationException(".editorconfig has no max_line_length in its [*] section");
    }

    private static IEnumerable<string> Files(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            if (Extensions.Contains(Path.GetExtension(file)) && !SkippedPaths.Any(p => Relative(file).StartsWith(p, StringComparison.Ordinal)))
                yield return file;
        foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
            if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                foreach (var file in Files(sub))
                    yield return file;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepoRoot, path).Replace('\\', '/');

    [GeneratedRegex(@"^max_line_length\s*=\s*(?<n>\d+)$")]
    private static partial Regex Setting();

    private static string RepoRoot => LayeringTests.RepoRoot;
}
