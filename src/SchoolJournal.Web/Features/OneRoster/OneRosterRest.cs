using System.Text.Json.Nodes;
using SchoolJournal.Web.Infrastructure;
using static SchoolJournal.Web.Features.OneRoster.OneRosterScopes;

namespace SchoolJournal.Web.Features.OneRoster;

/// <summary>
/// The OneRoster 1.2 REST binding, read-only (issue 15, item 4): the token endpoint, the Rostering service's collections, single objects
/// and the nested ones, the Gradebook's line items, results and categories. Outside the /api/v1 group and its users: a request carries a
/// client's token (<see cref="OneRosterTokens"/>), each operation asks for the scopes its OpenAPI «security» lists, and the token's school
/// becomes the request's school, so the DbContext's filter keeps every other school out.
/// </summary>
public static class OneRosterRest
{
    public const string Rostering = "/ims/oneroster/rostering/v1p2";
    public const string Gradebook = "/ims/oneroster/gradebook/v1p2";

    public static IServiceCollection AddOneRoster(this IServiceCollection services) =>
        services.AddScoped<OneRosterClients>().AddScoped<OneRosterTokens>().AddScoped<OneRosterData>();

    /// <summary>Each kind's properties in the official schema: what filter, sort and fields may name (a user's password never).</summary>
    private static readonly Dictionary<string, string[]> Known = new()
    {
        ["org"] = ["sourcedId", "status", "dateLastModified", "metadata", "name", "type", "identifier", "parent", "children"],
        ["academicSession"] = ["sourcedId", "status", "dateLastModified", "metadata", "title", "startDate", "endDate", "type", "parent", "children",
            "schoolYear"],
        ["course"] = ["sourcedId", "status", "dateLastModified", "metadata", "title", "schoolYear", "courseCode", "grades", "subjects", "org",
            "subjectCodes", "resources"],
        ["class"] = ["sourcedId", "status", "dateLastModified", "metadata", "title", "classCode", "classType", "location", "grades", "subjects",
            "course", "school", "terms", "subjectCodes", "periods", "resources"],
        ["user"] = ["sourcedId", "status", "dateLastModified", "metadata", "userMasterIdentifier", "username", "userIds", "enabledUser",
            "givenName", "familyName", "middleName", "preferredFirstName", "preferredMiddleName", "preferredLastName", "pronouns", "roles",
            "userProfiles", "primaryOrg", "identifier", "email", "sms", "phone", "agents", "grades", "resources"],
        ["enrollment"] = ["sourcedId", "status", "dateLastModified", "metadata", "user", "class", "school", "role", "primary", "beginDate",
            "endDate"],
        ["demographics"] = ["sourcedId", "status", "dateLastModified", "metadata", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
            "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
            "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"],
        ["lineItem"] = ["sourcedId", "status", "dateLastModified", "metadata", "title", "description", "assignDate", "dueDate", "class", "school",
            "category", "gradingPeriod", "academicSession", "scoreScale", "resultValueMin", "resultValueMax", "learningObjectiveSet"],
        ["result"] = ["sourcedId", "status", "dateLastModified", "metadata", "lineItem", "student", "class", "scoreScale", "scoreStatus", "score",
            "textScore", "scoreDate", "comment", "learningObjectiveSet", "inProgress", "incomplete", "late", "missing"],
        ["category"] = ["sourcedId", "status", "dateLastModified", "metadata", "title", "weight"],
    };

    /// <summary>What one request read: the roster always, the gradebook and the demographics when the operation needs them.</summary>
    private sealed record Sets(OneRosterData.Roster Roster, OneRosterData.Gradebook? Book, List<JsonObject>? Demographics)
    {
        public List<JsonObject> Schools => [.. Roster.Orgs.Where(o => Is(o, "type", "school"))];
        public List<JsonObject> Terms => [.. Roster.Sessions.Where(o => Is(o, "type", "term") || Is(o, "type", "semester"))];
        public List<JsonObject> GradingPeriods => [.. Roster.Sessions.Where(o => Is(o, "type", "gradingPeriod"))];
        public List<JsonObject> Students => [.. Roster.Users.Where(u => HasRole(u, "student"))];
        public List<JsonObject> Teachers => [.. Roster.Users.Where(u => HasRole(u, "teacher"))];

        /// <summary>The users enrolled in a class in a role.</summary>
        public List<JsonObject> Enrolled(string classId, string role)
        {
            var ids = Roster.Enrollments.Where(e => Is(e, "class", classId) && Is(e, "role", role)).Select(e => Ref(e, "user")).ToHashSet();
            return [.. Roster.Users.Where(u => ids.Contains(OneRosterData.Id(u)))];
        }

        /// <summary>The classes a user is enrolled in.</summary>
        public List<JsonObject> ClassesOf(string userId)
        {
            var ids = Roster.Enrollments.Where(e => Is(e, "user", userId)).Select(e => Ref(e, "class")).ToHashSet();
            return [.. Roster.Classes.Where(c => ids.Contains(OneRosterData.Id(c)))];
        }
    }

    private static bool Is(JsonObject o, string field, string value) => OneRosterQuery.Values(o, field).Contains(value);

    private static bool HasRole(JsonObject user, string role) => OneRosterQuery.Values(user, "roles.role").Contains(role);

    private static string Ref(JsonObject o, string field) => o[field]!["sourcedId"]!.GetValue<string>();

    private enum Need { Roster, Gradebook, Demographics }

    /// <summary>A nested collection's items, or 404 when its parent is not there.</summary>
    private delegate (List<JsonObject>? Items, ImsStatus? Missing) Select(Sets sets, RouteValueDictionary route);

    public static IEndpointRouteBuilder MapOneRosterRest(this IEndpointRouteBuilder app)
    {
        app.MapPost(OneRosterTokens.TokenPath, (HttpRequest request, OneRosterTokens tokens, CancellationToken ct) => tokens.IssueAsync(request, ct))
            .AllowAnonymous().ExcludeFromDescription();

        var r = app.MapGroup(Rostering).AllowAnonymous().ExcludeFromDescription();
        string[] core = [Roster, RosterCore], full = [Roster];
        Both(r, "/orgs", "orgs", "org", "Организации", s => s.Roster.Orgs, core);
        Both(r, "/schools", "orgs", "org", "Школы", s => s.Schools, core);
        Both(r, "/academicSessions", "academicSessions", "academicSession", "Учебного периода", s => s.Roster.Sessions, core);
        Both(r, "/terms", "academicSessions", "academicSession", "Четверти (полугодия)", s => s.Terms, core);
        Both(r, "/gradingPeriods", "academicSessions", "academicSession", "Отчётного периода", s => s.GradingPeriods, core);
        Both(r, "/courses", "courses", "course", "Курса", s => s.Roster.Courses, core);
        Both(r, "/classes", "classes", "class", "Класса (группы)", s => s.Roster.Classes, core);
        Both(r, "/users", "users", "user", "Пользователя", s => s.Roster.Users, core);
        Both(r, "/students", "users", "user", "Ученика", s => s.Students, core);
        Both(r, "/teachers", "users", "user", "Учителя", s => s.Teachers, core);
        Both(r, "/enrollments", "enrollments", "enrollment", "Зачисления", s => s.Roster.Enrollments, core);
        Both(r, "/demographics", "demographics", "demographics", "Демографических данных", s => s.Demographics!, [Demographics],
            Need.Demographics);

        Nested(r, "/classes/{classSourcedId}/students", "users", "user", Under("classSourcedId", s => s.Roster.Classes, "Класса (группы)",
            (s, id) => s.Enrolled(id, "student")), full);
        Nested(r, "/classes/{classSourcedId}/teachers", "users", "user", Under("classSourcedId", s => s.Roster.Classes, "Класса (группы)",
            (s, id) => s.Enrolled(id, "teacher")), full);
        Nested(r, "/courses/{courseSourcedId}/classes", "classes", "class", Under("courseSourcedId", s => s.Roster.Courses, "Курса",
            (s, id) => [.. s.Roster.Classes.Where(c => Is(c, "course", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/classes", "classes", "class", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, id) => [.. s.Roster.Classes.Where(c => Is(c, "school", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/courses", "courses", "course", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, id) => [.. s.Roster.Courses.Where(c => Is(c, "org", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/enrollments", "enrollments", "enrollment", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, id) => [.. s.Roster.Enrollments.Where(e => Is(e, "school", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/students", "users", "user", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, id) => [.. s.Students.Where(u => Is(u, "roles.org", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/teachers", "users", "user", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, id) => [.. s.Teachers.Where(u => Is(u, "roles.org", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/terms", "academicSessions", "academicSession", Under("schoolSourcedId", s => s.Schools, "Школы",
            (s, _) => s.Terms), full);
        Nested(r, "/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments", "enrollments", "enrollment", InSchool(
            (s, id) => [.. s.Roster.Enrollments.Where(e => Is(e, "class", id))]), full);
        Nested(r, "/schools/{schoolSourcedId}/classes/{classSourcedId}/students", "users", "user", InSchool((s, id) => s.Enrolled(id, "student")),
            full);
        Nested(r, "/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers", "users", "user", InSchool((s, id) => s.Enrolled(id, "teacher")),
            full);
        Nested(r, "/students/{studentSourcedId}/classes", "classes", "class", Under("studentSourcedId", s => s.Students, "Ученика",
            (s, id) => s.ClassesOf(id)), full);
        Nested(r, "/teachers/{teacherSourcedId}/classes", "classes", "class", Under("teacherSourcedId", s => s.Teachers, "Учителя",
            (s, id) => s.ClassesOf(id)), full);
        Nested(r, "/users/{userSourcedId}/classes", "classes", "class", Under("userSourcedId", s => s.Roster.Users, "Пользователя",
            (s, id) => s.ClassesOf(id)), full);
        Nested(r, "/terms/{termSourcedId}/classes", "classes", "class", Under("termSourcedId", s => s.Terms, "Четверти (полугодия)",
            (s, id) => [.. s.Roster.Classes.Where(c => Is(c, "terms", id))]), full);
        Nested(r, "/terms/{termSourcedId}/gradingPeriods", "academicSessions", "academicSession", Under("termSourcedId", s => s.Terms,
            "Четверти (полугодия)", (s, id) => [.. s.GradingPeriods.Where(p => Is(p, "parent", id))]), full);

        var g = app.MapGroup(Gradebook).AllowAnonymous().ExcludeFromDescription();
        string[] book = [OneRosterScopes.Gradebook, GradebookCore], bookFull = [OneRosterScopes.Gradebook];
        Both(g, "/categories", "categories", "category", "Вида работы", s => s.Book!.Categories, book, Need.Gradebook);
        Both(g, "/lineItems", "lineItems", "lineItem", "Работы", s => s.Book!.LineItems, book, Need.Gradebook);
        Both(g, "/results", "results", "result", "Отметки", s => s.Book!.Results, book, Need.Gradebook);
        Nested(g, "/classes/{classSourcedId}/categories", "categories", "category", Under("classSourcedId", s => s.Roster.Classes,
            "Класса (группы)", (s, id) =>
            {
                var used = s.Book!.LineItems.Where(l => Is(l, "class", id)).Select(l => Ref(l, "category")).ToHashSet();
                return [.. s.Book.Categories.Where(c => used.Contains(OneRosterData.Id(c)))];
            }), bookFull, Need.Gradebook);
        Nested(g, "/classes/{classSourcedId}/lineItems", "lineItems", "lineItem", Under("classSourcedId", s => s.Roster.Classes,
            "Класса (группы)", (s, id) => [.. s.Book!.LineItems.Where(l => Is(l, "class", id))]), bookFull, Need.Gradebook);
        Nested(g, "/classes/{classSourcedId}/results", "results", "result", Under("classSourcedId", s => s.Roster.Classes,
            "Класса (группы)", (s, id) => [.. s.Book!.Results.Where(x => Is(x, "class", id))]), bookFull, Need.Gradebook);
        Nested(g, "/classes/{classSourcedId}/lineItems/{lineItemSourcedId}/results", "results", "result", (s, route) =>
        {
            var (cls, item) = ((string)route["classSourcedId"]!, (string)route["lineItemSourcedId"]!);
            if (!s.Roster.Classes.Any(c => OneRosterData.Id(c) == cls)) return (null, ImsStatus.Unknown("Класса (группы)", cls));
            if (!s.Book!.LineItems.Any(l => OneRosterData.Id(l) == item && Is(l, "class", cls))) return (null, ImsStatus.Unknown("Работы", item));
            return ([.. s.Book.Results.Where(x => Is(x, "lineItem", item))], null);
        }, bookFull, Need.Gradebook);
        Nested(g, "/classes/{classSourcedId}/students/{studentSourcedId}/results", "results", "result", (s, route) =>
        {
            var (cls, student) = ((string)route["classSourcedId"]!, (string)route["studentSourcedId"]!);
            if (!s.Roster.Classes.Any(c => OneRosterData.Id(c) == cls)) return (null, ImsStatus.Unknown("Класса (группы)", cls));
            if (!s.Students.Any(u => OneRosterData.Id(u) == student)) return (null, ImsStatus.Unknown("Ученика", student));
            return ([.. s.Book!.Results.Where(x => Is(x, "class", cls) && Is(x, "student", student))], null);
        }, bookFull, Need.Gradebook);
        return app;
    }

    private static Select Under(string parameter, Func<Sets, List<JsonObject>> parents, string what, Func<Sets, string, List<JsonObject>> children) =>
        (sets, route) =>
        {
            var id = (string)route[parameter]!;
            return parents(sets).Any(p => OneRosterData.Id(p) == id) ? (children(sets, id), null) : (null, ImsStatus.Unknown(what, id));
        };

    private static Select InSchool(Func<Sets, string, List<JsonObject>> children) => (sets, route) =>
    {
        var (school, cls) = ((string)route["schoolSourcedId"]!, (string)route["classSourcedId"]!);
        if (!sets.Schools.Any(s => OneRosterData.Id(s) == school)) return (null, ImsStatus.Unknown("Школы", school));
        if (!sets.Roster.Classes.Any(c => OneRosterData.Id(c) == cls && Is(c, "school", school)))
            return (null, ImsStatus.Unknown("Класса (группы)", cls));
        return (children(sets, cls), null);
    };

    /// <summary>A collection and its single objects («/users» and «/users/{sourcedId}»): the same items, the same scopes.</summary>
    private static void Both(RouteGroupBuilder group, string pattern, string wrapper, string kind, string what,
        Func<Sets, List<JsonObject>> items, string[] scopes, Need need = Need.Roster)
    {
        All(group, pattern, wrapper, kind, items, scopes, need);
        One(group, pattern + "/{sourcedId}", kind, kind, what, items, scopes, need);
    }

    private static void All(RouteGroupBuilder group, string pattern, string wrapper, string kind, Func<Sets, List<JsonObject>> items, string[] scopes,
        Need need = Need.Roster) =>
        Nested(group, pattern, wrapper, kind, (sets, _) => (items(sets), null), scopes, need);

    private static void Nested(RouteGroupBuilder group, string pattern, string wrapper, string kind, Select select, string[] scopes,
        Need need = Need.Roster) =>
        Guard(group.MapGet(pattern, async (HttpContext http, OneRosterData data, CancellationToken ct) =>
        {
            var (items, missing) = select(await LoadAsync(http, data, need, ct), http.Request.RouteValues);
            if (missing is not null) return missing.ToResult();
            var (page, error) = OneRosterQuery.Apply(items!, http.Request.Query, Known[kind]);
            if (error is not null) return error.ToResult();
            http.Response.Headers["X-Total-Count"] = page!.Total.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.Link = OneRosterQuery.Links(http.Request.PathBase + http.Request.Path, http.Request.Query, page);
            return Json(new JsonObject { [wrapper] = new JsonArray([.. page.Items]) });
        }), scopes);

    private static void One(RouteGroupBuilder group, string pattern, string wrapper, string kind, string what, Func<Sets, List<JsonObject>> items,
        string[] scopes, Need need = Need.Roster) =>
        Guard(group.MapGet(pattern, async (string sourcedId, HttpContext http, OneRosterData data, CancellationToken ct) =>
        {
            var (fields, error) = OneRosterQuery.Fields(http.Request.Query, Known[kind]);
            if (error is not null) return error.ToResult();
            var item = items(await LoadAsync(http, data, need, ct)).FirstOrDefault(o => OneRosterData.Id(o) == sourcedId);
            if (item is null) return ImsStatus.Unknown(what, sourcedId).ToResult();
            return Json(new JsonObject { [wrapper] = OneRosterQuery.Project(item, fields) });
        }), scopes);

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json; charset=utf-8");

    private static async Task<Sets> LoadAsync(HttpContext http, OneRosterData data, Need need, CancellationToken ct)
    {
        var host = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var urls = new OneRosterData.Urls(host + Rostering, host + Gradebook);
        var roster = await data.RosterAsync(urls, ct);
        return new Sets(roster,
            need == Need.Gradebook ? await data.GradebookAsync(roster, urls, ct) : null,
            need == Need.Demographics ? await data.DemographicsAsync(roster, ct) : null);
    }

    /// <summary>
    /// The client's token, checked before the handler: 401 without a live one, 403 when it carries none of the operation's scopes. The
    /// request's user becomes the client (its school, no role), which the users' scheme (cookie or bearer) never sees.
    /// </summary>
    private static void Guard(RouteHandlerBuilder endpoint, string[] scopes) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tokens = http.RequestServices.GetRequiredService<OneRosterTokens>();
            if (await tokens.ValidateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted) is not { } grant)
                return ImsStatus.Unauthorised.ToResult();
            if (!scopes.Any(grant.Scopes.Contains)) return ImsStatus.Forbidden(scopes).ToResult();
            http.User = grant.Principal();
            return await next(context);
        });
}
