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

    /// <summary>
    /// A member of staff whose only role is one the school configured (R-ROLE-8): «Библиотекарь» with the permissions to read the
    /// year's set-up and every journal (<c>readYearSetup</c>, <c>overseeJournals</c>), no built-in role.
    /// </summary>
    public const string Configured = "configured";

    public static readonly string[] Callers =
        [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin, Roles.Student, Roles.Parent, Configured, Anonymous];

    /// <summary>
    /// What a caller gets: 2xx; the login (401 from the API, a redirect to the login page from a page); a refusal
    /// (403, or the access-denied page); or <see cref="Allowed"/>: past the access check with whatever answer the
    /// request itself earns (a write that cannot succeed twice may answer 400, 404 or 409 the second time).
    /// </summary>
    public enum Access { Ok, Login, Denied, Allowed }

    /// <summary>A route's key is "METHOD /pattern" for API routes, "ANY /pattern" for routes of every method (called with GET) and "PAGE /pattern"
    /// for Razor pages.</summary>
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

    private static readonly string[] Staff = [Roles.Director, Roles.Deputy, Roles.ClassTeacher, Roles.Teacher, Roles.SysAdmin, Configured];

    /// <summary>Those who set up the school year (AccessService.CanManageYear).</summary>
    private static readonly string[] YearManagers = [Roles.Director, Roles.Deputy, Roles.SysAdmin];

    /// <summary>Every row: the operations' here, each area's in AccessMatrixTests.&lt;Area&gt;.cs in the area's folder.</summary>
    public static readonly Row[] Table = WithConfiguredRole(
    [
        .. OperationsRows,
        .. AccountRows,
        .. SchoolStructureRows,
        .. JournalRows,
        .. AuditRows,
        .. ArchiveRows,
        .. HomeRows,
        .. MessagesRows,
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
        .. SecurityRows,
        .. AccountsRows,
        .. ImportRows,
        .. ExportRows,
        .. OneRosterRows,
        .. SettingsRows,
        .. StudentsRows,
        .. SupportRows,
        .. ReportsRows,
        .. SignaturesRows,
    ]);

    private static Row[] OperationsRows =>
    [
        // Operations
        new("ANY /health", _ => "/health", Public()),
        new("GET /openapi/{documentName}.json", _ => "/openapi/v1.json", Public()),
        new("GET /api/docs/{documentName?}", _ => "/api/docs/v1", Public()),
        new("GET /api/docs/scalar.js", _ => "/api/docs/scalar.js", Public()),
        new("GET /api/docs/scalar.aspnetcore.js", _ => "/api/docs/scalar.aspnetcore.js", Public()),
        new("GET /api/docs/favicon.svg", _ => "/api/docs/favicon.svg", Public()),
        new("PAGE /Error/{code:int?}", _ => "/Error", Public()),
        // «Справка»: the guides hold nobody's data; every signed-in person reads all of them.
        new("PAGE /Help/{**name}", _ => "/Help/teacher", SignedIn()),
    ];

    /// <summary>
    /// What the configured «Библиотекарь» (<see cref="Configured"/>) gets where a row's role list does not say it: his
    /// <c>overseeJournals</c> opens every journal, diary, summary sheet and report of the school for reading (as the duty
    /// «ответственный за ведение ЭЖ» does, R-ROLE-1); the staff's roster routes ask for a class he does not lead; the diary's hub
    /// lets any signed-in person past the access check.
    /// </summary>
    private static Dictionary<string, Access> ConfiguredRoleAnswers => new()
    {
        ["GET /api/v1/classes/{classId:int}/daily-absences"] = Access.Denied,
        ["GET /api/v1/classes/{id:int}/students"] = Access.Denied,
        ["ANY /hubs/diary"] = Access.Allowed,
        ["ANY /hubs/diary/negotiate"] = Access.Allowed,
        ["GET /api/v1/classes/{classId:int}/summary-sheet"] = Access.Ok,
        ["GET /api/v1/groups/{groupId:int}/journal"] = Access.Ok,
        ["GET /api/v1/groups/{groupId:int}/period-grades"] = Access.Ok,
        ["GET /api/v1/groups/{groupId:int}/periods/{periodId:int}/signature"] = Access.Ok,
        ["GET /api/v1/homework/attachments/{id:int}"] = Access.Ok,
        ["GET /api/v1/reports/absences"] = Access.Ok,
        ["GET /api/v1/reports/activity"] = Access.Ok,
        ["GET /api/v1/reports/averages"] = Access.Ok,
        ["GET /api/v1/reports/class-analysis"] = Access.Ok,
        ["GET /api/v1/reports/control-works"] = Access.Ok,
        ["GET /api/v1/reports/failing-marks"] = Access.Ok,
        ["GET /api/v1/reports/journal-keeping"] = Access.Ok,
        ["GET /api/v1/reports/overdue"] = Access.Ok,
        ["GET /api/v1/reports/plan-fulfilment"] = Access.Ok,
        ["GET /api/v1/reports/progress"] = Access.Ok,
        ["GET /api/v1/reports/workload"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/diary"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/homework"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/marks"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/messages"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/parents"] = Access.Ok,
        ["GET /api/v1/students/{studentId:int}/teachers"] = Access.Ok,
        ["PAGE /Diary/Class"] = Access.Ok,
        ["PAGE /Diary/Homework"] = Access.Ok,
        ["PAGE /Diary/Marks"] = Access.Ok,
        ["PAGE /Diary/Messages"] = Access.Ok,
        ["PAGE /Journal"] = Access.Ok,
        ["PAGE /Journal/Index"] = Access.Ok,
        ["PAGE /Journal/Group/{groupId:int}"] = Access.Ok,
        ["PAGE /Journal/Lesson/{lessonId:int}"] = Access.Ok,
        ["PAGE /Journal/Overdue"] = Access.Ok,
        ["PAGE /Journal/Summary/{classId:int}"] = Access.Ok,
        ["PAGE /Messages/Student/{studentId:int}"] = Access.Ok,
        ["PAGE /Reports"] = Access.Ok,
        ["PAGE /Reports/Absences"] = Access.Ok,
        ["PAGE /Reports/Activity"] = Access.Ok,
        ["PAGE /Reports/Averages"] = Access.Ok,
        ["PAGE /Reports/ClassAnalysis"] = Access.Ok,
        ["PAGE /Reports/ControlWorks"] = Access.Ok,
        ["PAGE /Reports/FailingMarks"] = Access.Ok,
        ["PAGE /Reports/JournalKeeping"] = Access.Ok,
        ["PAGE /Reports/PlanFulfilment"] = Access.Ok,
        ["PAGE /Reports/Progress"] = Access.Ok,
        ["PAGE /Reports/Workload"] = Access.Ok,
    };

    private static Row[] WithConfiguredRole(Row[] rows) =>
        [.. rows.Select(r => ConfiguredRoleAnswers.TryGetValue(r.Key, out var answer)
            ? r with { Expected = new Dictionary<string, Access>(r.Expected) { [Configured] = answer } }
            : r)];

    /// <summary>
    /// On SQLite every caller on every route. On PostgreSQL every route once, as the first caller it lets in (the first caller where
    /// it lets nobody in): whether a caller gets in is decided by the one access service, the same code on either database, and the
    /// SQLite lane asks it for every caller; what the PostgreSQL lane adds is each route's own handler and queries answering there.
    /// The access service's own questions to the database (does this teacher teach the group, is this the parent's child) run in
    /// the allowed calls too. Every caller on both lanes was 3,132 requests on each (348 routes), 277 s of the PostgreSQL lane's 1,055 in the
    /// full run of 7 December.
    /// </summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Table)
        {
            if (JournalApp.OnPostgres)
            {
                data.Add(row.Key, Callers.FirstOrDefault(c => row.Expected[c] is Access.Ok or Access.Allowed) ?? Callers[0]);
                continue;
            }
            foreach (var caller in Callers)
                data.Add(row.Key, caller);
        }
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

        Assert.True(stale.Count == 0,
            string.Join("\n", stale.Select(k => $"AccessMatrixTests.Table has a row for {k}, which the app no longer maps")));
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
        var location = response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath
            : response.Headers.Location?.OriginalString ?? "";
        var got = $"{status} {location}".Trim();
        switch (expected)
        {
            case Access.Ok:
                Assert.True(status is >= 200 and < 300, $"{caller} on {route}: expected 2xx, got {got}");
                break;
            case Access.Login when row.IsPage:
                Assert.True(status == 302 && location.StartsWith("/Account/Login", StringComparison.Ordinal),
                    $"{caller} on {route}: expected a redirect to the login page, got {got}");
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
                var librarian = await b.StaffAsync("Зайцева", "Нина", "Ивановна", LoginOf(Configured));
                var role = new SchoolRole
                {
                    SchoolId = librarian.SchoolId, Name = "Библиотекарь",
                    Permissions = (long)(SchoolJournal.Web.Infrastructure.Permission.ReadYearSetup
                        | SchoolJournal.Web.Infrastructure.Permission.OverseeJournals),
                };
                role.Members.Add(new SchoolRoleMember { UserId = librarian.UserId! });
                b.Db.SchoolRoles.Add(role);
                await b.Db.SaveChangesAsync();
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
            await SeedSecurityAsync();
            await SeedAccountsAsync();
            await SeedSupportAsync();
            RouteKeys = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .SelectMany(KeysOf)
                .ToHashSet();
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
