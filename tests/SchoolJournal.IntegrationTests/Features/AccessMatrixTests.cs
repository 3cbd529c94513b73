using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features;

/// <summary>
/// Every route of the app against every role (ARCHITECTURE decision 6). The routes are read from the running
/// app, so a new route without a row in <see cref="Table"/> fails <see cref="Every_route_has_an_access_expectation"/>.
/// To add a route: one <see cref="Row"/> line — its key as that test prints it, the URL to call (ids from the
/// <see cref="World"/>), and who gets in.
/// </summary>
public sealed partial class AccessMatrixTests(AccessMatrixTests.World world) : IClassFixture<AccessMatrixTests.World>
{
    public const string Anonymous = "anonymous";

    public static readonly string[] Callers =
        [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin, Roles.Student, Roles.Parent, Anonymous];

    /// <summary>
    /// What a caller gets: 2xx; the login (401 from the API, a redirect to the login page from a page); a refusal
    /// (403, or the access-denied page); or <see cref="Allowed"/>: past the access check with whatever answer the
    /// request itself earns (a write that cannot succeed twice may answer 400, 404 or 409 the second time).
    /// </summary>
    public enum Access { Ok, Login, Denied, Allowed }

    /// <summary>A route's key is "METHOD /pattern" for API routes, "ANY /pattern" for routes of every method (called with GET) and "PAGE /pattern" for Razor pages.</summary>
    public sealed record Row(string Key, Func<World, string> Url, IReadOnlyDictionary<string, Access> Expected, Func<World, HttpContent>? Body = null)
    {
        public string Method => Key[..Key.IndexOf(' ')];
        public bool IsPage => Method == "PAGE";
    }

    private static Dictionary<string, Access> Public() => Callers.ToDictionary(c => c, _ => Access.Ok);

    private static Dictionary<string, Access> SignedIn() => Callers.ToDictionary(c => c, c => c == Anonymous ? Access.Login : Access.Ok);

    private static Dictionary<string, Access> Only(params string[] roles) =>
        Callers.ToDictionary(c => c, c => c == Anonymous ? Access.Login : roles.Contains(c) ? Access.Ok : Access.Denied);

    /// <summary>Writes that cannot answer 2xx for every caller: these roles get past the access check, others are refused.</summary>
    private static Dictionary<string, Access> Writers(params string[] roles) =>
        Callers.ToDictionary(c => c, c => c == Anonymous ? Access.Login : roles.Contains(c) ? Access.Allowed : Access.Denied);

    private static readonly string[] Staff = [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin];

    /// <summary>Those who set up the school year (AccessService.CanManageYear).</summary>
    private static readonly string[] YearManagers = [Roles.Director, Roles.Deputy, Roles.SysAdmin];

    /// <summary>Every row: the core ones here, the year set-up's in AccessMatrixTests.Year.*.cs (one file per area).</summary>
    public static readonly Row[] Table =
    [
        .. CoreRows,
        .. YearIndexRows,
        .. CalendarRows,
        .. CatalogueRows,
        .. GroupsRows,
        .. CurriculaRows,
        .. PlansRows,
        .. TimetableRows,
        .. ChangesRows,
        .. DiaryRows,
        .. DiaryOverviewRows,
        .. LiveRows,
        .. NotificationsRows,
        .. ParentsRows,
        .. ExtractsRows,
        .. FeedsRows,
    ];

    private static Row[] YearIndexRows =>
    [
        new("PAGE /Year", _ => "/Year", Only(Staff)),
        new("PAGE /Year/Index", _ => "/Year/Index", Only(Staff)),
    ];

    private static Row[] CoreRows =>
    [
        // Operations
        new("ANY /health", _ => "/health", Public()),
        new("GET /openapi/{documentName}.json", _ => "/openapi/v1.json", Public()),
        new("GET /api/docs/{documentName?}", _ => "/api/docs/v1", Public()),
        new("GET /api/docs/scalar.js", _ => "/api/docs/scalar.js", Public()),
        new("GET /api/docs/scalar.aspnetcore.js", _ => "/api/docs/scalar.aspnetcore.js", Public()),
        new("GET /api/docs/favicon.svg", _ => "/api/docs/favicon.svg", Public()),

        // Account
        new("POST /api/v1/auth/login", _ => "/api/v1/auth/login", Public(),
            _ => JsonContent.Create(new { login = "matrix." + Roles.Director, password = JournalApp.Password })),
        new("GET /api/v1/me", _ => "/api/v1/me", SignedIn()),
        new("PAGE /Account/Login", _ => "/Account/Login", Public()),
        new("PAGE /Account/AccessDenied", _ => "/Account/AccessDenied", Public()),
        new("PAGE /Account/Logout", _ => "/Account/Logout", SignedIn()),
        new("PAGE /Account/ChangePassword", _ => "/Account/ChangePassword", SignedIn()),

        // School structure
        new("GET /api/v1/classes", _ => "/api/v1/classes", SignedIn()),
        new("GET /api/v1/classes/{id:int}/students", w => $"/api/v1/classes/{w.ClassId}/students", Only(Staff)),
        new("GET /api/v1/periods", _ => "/api/v1/periods", SignedIn()),
        new("GET /api/v1/groups", _ => "/api/v1/groups", SignedIn()),

        // Journal
        new("GET /api/v1/groups/{groupId:int}/journal", w => $"/api/v1/groups/{w.GroupId}/journal", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("POST /api/v1/lessons/{lessonId:int}/marks", w => $"/api/v1/lessons/{w.LessonId}/marks", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, value = "5" })),
        new("PUT /api/v1/marks/{id:int}", w => $"/api/v1/marks/{w.MarkId}", Only(Roles.Teacher), _ => JsonContent.Create(new { value = "4" })),
        new("DELETE /api/v1/marks/{id:int}", w => $"/api/v1/marks/{w.DeletableMarkId}", Only(Roles.Teacher)),
        new("PUT /api/v1/lessons/{lessonId:int}/attendance", w => $"/api/v1/lessons/{w.LessonId}/attendance", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, code = "Н" })),
        new("PUT /api/v1/lessons/{lessonId:int}", w => $"/api/v1/lessons/{w.LessonId}", Only(Roles.Teacher), _ => JsonContent.Create(new { topic = "Дроби" })),
        // Lock and reopen are idempotent and use another quarter than the lesson's, so the write rows answer in any order.
        new("POST /api/v1/groups/{groupId:int}/periods/{periodId:int}/lock", w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/lock",
            Only(Roles.Director, Roles.Deputy, Roles.Teacher)),
        new("POST /api/v1/groups/{groupId:int}/periods/{periodId:int}/reopen", w => $"/api/v1/groups/{w.GroupId}/periods/{w.LockPeriodId}/reopen",
            Only(Roles.Director, Roles.Deputy), _ => JsonContent.Create(new { reason = "Исправление ошибки" })),
        // Audit
        new("GET /api/v1/audit", w => $"/api/v1/audit?entity=mark&id={w.MarkId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),

        // Home
        new("PAGE /", _ => "/", SignedIn()),
        new("PAGE /Error", _ => "/Error", Public()),

        // Journal pages
        new("PAGE /Journal", _ => "/Journal", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Index", _ => "/Journal/Index", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Group/{groupId:int}", w => $"/Journal/Group/{w.GroupId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Lesson/{lessonId:int}", w => $"/Journal/Lesson/{w.LessonId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        // Daily absence, homework files and for part of a group, messages
        new("PUT /api/v1/classes/{classId:int}/daily-absences", w => $"/api/v1/classes/{w.ClassId}/daily-absences", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher),
            w => JsonContent.Create(new { studentId = w.StudentId, date = "2026-11-20", code = "Б" })),
        new("GET /api/v1/classes/{classId:int}/daily-absences", w => $"/api/v1/classes/{w.ClassId}/daily-absences?from=2026-11-16&to=2026-11-22", Only(Staff)),
        new("POST /api/v1/lessons/{lessonId:int}/homework/attachments", w => $"/api/v1/lessons/{w.LessonId}/homework/attachments", Only(Roles.Teacher),
            _ => Journal.AttachmentForms.Form("Задание.pdf", Journal.AttachmentForms.PdfBytes())),
        new("GET /api/v1/homework/attachments/{id:int}", w => $"/api/v1/homework/attachments/{w.AttachmentId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
        new("DELETE /api/v1/homework/attachments/{id:int}", w => $"/api/v1/homework/attachments/{w.DeletableAttachmentId}", Only(Roles.Teacher)),
        new("PUT /api/v1/lessons/{lessonId:int}/homework/students", w => $"/api/v1/lessons/{w.LessonId}/homework/students", Only(Roles.Teacher),
            _ => JsonContent.Create(new { studentIds = Array.Empty<int>() })),
        new("POST /api/v1/students/{studentId:int}/messages", w => $"/api/v1/students/{w.StudentId}/messages", Only(Roles.ClassTeacher, Roles.Teacher),
            _ => JsonContent.Create(new { kind = "message", text = "Проверьте дневник" })),
        new("GET /api/v1/students/{studentId:int}/messages", w => $"/api/v1/students/{w.StudentId}/messages",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.Student, Roles.Parent)),
        // Period grades and the overdue list. The writes are year/final grades, which lock nothing, so the rows answer in any order.
        new("GET /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PUT /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades", Only(Roles.Teacher),
            w => JsonContent.Create(new { studentId = w.StudentId, kind = "year", value = "4" })),
        new("DELETE /api/v1/groups/{groupId:int}/period-grades", w => $"/api/v1/groups/{w.GroupId}/period-grades?studentId={w.StudentId}&kind=final",
            Only(Roles.Teacher)),
        new("GET /api/v1/me/overdue", _ => "/api/v1/me/overdue", Only(Roles.Teacher)),

        // Journal pages of the class teacher and the teacher
        new("PAGE /Journal/Class/{classId:int}", w => $"/Journal/Class/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Journal/Daily/{classId:int}", w => $"/Journal/Daily/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Journal/Overdue", _ => "/Journal/Overdue", Only(Roles.Teacher)),
        // A journal record's history page
        new("PAGE /Journal/History", w => $"/Journal/History?entity=mark&id={w.MarkId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        // The summary sheet of final grades: the class teacher and the administration
        new("GET /api/v1/classes/{classId:int}/summary-sheet", w => $"/api/v1/classes/{w.ClassId}/summary-sheet", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Messages/Student/{studentId:int}", w => $"/Messages/Student/{w.StudentId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher)),
        new("PAGE /Journal/Summary/{classId:int}", w => $"/Journal/Summary/{w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Table)
            foreach (var caller in Callers)
                data.Add(row.Key, caller);
        return data;
    }

    [Fact]
    public void Every_route_has_an_access_expectation()
    {
        var missing = world.RouteKeys.Except(Table.Select(r => r.Key)).Order().ToList();

        Assert.True(missing.Count == 0, string.Join("\n", missing.Select(k => $"route {k} has no access expectation in AccessMatrixTests.Table")));
    }

    [Fact]
    public void Every_expectation_is_for_a_route_that_exists()
    {
        var stale = Table.Select(r => r.Key).Except(world.RouteKeys).Order().ToList();

        Assert.True(stale.Count == 0, string.Join("\n", stale.Select(k => $"AccessMatrixTests.Table has a row for {k}, which the app no longer maps")));
    }

    [Fact]
    public void Every_row_names_every_caller_once()
    {
        Assert.Equal(Table.Length, Table.Select(r => r.Key).Distinct().Count());
        Assert.All(Table, r => Assert.Equal(Callers.Order(), r.Expected.Keys.Order()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_answers_the_caller_as_expected(string route, string caller)
    {
        var row = Table.Single(r => r.Key == route);
        var expected = row.Expected[caller];
        var client = await world.ClientAsync(caller, cookie: row.IsPage);
        var method = row.IsPage || row.Method == "ANY" ? HttpMethod.Get : new HttpMethod(row.Method);
        using var request = new HttpRequestMessage(method, row.Url(world)) { Content = row.Body?.Invoke(world) };

        using var response = await client.SendAsync(request);

        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath : response.Headers.Location?.OriginalString ?? "";
        var got = $"{status} {location}".Trim();
        switch (expected)
        {
            case Access.Ok:
                Assert.True(status is >= 200 and < 300, $"{caller} on {route}: expected 2xx, got {got}");
                break;
            case Access.Login when row.IsPage:
                Assert.True(status == 302 && location.StartsWith("/Account/Login", StringComparison.Ordinal), $"{caller} on {route}: expected a redirect to the login page, got {got}");
                break;
            case Access.Login:
                Assert.True(status == 401, $"{caller} on {route}: expected 401, got {got}");
                break;
            case Access.Denied when row.IsPage:
                Assert.True(status == 403 || (status == 302 && location.StartsWith("/Account/AccessDenied", StringComparison.Ordinal)),
                    $"{caller} on {route}: expected 403 or the access-denied page, got {got}");
                break;
            case Access.Denied:
                Assert.True(status == 403, $"{caller} on {route}: expected 403, got {got}");
                break;
            case Access.Allowed:
                Assert.True(status is not (401 or 403) && !location.StartsWith("/Account/", StringComparison.Ordinal) && status < 500,
                    $"{caller} on {route}: expected to pass the access check, got {got}");
                break;
        }
    }

    /// <summary>
    /// One school with a person in every role, built once for the matrix: the matrix only reads, so its cases
    /// share this app instead of building 100+ hosts. The class teacher leads, and the teacher teaches, <see cref="ClassId"/>,
    /// where the student learns and the parent's child.
    /// </summary>
    public sealed partial class World : IAsyncLifetime
    {
        private readonly JournalApp _app = new();
        private readonly Dictionary<(string, bool), HttpClient> _clients = [];

        public int ClassId { get; private set; }
        public int StudentId { get; private set; }
        public int GroupId { get; private set; }
        public int LessonId { get; private set; }
        public int MarkId { get; private set; }
        public int DeletableMarkId { get; private set; }
        public int LockPeriodId { get; private set; }
        public IReadOnlySet<string> RouteKeys { get; private set; } = new HashSet<string>();
        public int AttachmentId { get; private set; }
        public int DeletableAttachmentId { get; private set; }

        public static string LoginOf(string role) => "matrix." + role;

        public async Task InitializeAsync()
        {
            (ClassId, StudentId, GroupId, MarkId) = await _app.SeedAsync(async b =>
            {
                await b.SchoolAsync();
                await b.StaffAsync("Петров", "Олег", "Иванович", LoginOf(Roles.Director), Roles.Director);
                await b.StaffAsync("Фёдорова", "Нина", "Андреевна", LoginOf(Roles.Deputy), Roles.Deputy);
                var leader = await b.StaffAsync("Козлова", "Ирина", "Павловна", LoginOf(Roles.ClassTeacher), Roles.ClassTeacher);
                var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", LoginOf(Roles.Teacher), Roles.Teacher);
                await b.UserAsync(LoginOf(Roles.SysAdmin), "Администратор", [Roles.SysAdmin]);
                var cls = await b.ClassAsync(5, "А", leader);
                var student = await b.StudentAsync(cls, "Орлов", "Артём", LoginOf(Roles.Student));
                await b.ParentAsync("Орлова", "Елена", LoginOf(Roles.Parent), student);
                var group = await b.GroupAsync("Математика", teacher, [cls]);
                var lesson = await b.LessonAsync(group, new DateOnly(2026, 11, 20), 2, teacher);
                var mark = await b.MarkAsync(lesson, student, "3");
                var deletable = await b.MarkAsync(lesson, student, "2");
                await b.LessonHomeworkAsync(lesson, "№ 245");
                (LessonId, DeletableMarkId, LockPeriodId) = (lesson.Id, deletable.Id, b.Quarters[2].Id);
                return (cls.Id, student.Id, group.Id, mark.Id);
            });
            await SeedAttachmentsAsync();
            await SeedCalendarAsync();
            await SeedCatalogueAsync();
            await SeedGroupsAsync();
            await SeedCurriculaAsync();
            await SeedPlansAsync();
            await SeedTimetableAsync();
            await SeedChangesAsync();
            await SeedDiaryAsync();
            await SeedDiaryOverviewAsync();
            await SeedLiveAsync();
            await SeedNotificationsAsync();
            await SeedParentsAsync();
            await SeedExtractsAsync();
            await SeedFeedsAsync();
            RouteKeys = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .SelectMany(KeysOf)
                .ToHashSet();
        }

        /// <summary>Two files of the lesson's homework, uploaded by its teacher: one to read, one to delete.</summary>
        private async Task SeedAttachmentsAsync()
        {
            var teacher = await ClientAsync(Roles.Teacher, cookie: false);
            async Task<int> UploadAsync() => (await (await teacher.PostAsync($"/api/v1/lessons/{LessonId}/homework/attachments",
                Journal.AttachmentForms.Form("Задание.pdf", Journal.AttachmentForms.PdfBytes()))).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
            AttachmentId = await UploadAsync();
            DeletableAttachmentId = await UploadAsync();
        }

        private static IEnumerable<string> KeysOf(RouteEndpoint endpoint)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
                return [$"PAGE {pattern}"];
            return methods is { Count: > 0 } ? methods.Select(m => $"{m} {pattern}") : [$"ANY {pattern}"];
        }

        public async Task<HttpClient> ClientAsync(string caller, bool cookie)
        {
            if (_clients.TryGetValue((caller, cookie), out var client)) return client;
            client = caller == Anonymous
                ? _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
                : cookie ? await _app.PageClientAsync(LoginOf(caller)) : await _app.ApiClientAsync(LoginOf(caller));
            return _clients[(caller, cookie)] = client;
        }

        public Task DisposeAsync()
        {
            foreach (var c in _clients.Values) c.Dispose();
            _app.Dispose();
            return Task.CompletedTask;
        }
    }
}
