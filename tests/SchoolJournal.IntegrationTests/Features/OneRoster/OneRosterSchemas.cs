using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SchoolJournal.IntegrationTests.Features.OneRoster;

/// <summary>
/// The official OneRoster 1.2 OpenAPI files (../shared/standards/oneroster/openapi/), read at test time: an operation's response schema
/// with its <c>#/components/schemas</c> references resolved (the components become the schema's <c>$defs</c>), validated by JsonSchema.Net
/// with formats (date, date-time) asserted.
/// </summary>
public static class OneRosterSchemas
{
    public const string Rostering = "onerosterv1p2rostersservice_openapi3_v1p0.json";
    public const string Gradebook = "onerosterv1p2gradebookservice_openapi3_v1p0.json";

    public static readonly string Folder = Path.Combine(RepoRoot(), "..", "shared", "standards", "oneroster", "openapi");

    private static readonly ConcurrentDictionary<string, JsonObject> Documents = new();
    private static readonly ConcurrentDictionary<(string, string), JsonSchema> Schemas = new();

    public static JsonObject Document(string file) =>
        Documents.GetOrAdd(file, f => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, f)))!.AsObject());

    /// <summary>Every GET operation's path in a file.</summary>
    public static IEnumerable<string> GetPaths(string file) =>
        Document(file)["paths"]!.AsObject().Where(p => p.Value!["get"] is not null).Select(p => p.Key);

    /// <summary>The name of the schema an operation answers a status with.</summary>
    public static string ResponseSchema(string file, string path, string status) =>
        Document(file)["paths"]![path]!["get"]!["responses"]![status]!["content"]!["application/json"]!["schema"]!["$ref"]!
            .GetValue<string>().Split('/')[^1];

    public static JsonSchema Schema(string file, string name) => Schemas.GetOrAdd((file, name), key =>
    {
        var defs = Document(key.Item1)["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/");
        var text = $$"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "$id": "https://schemas.test/{{Path.GetFileNameWithoutExtension(key.Item1)}}/{{key.Item2}}",
             "$ref": "#/$defs/{{key.Item2}}", "$defs": {{defs}}}
            """;
        return JsonSchema.FromText(text);
    });

    /// <summary>Validates a body; the failure lists every error with where it is.</summary>
    public static void AssertValid(string file, string schema, string body, string what)
    {
        using var json = JsonDocument.Parse(body);
        var result = Schema(file, schema).Evaluate(json.RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")).ToList();
        Assert.True(result.IsValid,
            $"{what} does not validate against {schema}:\n{string.Join("\n", errors.Take(20))}\n{body[..Math.Min(body.Length, 1500)]}");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir.Parent is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolJournal.slnx"))) dir = dir.Parent;
        return dir.FullName;
    }
}
