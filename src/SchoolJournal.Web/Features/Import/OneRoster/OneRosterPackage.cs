using System.IO.Compression;
using System.Text;
using SchoolJournal.Web.Features.Export;

namespace SchoolJournal.Web.Features.Import.OneRoster;

/// <summary>A problem or warning of a package: its file, row (the line as a text editor numbers it, the header is 1) and column.</summary>
public sealed record PackageProblem(string File, int? Row, string? Column, string Message)
{
    public override string ToString() => (Row, Column) switch
    {
        (null, null) => $"{File}: {Message}",
        (null, { } c) => $"{File}, столбец «{c}»: {Message}",
        ({ } r, null) => $"{File}, строка {r}: {Message}",
        ({ } r, { } c) => $"{File}, строка {r}, столбец «{c}»: {Message}",
    };
}

/// <summary>One data row of a package file: its line and its cells by the spec's column name.</summary>
public sealed record PackageRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] => Cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    public string Id => this["sourcedId"] ?? "";

    public bool ToBeDeleted => this["status"] == "tobedeleted";

    public IEnumerable<string> List(string column) =>
        (this[column] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// A OneRoster 1.2 CSV package read and checked as a whole before anything is written (R-X-1): the manifest and its list of files,
/// exact file names, exact headers in the spec's order, RFC 4180, UTF-8, lower-case booleans, dates, UTC date-times with milliseconds,
/// bulk/delta status rules, enumerations, unique and resolvable <c>sourcedId</c>s. Tolerance applies to one thing only: the letter case
/// of a boolean (<c>TRUE</c>) is a warning; everything else the CSV binding requires is an error.
/// </summary>
public sealed class OneRosterPackage
{
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>The files this import reads; the others (gradebook, resources) are checked for their name and CSV only.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Headers = new Dictionary<string, string[]>(OneRosterExport.Headers)
    {
        ["demographics"] = ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
            "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
            "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"],
        ["userProfiles"] = ["sourcedId", "status", "dateLastModified", "userSourcedId", "profileType", "vendorId", "applicationId", "description",
            "credentialType", "username", "password"],
    };

    public static readonly string[] Imported = ["orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments", "demographics"];

    private static readonly Dictionary<string, string[]> Enums = new()
    {
        ["orgs.type"] = ["department", "school", "district", "local", "state", "national"],
        ["academicSessions.type"] = ["gradingPeriod", "semester", "schoolYear", "term"],
        ["classes.classType"] = ["homeroom", "scheduled"],
        ["roles.roleType"] = ["primary", "secondary"],
        ["roles.role"] = ["aide", "counselor", "districtAdministrator", "guardian", "parent", "principal", "proctor", "relative",
            "siteAdministrator", "student", "systemAdministrator", "teacher"],
        ["enrollments.role"] = ["administrator", "proctor", "student", "teacher"],
        ["demographics.sex"] = ["male", "female", "unspecified", "other"],
    };

    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["orgs"] = ["name", "type"],
        ["academicSessions"] = ["title", "type", "startDate", "endDate", "schoolYear"],
        ["courses"] = ["title", "orgSourcedId"],
        ["classes"] = ["title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"],
        ["users"] = ["enabledUser", "username", "givenName", "familyName"],
        ["roles"] = ["userSourcedId", "roleType", "role", "orgSourcedId"],
        ["enrollments"] = ["classSourcedId", "schoolSourcedId", "userSourcedId", "role"],
        ["demographics"] = [],
        ["userProfiles"] = ["userSourcedId", "profileType", "vendorId", "credentialType", "username"],
    };

    /// <summary>Reference columns: the file they point into; «*» after the name marks a comma-separated list.</summary>
    private static readonly Dictionary<string, (string Column, string Target)[]> References = new()
    {
        ["orgs"] = [("parentSourcedId", "orgs")],
        ["academicSessions"] = [("parentSourcedId", "academicSessions")],
        ["courses"] = [("schoolYearSourcedId", "academicSessions"), ("orgSourcedId", "orgs")],
        ["classes"] = [("courseSourcedId", "courses"), ("schoolSourcedId", "orgs"), ("termSourcedIds*", "academicSessions")],
        ["users"] = [("agentSourcedIds*", "users"), ("primaryOrgSourcedId", "orgs")],
        ["roles"] = [("userSourcedId", "users"), ("orgSourcedId", "orgs"), ("userProfileSourcedId", "userProfiles")],
        ["enrollments"] = [("classSourcedId", "classes"), ("schoolSourcedId", "orgs"), ("userSourcedId", "users")],
        ["demographics"] = [("sourcedId", "users")],
        ["userProfiles"] = [("userSourcedId", "users")],
    };

    /// <summary>The <see cref="ExternalId.Kind"/> a file's ids are kept under.</summary>
    public static string? KindOf(string file) => file switch
    {
        "orgs" => "org",
        "academicSessions" => "academicSession",
        "courses" => "course",
        "classes" => "class",
        "users" => "user",
        _ => null,
    };

    public Dictionary<string, string> Manifest { get; } = new(StringComparer.Ordinal);
    /// <summary>Each listed file's mode: «bulk», «delta» or «absent».</summary>
    public Dictionary<string, string> Modes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<PackageRow>> Files { get; } = new(StringComparer.Ordinal);
    public List<PackageProblem> Problems { get; } = [];
    public List<PackageProblem> Warnings { get; } = [];

    /// <summary>«delta» when any file is delta, else «bulk».</summary>
    public string Mode => Modes.Values.Contains("delta") ? "delta" : "bulk";

    public IReadOnlyList<PackageRow> Rows(string file) => Files.TryGetValue(file, out var rows) ? rows : [];

    /// <summary>Reads and checks a zip; <paramref name="known"/> answers whether a (kind, sourcedId) is already the school's (for delta).</summary>
    public static OneRosterPackage Read(byte[] content, Func<string, string, bool> known, bool strict = false)
    {
        var p = new OneRosterPackage();
        Dictionary<string, byte[]> entries;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var e in zip.Entries.Where(e => e.Name.Length > 0))
            {
                if (e.Length > MaxBytes) { p.Problems.Add(new(e.Name, null, null, "файл слишком большой.")); continue; }
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries[e.Name] = m.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            p.Problems.Add(new("пакет", null, null, "это не ZIP-архив. Пакет OneRoster — ZIP с файлами CSV и manifest.csv."));
            return p;
        }
        if (!entries.TryGetValue("manifest.csv", out var manifest))
        {
            p.Problems.Add(new("manifest.csv", null, null,
                "в пакете нет manifest.csv — без него неизвестно, какие файлы в пакете и в каком режиме."));
            return p;
        }
        p.ReadManifest(manifest);
        foreach (var (name, _) in entries)
        {
            if (name == "manifest.csv" || !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) continue;
            var file = name[..^4];
            if (OneRosterExport.Files.Contains(file)) continue;
            if (OneRosterExport.Files.FirstOrDefault(f => f.Equals(file, StringComparison.OrdinalIgnoreCase)) is { } right)
                p.Problems.Add(new(name, null, null, $"имя файла в неверном регистре: по стандарту «{right}.csv»."));
            else p.Warnings.Add(new(name, null, null, "такого файла в OneRoster 1.2 нет; он пропущен."));
        }
        foreach (var file in OneRosterExport.Files)
        {
            var mode = p.Modes.GetValueOrDefault(file);
            var present = entries.TryGetValue(file + ".csv", out var bytes);
            if (mode is "bulk" or "delta" && !present)
            {
                if (entries.Keys.Any(k => k.Equals(file + ".csv", StringComparison.OrdinalIgnoreCase))) continue; // reported above
                p.Problems.Add(new(file + ".csv", null, null, $"в manifest.csv файл отмечен как «{mode}», но в пакете его нет."));
                continue;
            }
            if (!present) continue;
            if (mode is "absent" or null)
            {
                p.Warnings.Add(new(file + ".csv", null, null, "файл есть в пакете, но в manifest.csv отмечен как отсутствующий; он пропущен."));
                continue;
            }
            p.ReadFile(file, mode, bytes!, strict);
        }
        if (p.Problems.Count == 0) p.CheckReferences(known);
        foreach (var file in OneRosterExport.Files.Where(f => !Headers.ContainsKey(f) && p.Modes.GetValueOrDefault(f) is "bulk" or "delta"))
            p.Warnings.Add(new(file + ".csv", null, null, "не импортируется: в журнале нет соответствия (журнал ведётся в самом журнале)."));
        return p;
    }

    private void ReadManifest(byte[] bytes)
    {
        const string Name = "manifest.csv";
        if (Decode(Name, bytes) is not { } text) return;
        var table = Csv.Parse(text, out var error);
        if (error is { } e) { Problems.Add(new(Name, e.Line, null, e.Message)); return; }
        if (table.Count == 0 || table[0].Cells is not ["propertyName", "value"])
        {
            Problems.Add(new(Name, 1, null, "заголовок должен быть «propertyName,value»."));
            return;
        }
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, cells) in table.Skip(1))
        {
            if (cells.Length != 2) { Problems.Add(new(Name, line, null, $"ожидалось 2 поля, а в строке {cells.Length}.")); continue; }
            Manifest[cells[0]] = cells[1];
            if (!cells[0].StartsWith("file.", StringComparison.Ordinal)) continue;
            var file = cells[0][5..];
            if (!OneRosterExport.Files.Contains(file))
            {
                var right = OneRosterExport.Files.FirstOrDefault(f => f.Equals(file, StringComparison.OrdinalIgnoreCase));
                listed.Add(file);
                Problems.Add(new(Name, line, "propertyName", right is null ? $"файла «{file}» в OneRoster 1.2 нет."
                    : $"«file.{file}» — имя в неверном регистре, по стандарту «file.{right}»."));
                continue;
            }
            listed.Add(file);
            if (cells[1] is not ("absent" or "bulk" or "delta"))
                Problems.Add(new(Name, line, "value",
                    (cells[1].Length == 0 ? "пусто" : $"«{cells[1]}»") + $" у file.{file} — допустимо только absent, bulk или delta."));
            else Modes[file] = cells[1];
        }
        if (Manifest.GetValueOrDefault("oneroster.version") != "1.2")
            Problems.Add(new(Name, null, null,
                $"oneroster.version должна быть «1.2», а указана «{Manifest.GetValueOrDefault("oneroster.version")}»."));
        if (!Manifest.ContainsKey("manifest.version")) Problems.Add(new(Name, null, null, "нет строки manifest.version."));
        foreach (var file in OneRosterExport.Files.Where(f => !listed.Contains(f)))
            Problems.Add(new(Name, null, null, $"нет строки file.{file} (absent, bulk или delta)."));
    }

    private string? Decode(string name, byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            Problems.Add(new(name, null, null, "файл не в кодировке UTF-8. Сохраните его в UTF-8."));
            return null;
        }
    }

    private void ReadFile(string file, string mode, byte[] bytes, bool strict)
    {
        var name = file + ".csv";
        if (Decode(name, bytes) is not { } text) return;
        var table = Csv.Parse(text, out var error);
        if (error is { } e) { Problems.Add(new(name, e.Line, null, e.Message)); return; }
        if (table.Count == 0) { Problems.Add(new(name, null, null, "файл пустой: нет даже строки заголовка.")); return; }
        if (!Headers.TryGetValue(file, out var spec)) return; // not imported: read as CSV only
        var header = table[0].Cells;
        if (!header.SequenceEqual(spec))
        {
            foreach (var (col, i) in header.Select((c, i) => (c, i)))
                if (!spec.Contains(col))
                    Problems.Add(new(name, 1, col.Length == 0 ? $"№ {i + 1}" : col, col.Length == 0 ? "пустой заголовок столбца."
                        : $"такого столбца нет в OneRoster 1.2{Nearest(col, spec)}."));
            foreach (var col in spec.Where(c => !header.Contains(c)))
                Problems.Add(new(name, 1, col, "нет обязательного по спецификации столбца."));
            if (header.Length == spec.Length && spec.All(header.Contains))
                Problems.Add(new(name, 1, null, $"столбцы не в порядке спецификации: {string.Join(",", spec)}."));
            return;
        }
        var rows = new List<PackageRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, cells) in table.Skip(1))
        {
            if (cells.Length != spec.Length)
            {
                Problems.Add(new(name, line, null, $"полей {cells.Length}, а столбцов в заголовке {spec.Length}."));
                continue;
            }
            var row = new PackageRow(line, spec.Zip(cells).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal));
            CheckRow(file, mode, row, strict);
            if (row.Id.Length == 0) Problems.Add(new(name, line, "sourcedId", "пусто: у каждой строки должен быть sourcedId."));
            else if (!seen.Add(row.Id)) Problems.Add(new(name, line, "sourcedId", $"«{row.Id}» уже встречался в этом файле."));
            rows.Add(row);
        }
        Files[file] = rows;
    }

    private void CheckRow(string file, string mode, PackageRow row, bool strict)
    {
        var name = file + ".csv";
        void Bad(string column, string message) => Problems.Add(new(name, row.Line, column, message));
        if (mode == "bulk")
        {
            if (row["status"] is { } s) Bad("status", $"«{s}»: в файле в режиме bulk столбец должен быть пустым.");
            if (row["dateLastModified"] is { } d) Bad("dateLastModified", $"«{d}»: в файле в режиме bulk столбец должен быть пустым.");
        }
        else
        {
            if (row["status"] is not { } s) Bad("status", "пусто: в режиме delta обязателен active или tobedeleted.");
            else if (s is not ("active" or "tobedeleted")) Bad("status", $"«{s}» — допустимо только active или tobedeleted.");
            if (row["dateLastModified"] is not { } d) Bad("dateLastModified", "пусто: в режиме delta дата изменения обязательна.");
            else if (!IsDateTime(d)) Bad("dateLastModified", $"«{d}» — нужна дата-время UTC с миллисекундами: ГГГГ-ММ-ДДTчч:мм:сс.мммZ.");
        }
        foreach (var col in Required[file].Where(c => row[c] is null)) Bad(col, "пусто, а столбец обязателен.");
        foreach (var (key, values) in Enums.Where(e => e.Key.StartsWith(file + ".", StringComparison.Ordinal)))
        {
            var col = key[(file.Length + 1)..];
            if (row[col] is { } v && !values.Contains(v) && !v.StartsWith("ext:", StringComparison.Ordinal))
            {
                var right = values.FirstOrDefault(x => x.Equals(v, StringComparison.OrdinalIgnoreCase));
                Bad(col, right is null ? $"«{v}» — допустимо: {string.Join(", ", values)}." : $"«{v}» — нужно «{right}» (регистр букв важен).");
            }
        }
        foreach (var col in Headers[file].Where(c => c is "startDate" or "endDate" or "beginDate" or "birthDate"))
            if (row[col] is { } v && !IsDate(v)) Bad(col, $"«{v}» — нужна дата ГГГГ-ММ-ДД.");
        if (file == "academicSessions" && row["schoolYear"] is { } y && !(y.Length == 4 && y.All(char.IsAsciiDigit)))
            Bad("schoolYear", $"«{y}» — нужен год из четырёх цифр (год окончания учебного года).");
        foreach (var col in new[] { "enabledUser", "primary" }.Where(c => Headers[file].Contains(c)))
        {
            if (row[col] is not { } v || v is "true" or "false") continue;
            if (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                if (strict) Bad(col, $"«{v}» — логическое значение пишется строчными: «{v.ToLowerInvariant()}».");
                else Warnings.Add(new(name, row.Line, col, $"«{v}» принято как «{v.ToLowerInvariant()}», хотя стандарт требует строчные буквы."));
            }
            else Bad(col, $"«{v}» — допустимо только true или false.");
        }
    }

    private void CheckReferences(Func<string, string, bool> known)
    {
        var ids = Files.ToDictionary(f => f.Key, f => f.Value.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        foreach (var (file, refs) in References)
            foreach (var row in Rows(file))
                foreach (var (spec, target) in refs)
                {
                    var column = spec.TrimEnd('*');
                    var values = spec.EndsWith('*') ? row.List(column) : row[column] is { } one ? [one] : [];
                    foreach (var v in values)
                    {
                        if (ids.TryGetValue(target, out var set) && set.Contains(v)) continue;
                        // A bulk package stands alone; a delta may point at what an earlier import (or our own export) named.
                        if (Mode == "delta" && KindOf(target) is { } kind && known(kind, v)) continue;
                        if (target == "userProfiles" && !Modes.ContainsKey(target)) continue;
                        var where = Modes.GetValueOrDefault(target) is "bulk" or "delta" ? $"в {target}.csv" : $"({target}.csv в пакете нет)";
                        Problems.Add(new(file + ".csv", row.Line, column, $"«{v}» не найден {where}" +
                            (Mode == "delta" ? " и не известен журналу по прошлым импортам." : ".")));
                    }
                }
    }

    public static bool IsDate(string v) =>
        v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsDateTime(string v) =>
        v.Length == 24
            && DateTime.TryParseExact(v, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _);

    private static string Nearest(string col, string[] spec) =>
        spec.OrderBy(s => Distance(s.ToLowerInvariant(), col.ToLowerInvariant())).First() is var best
            && Distance(best.ToLowerInvariant(), col.ToLowerInvariant()) <= 3
            ? $"; возможно, имелся в виду «{best}»" : "";

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}

/// <summary>RFC 4180 read strictly: a quote only around a whole field, doubled inside it; CRLF or LF between records.</summary>
public static class Csv
{
    public sealed record Error(int Line, string Message);

    public static List<(int Line, string[] Cells)> Parse(string text, out Error? error)
    {
        error = null;
        var rows = new List<(int, string[])>();
        var cells = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1, i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (field.Length == 0 && !quoted && c == '"' && (i == 0 || text[i - 1] is ',' or '\n' or '\r'))
            {
                quoted = true;
                i++;
                while (true)
                {
                    if (i >= text.Length) { error = new(start, "кавычка открыта и не закрыта до конца файла (RFC 4180)."); return rows; }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    error = new(start, "после закрывающей кавычки идёт текст; кавычка внутри поля удваивается (RFC 4180).");
                    return rows;
                }
                continue;
            }
            switch (c)
            {
                case ',':
                    cells.Add(field.ToString()); field.Clear(); quoted = false; i++;
                    break;
                case '\r' or '\n':
                    cells.Add(field.ToString()); field.Clear(); quoted = false;
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    i++;
                    if (!(cells.Count == 1 && cells[0].Length == 0)) rows.Add((start, [.. cells]));
                    cells.Clear();
                    line++;
                    start = line;
                    break;
                case '"':
                    error = new(start, "кавычка внутри поля без кавычек; такое поле нужно заключить в кавычки, а кавычку удвоить (RFC 4180).");
                    return rows;
                default:
                    field.Append(c); i++;
                    break;
            }
        }
        if (field.Length > 0 || cells.Count > 0 || quoted)
        {
            cells.Add(field.ToString());
            rows.Add((start, [.. cells]));
        }
        return rows;
    }
}
