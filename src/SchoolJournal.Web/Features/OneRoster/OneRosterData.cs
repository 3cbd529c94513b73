using System.Text.Json.Nodes;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Export;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// The REST binding's objects. Rostering is the CSV export's rows (<see cref="OneRosterExport.BuildAsync"/>: the same people, mapping and
/// sourcedIds, docs/decisions/0013) turned into the JSON binding's shape: references instead of sourcedId columns, lists instead of
/// comma-joined cells, a user's roles inside the user. The gradebook (work types, the lessons' works, marks) and the demographics
/// (students with a consent in force, <see cref="AccessService.StudentsWithConsentInForce"/>) are the REST binding's own.
/// </summary>
public sealed class OneRosterData(JournalDbContext db, OneRosterExport export, AccessService access)
{
    public sealed record Roster(List<JsonObject> Orgs, List<JsonObject> Sessions, List<JsonObject> Courses, List<JsonObject> Classes,
        List<JsonObject> Users, List<JsonObject> Enrollments, string Stamp)
    {
        public static Roster Empty => new([], [], [], [], [], [], "");
    }

    public sealed record Gradebook(List<JsonObject> Categories, List<JsonObject> LineItems, List<JsonObject> Results);

    /// <summary>Where the references point: the services' base URLs of this request.</summary>
    public sealed record Urls(string Rostering, string Gradebook);

    private static readonly Dictionary<string, (string Service, string Collection)> Kinds = new()
    {
        ["org"] = ("r", "orgs"), ["academicSession"] = ("r", "academicSessions"), ["course"] = ("r", "courses"), ["class"] = ("r", "classes"),
        ["user"] = ("r", "users"), ["lineItem"] = ("g", "lineItems"), ["category"] = ("g", "categories"),
    };

    public static JsonObject Ref(Urls urls, string type, string sourcedId)
    {
        var (service, collection) = Kinds[type];
        return new JsonObject
        {
            ["href"] = $"{(service == "r" ? urls.Rostering : urls.Gradebook)}/{collection}/{sourcedId}", ["sourcedId"] = sourcedId, ["type"] = type,
        };
    }

    public async Task<Roster> RosterAsync(Urls urls, CancellationToken ct)
    {
        if (await export.BuildAsync(ct) is not { } package) return Roster.Empty;
        var year = package["academicSessions"][0];
        // Rows carry no modification time of their own: every rostering object says the school year's start (decision 0016).
        var stamp = $"{Cell("academicSessions", year, "startDate")}T00:00:00.000Z";
        JsonObject Base(string sid) => new() { ["sourcedId"] = sid, ["status"] = "active", ["dateLastModified"] = stamp };

        var orgs = package["orgs"].Select(r => With(Base(r[0]!), ("name", r[3]), ("type", r[4]), ("identifier", r[5] ?? ""))).ToList();
        var sessionRows = package["academicSessions"];
        var sessions = sessionRows.Select(r =>
        {
            var o = With(Base(r[0]!), ("title", Cell("academicSessions", r, "title")), ("type", Cell("academicSessions", r, "type")),
                ("startDate", Cell("academicSessions", r, "startDate")), ("endDate", Cell("academicSessions", r, "endDate")));
            if (Cell("academicSessions", r, "parentSourcedId") is { } parent) o["parent"] = Ref(urls, "academicSession", parent);
            var children = sessionRows.Where(c => Cell("academicSessions", c, "parentSourcedId") == r[0]).ToList();
            if (children.Count > 0) o["children"] = new JsonArray([.. children.Select(c => (JsonNode)Ref(urls, "academicSession", c[0]!))]);
            o["schoolYear"] = Cell("academicSessions", r, "schoolYear");
            return o;
        }).ToList();
        var courses = package["courses"].Select(r =>
        {
            var o = With(Base(r[0]!), ("title", Cell("courses", r, "title")));
            o["schoolYear"] = Ref(urls, "academicSession", Cell("courses", r, "schoolYearSourcedId")!);
            o["courseCode"] = Cell("courses", r, "courseCode") ?? "";
            Lists(o, ("grades", Cell("courses", r, "grades")), ("subjects", Cell("courses", r, "subjects")),
                ("subjectCodes", Cell("courses", r, "subjectCodes")));
            o["org"] = Ref(urls, "org", Cell("courses", r, "orgSourcedId")!);
            return o;
        }).ToList();
        var classes = package["classes"].Select(r =>
        {
            var o = With(Base(r[0]!), ("title", Cell("classes", r, "title")), ("classCode", Cell("classes", r, "classCode")),
                ("classType", Cell("classes", r, "classType")), ("location", Cell("classes", r, "location")));
            Lists(o, ("grades", Cell("classes", r, "grades")), ("subjects", Cell("classes", r, "subjects")));
            o["course"] = Ref(urls, "course", Cell("classes", r, "courseSourcedId")!);
            o["school"] = Ref(urls, "org", Cell("classes", r, "schoolSourcedId")!);
            o["terms"] = new JsonArray([.. Split(Cell("classes", r, "termSourcedIds")).Select(t => (JsonNode)Ref(urls, "academicSession", t))]);
            Lists(o, ("subjectCodes", Cell("classes", r, "subjectCodes")), ("periods", Cell("classes", r, "periods")));
            return o;
        }).ToList();
        var rolesOf = package["roles"].ToLookup(r => Cell("roles", r, "userSourcedId")!);
        JsonObject Role(string?[] row)
        {
            var o = With(new JsonObject(), ("roleType", Cell("roles", row, "roleType")), ("role", Cell("roles", row, "role")));
            o["org"] = Ref(urls, "org", Cell("roles", row, "orgSourcedId")!);
            return With(o, ("beginDate", Cell("roles", row, "beginDate")));
        }
        var users = package["users"].Select(r =>
        {
            var o = With(Base(r[0]!), ("username", Cell("users", r, "username")), ("enabledUser", Cell("users", r, "enabledUser")),
                ("givenName", Cell("users", r, "givenName")), ("familyName", Cell("users", r, "familyName")),
                ("middleName", Cell("users", r, "middleName")));
            o["roles"] = new JsonArray([.. rolesOf[r[0]!].Select(role => (JsonNode)Role(role))]);
            o["primaryOrg"] = Ref(urls, "org", Cell("users", r, "primaryOrgSourcedId")!);
            With(o, ("email", Cell("users", r, "email")), ("phone", Cell("users", r, "phone")));
            if (Split(Cell("users", r, "agentSourcedIds")) is { Length: > 0 } agents)
                o["agents"] = new JsonArray([.. agents.Select(a => (JsonNode)Ref(urls, "user", a))]);
            Lists(o, ("grades", Cell("users", r, "grades")));
            return o;
        }).ToList();
        var enrollments = package["enrollments"].Select(r =>
        {
            var o = Base(r[0]!);
            o["user"] = Ref(urls, "user", Cell("enrollments", r, "userSourcedId")!);
            o["class"] = Ref(urls, "class", Cell("enrollments", r, "classSourcedId")!);
            o["school"] = Ref(urls, "org", Cell("enrollments", r, "schoolSourcedId")!);
            return With(o, ("role", Cell("enrollments", r, "role")), ("primary", Cell("enrollments", r, "primary")),
                ("beginDate", Cell("enrollments", r, "beginDate")), ("endDate", Cell("enrollments", r, "endDate")));
        }).ToList();
        return new Roster(orgs, sessions, courses, classes, users, enrollments, stamp);
    }

    /// <summary>
    /// Work types as categories (weight = the type's weight in the weighted average); a lesson's marks of one work type as a line item
    /// («Контрольная работа, 20.11.2026»); each mark as a result, its text as written and its score when it is a number. Only the
    /// roster's classes (teaching groups) and students: a mark of a student who left goes with him.
    /// </summary>
    public async Task<Gradebook> GradebookAsync(Roster roster, Urls urls, CancellationToken ct)
    {
        if (roster.Orgs.Count == 0) return new([], [], []);
        var org = roster.Orgs[0]["sourcedId"]!.GetValue<string>();
        var classIds = roster.Classes.Select(Id).ToHashSet();
        var userIds = roster.Users.Select(Id).ToHashSet();
        var sessionIds = roster.Sessions.Select(Id).ToHashSet();
        var yearSid = roster.Sessions.First(s => s["type"]!.GetValue<string>() == "schoolYear");
        var yearId = await SchoolCalendar.CurrentYearIdAsync(db, ct);

        var types = await db.WorkTypes.AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.Name, t.Weight }).ToListAsync(ct);
        var marks = (await db.Marks.AsNoTracking().Where(m => m.Lesson!.TeachingGroup!.AcademicYearId == yearId).OrderBy(m => m.Id)
                .Select(m => new
                {
                    m.Id, m.LessonId, m.StudentId, m.Value, m.WorkTypeId, m.Comment, m.CreatedAt, m.UpdatedAt, m.IsLate, m.Lesson!.Date,
                    m.Lesson.TeachingGroupId, m.Lesson.StudyPeriodId, m.Lesson.Topic,
                })
                .ToListAsync(ct))
            .Select(m => new
            {
                Mark = m, Class = SourcedIds.Of("class", "group", m.TeachingGroupId), Student = SourcedIds.Of("user", "student", m.StudentId),
            })
            .Where(m => classIds.Contains(m.Class) && userIds.Contains(m.Student))
            .ToList();

        var typeName = types.ToDictionary(t => t.Id, t => t.Name);
        var categories = types.Select(t => new JsonObject
        {
            ["sourcedId"] = SourcedIds.Of("category", t.Id), ["status"] = "active", ["dateLastModified"] = roster.Stamp, ["title"] = t.Name,
            ["weight"] = (double)t.Weight,
        }).ToList();
        var lineItems = marks.GroupBy(m => (m.Mark.LessonId, m.Mark.WorkTypeId)).Select(g =>
        {
            var m = g.First().Mark;
            var day = $"{m.Date:yyyy-MM-dd}T00:00:00.000Z";
            var period = m.StudyPeriodId is int p && SourcedIds.Of("period", p) is var sid && sessionIds.Contains(sid) ? sid : Id(yearSid);
            var o = new JsonObject
            {
                ["sourcedId"] = LineItemId(m.LessonId, m.WorkTypeId), ["status"] = "active",
                ["dateLastModified"] = Stamp(g.Max(x => x.Mark.UpdatedAt ?? x.Mark.CreatedAt)),
                ["title"] = $"{typeName.GetValueOrDefault(m.WorkTypeId, "Работа")}, {m.Date:dd.MM.yyyy}",
            };
            if (m.Topic is { Length: > 0 } topic) o["description"] = topic;
            o["assignDate"] = day;
            o["dueDate"] = day;
            o["class"] = Ref(urls, "class", g.First().Class);
            o["school"] = Ref(urls, "org", org);
            o["category"] = Ref(urls, "category", SourcedIds.Of("category", m.WorkTypeId));
            o["academicSession"] = Ref(urls, "academicSession", period);
            return o;
        }).ToList();
        var results = marks.Select(x =>
        {
            var m = x.Mark;
            var o = new JsonObject
            {
                ["sourcedId"] = SourcedIds.Of("result", m.Id), ["status"] = "active", ["dateLastModified"] = Stamp(m.UpdatedAt ?? m.CreatedAt),
                ["lineItem"] = Ref(urls, "lineItem", LineItemId(m.LessonId, m.WorkTypeId)), ["student"] = Ref(urls, "user", x.Student),
                ["class"] = Ref(urls, "class", x.Class), ["scoreStatus"] = "fully graded",
            };
            if (int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var score)) o["score"] = score;
            o["textScore"] = m.Value;
            o["scoreDate"] = $"{m.Date:yyyy-MM-dd}";
            if (m.Comment is { Length: > 0 } comment) o["comment"] = comment;
            o["late"] = OneRosterExport.Bool(m.IsLate);
            return o;
        }).ToList();
        return new Gradebook(categories, lineItems, results);
    }

    /// <summary>Birth date and sex of the roster's students whose parent's consent is in force; nobody else has a record.</summary>
    public async Task<List<JsonObject>> DemographicsAsync(Roster roster, CancellationToken ct)
    {
        var userIds = roster.Users.Select(Id).ToHashSet();
        var consenting = access.StudentsWithConsentInForce();
        var students = await db.Students.AsNoTracking().Where(s => consenting.Contains(s.Id)).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.BirthDate, s.Gender }).ToListAsync(ct);
        return students.Select(s => new { s, Sid = SourcedIds.Of("user", "student", s.Id) }).Where(x => userIds.Contains(x.Sid))
            .Select(x => new JsonObject
            {
                ["sourcedId"] = x.Sid, ["status"] = "active", ["dateLastModified"] = roster.Stamp,
                ["birthDate"] = OneRosterExport.Date(x.s.BirthDate),
                ["sex"] = x.s.Gender switch { Gender.Male => "male", Gender.Female => "female", _ => "unspecified" },
            }).ToList();
    }

    public static string Id(JsonObject o) => o["sourcedId"]!.GetValue<string>();

    private static string LineItemId(int lessonId, int workTypeId) => SourcedIds.Of("lineItem", lessonId, workTypeId);

    private static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Cell(string file, string?[] row, string column) =>
        row[Array.IndexOf(OneRosterExport.Headers[file], column)] is { Length: > 0 } value ? value : null;

    private static string[] Split(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static JsonObject With(JsonObject o, params (string Name, string? Value)[] fields)
    {
        foreach (var (name, value) in fields)
            if (value is not null) o[name] = value;
        return o;
    }

    private static void Lists(JsonObject o, params (string Name, string? Value)[] fields)
    {
        foreach (var (name, value) in fields)
            if (Split(value) is { Length: > 0 } items) o[name] = new JsonArray([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
    }
}
