using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// The binding's collection parameters over the objects of one request (pure): <c>filter</c> (field, operator = != &gt; &gt;= &lt; &lt;= ~,
/// a value in single quotes; two predicates joined by AND or OR), <c>sort</c> and <c>orderBy</c>, <c>limit</c> (100 by default, at most
/// 1000) and <c>offset</c>, and <c>fields</c>. A field is one of the object's properties in the official schema; a reference
/// (<c>class</c>) compares by its sourcedId, a list (<c>grades</c>, <c>roles.role</c>) by any of its values.
/// </summary>
public static partial class OneRosterQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public sealed record Page(List<JsonObject> Items, int Total, int Limit, int Offset);

    private sealed record Predicate(string Field, string Op, string Value);

    public static (Page? Page, ImsStatus? Error) Apply(IReadOnlyList<JsonObject> items, IQueryCollection query, IReadOnlyCollection<string> known)
    {
        if (!Int(query, "limit", DefaultLimit, 1, out var limit)) return (null, ImsStatus.BadData("limit — целое число от 1."));
        if (!Int(query, "offset", 0, 0, out var offset)) return (null, ImsStatus.BadData("offset — целое число от 0."));
        limit = Math.Min(limit, MaxLimit);

        IEnumerable<JsonObject> rows = items;
        if (query["filter"].ToString() is { Length: > 0 } filter)
        {
            var match = FilterGrammar().Match(filter);
            if (!match.Success)
                return (null, ImsStatus.BadFilter($"Фильтр «{filter}» не разобран: нужно поле, оператор (= != > >= < <= ~) и значение в одинарных "
                    + "кавычках; два условия — через AND или OR."));
            var first = new Predicate(match.Groups["f1"].Value, match.Groups["o1"].Value, match.Groups["v1"].Value);
            Predicate? second = match.Groups["f2"].Success
                ? new Predicate(match.Groups["f2"].Value, match.Groups["o2"].Value, match.Groups["v2"].Value)
                : null;
            foreach (var p in new[] { first, second }.OfType<Predicate>())
                if (!known.Contains(Root(p.Field)))
                    return (null, ImsStatus.BadFilter($"Поля «{p.Field}» у этих объектов нет: фильтровать по нему нельзя."));
            var and = match.Groups["logic"].Value == "AND";
            rows = rows.Where(o => second is null ? Holds(o, first)
                : and ? Holds(o, first) && Holds(o, second)
                : Holds(o, first) || Holds(o, second));
        }

        var sort = query["sort"].ToString();
        var orderBy = query["orderBy"].ToString();
        if (orderBy.Length > 0 && orderBy is not ("asc" or "desc")) return (null, ImsStatus.BadData("orderBy — asc или desc."));
        if (sort.Length > 0)
        {
            if (!known.Contains(Root(sort))) return (null, ImsStatus.BadSelection($"Поля «{sort}» у этих объектов нет: сортировать по нему нельзя."));
            rows = orderBy == "desc"
                ? rows.OrderByDescending(o => Values(o, sort).FirstOrDefault(), ValueComparer.Instance)
                : rows.OrderBy(o => Values(o, sort).FirstOrDefault(), ValueComparer.Instance);
        }

        string[]? fields = null;
        if (query["fields"].ToString() is { Length: > 0 } list)
        {
            fields = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (fields.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
                return (null, ImsStatus.BadSelection($"Поля «{unknown}» у этих объектов нет: выбрать его нельзя."));
        }

        var all = rows.ToList();
        var page = all.Skip(offset).Take(limit).Select(o => Project(o, fields)).ToList();
        return (new Page(page, all.Count, limit, offset), null);
    }

    /// <summary>A copy of the object with only the fields asked for (all of them without <c>fields</c>).</summary>
    public static JsonObject Project(JsonObject item, IReadOnlyCollection<string>? fields)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in item)
            if (fields is null || fields.Contains(key)) copy[key] = value?.DeepClone();
        return copy;
    }

    /// <summary>The <c>fields</c> of a single object's request, or an error for a field the object has not.</summary>
    public static (string[]? Fields, ImsStatus? Error) Fields(IQueryCollection query, IReadOnlyCollection<string> known)
    {
        if (query["fields"].ToString() is not { Length: > 0 } list) return (null, null);
        var fields = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return fields.FirstOrDefault(f => !known.Contains(f)) is { } unknown
            ? (null, ImsStatus.BadSelection($"Поля «{unknown}» у этих объектов нет: выбрать его нельзя."))
            : (fields, null);
    }

    /// <summary>RFC 8288 links to the first, previous, next and last pages, the request's other parameters kept.</summary>
    public static string Links(string pathAndBase, IQueryCollection query, Page page)
    {
        string At(int offset)
        {
            var pairs = query.Where(q => q.Key is not ("offset" or "limit"))
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Append($"limit={page.Limit}").Append($"offset={offset}");
            return $"<{pathAndBase}?{string.Join('&', pairs)}>";
        }
        var last = page.Total == 0 ? 0 : (page.Total - 1) / page.Limit * page.Limit;
        var links = new List<string>();
        if (page.Offset + page.Limit < page.Total) links.Add(At(page.Offset + page.Limit) + "; rel=\"next\"");
        links.Add(At(last) + "; rel=\"last\"");
        links.Add(At(0) + "; rel=\"first\"");
        if (page.Offset > 0) links.Add(At(Math.Max(0, page.Offset - page.Limit)) + "; rel=\"prev\"");
        return string.Join(", ", links);
    }

    private static string Root(string field) => field.Split('.')[0];

    private static bool Int(IQueryCollection query, string name, int fallback, int min, out int value)
    {
        value = fallback;
        var text = query[name].ToString();
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min);
    }

    /// <summary>The field's values: a string or number as text, a reference by its sourcedId, a list by each element.</summary>
    public static IEnumerable<string> Values(JsonNode? node, string path)
    {
        var segments = path.Split('.');
        IEnumerable<JsonNode?> current = [node];
        foreach (var segment in segments)
            current = current.SelectMany(n => n is JsonArray a ? a.AsEnumerable() : [n]).Select(n => (n as JsonObject)?[segment]);
        foreach (var n in current.SelectMany(n => n is JsonArray a ? a.AsEnumerable() : [n]))
            switch (n)
            {
                case JsonObject o when o["sourcedId"] is JsonValue id: yield return id.ToString(); break;
                case JsonValue v:
                    yield return v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
                    break;
            }
    }

    private static bool Holds(JsonObject item, Predicate p)
    {
        var values = Values(item, p.Field).ToList();
        return p.Op switch
        {
            "=" => values.Any(v => v == p.Value),
            "!=" => values.All(v => v != p.Value),
            "~" => values.Any(v => v.Contains(p.Value, StringComparison.OrdinalIgnoreCase)),
            ">" => values.Any(v => ValueComparer.Instance.Compare(v, p.Value) > 0),
            ">=" => values.Any(v => ValueComparer.Instance.Compare(v, p.Value) >= 0),
            "<" => values.Any(v => ValueComparer.Instance.Compare(v, p.Value) < 0),
            _ => values.Any(v => ValueComparer.Instance.Compare(v, p.Value) <= 0),
        };
    }

    /// <summary>Numbers as numbers, everything else (names, ISO dates) by code point; a missing value first.</summary>
    private sealed class ValueComparer : IComparer<string?>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
            return decimal.TryParse(x, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
                && decimal.TryParse(y, NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(x, y);
        }
    }

    [GeneratedRegex(@"^\s*(?<f1>[A-Za-z][A-Za-z0-9_.]*)\s*(?<o1>!=|>=|<=|=|>|<|~)\s*'(?<v1>[^']*)'\s*"
        + @"(?:\s(?<logic>AND|OR)\s+(?<f2>[A-Za-z][A-Za-z0-9_.]*)\s*(?<o2>!=|>=|<=|=|>|<|~)\s*'(?<v2>[^']*)'\s*)?$")]
    private static partial Regex FilterGrammar();
}
