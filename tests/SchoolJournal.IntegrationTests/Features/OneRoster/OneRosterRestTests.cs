using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;
using static SchoolJournal.IntegrationTests.Features.OneRoster.OneRosterSchemas;

namespace SchoolJournal.IntegrationTests.Features.OneRoster;

/// <summary>
/// OneRoster 1.2 REST (issue 15, item 4). The school: 5А (class teacher Смирнова) with Иванова and Кузнецов, 6Б with Орлов; Орлова, mother
/// of Орлов, consented; Кузнецов Павел, guardian of Кузнецов, consented and then refused; Иванова has no parent on record; a maths group of
/// 5А (Смирнова) with a lesson on 20.11.2026: Иванова «5» and Кузнецов «4» for an answer, Кузнецов «3» for a test. Another school has
/// 7В with Чужой. Users of the first school: 3 students, 2 parents, 1 teacher = 6.
/// </summary>
public sealed class OneRosterRestTests : IDisposable
{
    private const string Rostering = "/ims/oneroster/rostering/v1p2";
    private const string Gradebook = "/ims/oneroster/gradebook/v1p2";
    private const string Scope = "https://purl.imsglobal.org/spec/or/v1p2/scope/";
    private static readonly string[] AllScopes =
        [Scope + "roster-core.readonly", Scope + "roster.readonly", Scope + "roster-demographics.readonly", Scope + "gradebook-core.readonly",
            Scope + "gradebook.readonly"];

    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record World(int SchoolId, int OtherSchoolId, int GroupId, int ClassA5, int Ivanova, int Kuznetsov, int Orlov, int Smirnova,
        int LessonId, int AnswerType, int TestType, int Alien);

    private Task<World> SeedAsync() => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync();
        await b.UserAsync("admin", "Администратор", [Roles.SysAdmin]);
        var smirnova = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var a5 = await b.ClassAsync(5, "А", smirnova);
        var b6 = await b.ClassAsync(6, "Б");
        var ivanova = await b.StudentAsync(a5, "Иванова", "Алёна");
        var kuznetsov = await b.StudentAsync(a5, "Кузнецов", "Илья");
        var orlov = await b.StudentAsync(b6, "Орлов", "Артём");
        ivanova.Gender = Gender.Female;
        var mother = await b.ParentAsync("Орлова", "Елена", null, orlov);
        var guardian = await b.ParentAsync("Кузнецов", "Павел", null, kuznetsov);
        guardian.Children[0].Kind = RepresentativeKind.Guardian;
        PersonalDataConsent Consent(Parent p, bool given) => new()
        {
            SchoolId = school.Id, ParentId = p.Id, Given = given, Scope = ConsentScope.Email | ConsentScope.Transfer, Date = new DateOnly(2026, 9, 1),
            RecordedAt = b.Now,
        };
        b.Db.PersonalDataConsents.AddRange(Consent(mother, true), Consent(guardian, true));
        await b.Db.SaveChangesAsync();
        b.Db.PersonalDataConsents.Add(Consent(guardian, false));
        await b.Db.SaveChangesAsync();
        var group = await b.GroupAsync("Математика", smirnova, [a5]);
        var lesson = await b.LessonAsync(group, new DateOnly(2026, 11, 20), 2, smirnova, "Дроби");
        var test = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        await b.MarkAsync(lesson, ivanova, "5");
        await b.MarkAsync(lesson, kuznetsov, "4");
        await b.MarkAsync(lesson, kuznetsov, "3", test);
        var answer = b.Answer.Id;

        var other = await b.SchoolAsync("МБОУ «СОШ № 2»");
        await b.UserAsync("admin2", "Администратор второй", [Roles.SysAdmin]);
        var v7 = await b.ClassAsync(7, "В");
        var alien = await b.StudentAsync(v7, "Чужой", "Пётр");
        return new World(school.Id, other.Id, group.Id, a5.Id, ivanova.Id, kuznetsov.Id, orlov.Id, smirnova.Id, lesson.Id, answer, test.Id, alien.Id);
    });

    private static string Student(int id) => SourcedIds.Of("user", "student", id);

    private async Task<(string Id, string Secret)> RegisterAsync(string admin, params string[] scopes)
    {
        var api = await _app.ApiClientAsync(admin);
        var response = await api.PostAsJsonAsync("/api/v1/oneroster-clients", new { name = "Электронные курсы", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["clientId"]!.GetValue<string>(), body["clientSecret"]!.GetValue<string>());
    }

    private static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}")));

    private async Task<HttpResponseMessage> TokenResponseAsync((string Id, string Secret) client, Dictionary<string, string>? form = null,
        bool basic = true)
    {
        using var http = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ims/oneroster/v1p2/token")
        {
            Content = new FormUrlEncodedContent(form ?? new() { ["grant_type"] = "client_credentials" }),
        };
        if (basic) request.Headers.Authorization = Basic(client.Id, client.Secret);
        return await http.SendAsync(request);
    }

    /// <summary>A client of the OneRoster service with a token for all its scopes.</summary>
    private async Task<HttpClient> ServiceAsync(string admin = "admin", params string[] scopes)
    {
        var client = await RegisterAsync(admin, scopes.Length > 0 ? scopes : AllScopes);
        var response = await TokenResponseAsync(client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonObject> OkAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static List<JsonObject> Items(JsonObject body, string key) => [.. body[key]!.AsArray().Select(n => n!.AsObject())];

    private static List<string> Strings(IEnumerable<JsonObject> items, string field) => [.. items.Select(o => o[field]!.GetValue<string>())];

    [Fact]
    public async Task A_registered_client_gets_a_bearer_token_by_basic_or_by_form_for_its_scopes()
    {
        await SeedAsync();
        var client = await RegisterAsync("admin", AllScopes[0], AllScopes[3]);

        var byBasic = await TokenResponseAsync(client, new() { ["grant_type"] = "client_credentials", ["scope"] = AllScopes[0] });
        Assert.Equal(HttpStatusCode.OK, byBasic.StatusCode);
        Assert.Equal("no-store", byBasic.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await byBasic.Content.ReadAsStringAsync())!;
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.Equal(AllScopes[0], body["scope"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["access_token"]!.GetValue<string>()));

        var byForm = await TokenResponseAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Id, ["client_secret"] = client.Secret,
        }, basic: false);
        Assert.Equal(HttpStatusCode.OK, byForm.StatusCode);
        Assert.Equal($"{AllScopes[0]} {AllScopes[3]}", JsonNode.Parse(await byForm.Content.ReadAsStringAsync())!["scope"]!.GetValue<string>());

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var row = await db.OneRosterClients.IgnoreQueryFilters().SingleAsync(c => c.ClientId == client.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(client.Secret))), row.SecretSha256);
        Assert.NotNull(row.LastUsedAt);
        var audit = await db.AuditEvents.IgnoreQueryFilters().Where(e => e.Type == AuditEventType.OneRosterClientRegistered).ToListAsync();
        Assert.Single(audit);
        Assert.DoesNotContain(client.Secret, System.Text.Json.JsonSerializer.Serialize(audit[0]));
    }

    [Theory]
    [InlineData("wrong secret", 401, "invalid_client")]
    [InlineData("no grant type", 400, "invalid_request")]
    [InlineData("password grant", 400, "unsupported_grant_type")]
    [InlineData("scope not granted", 400, "invalid_scope")]
    [InlineData("unknown client", 401, "invalid_client")]
    public async Task A_bad_token_request_gets_the_RFC_6749_error(string what, int status, string error)
    {
        await SeedAsync();
        var client = await RegisterAsync("admin", AllScopes[0]);

        var response = what switch
        {
            "wrong secret" => await TokenResponseAsync((client.Id, client.Secret + "x")),
            "no grant type" => await TokenResponseAsync(client, new() { ["scope"] = AllScopes[0] }),
            "password grant" => await TokenResponseAsync(client, new() { ["grant_type"] = "password" }),
            "scope not granted" => await TokenResponseAsync(client, new() { ["grant_type"] = "client_credentials", ["scope"] = AllScopes[4] }),
            _ => await TokenResponseAsync(("nobody", client.Secret)),
        };

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_clients_token_stops_working_and_it_gets_no_new_one()
    {
        await SeedAsync();
        var client = await RegisterAsync("admin", AllScopes[0]);
        var token = JsonNode.Parse(await (await TokenResponseAsync(client)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var service = _app.CreateClient();
        service.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync(Rostering + "/orgs")).StatusCode);

        var api = await _app.ApiClientAsync("admin");
        var list = JsonNode.Parse(await api.GetStringAsync("/api/v1/oneroster-clients"))!.AsArray();
        var id = list.Single(c => c!["clientId"]!.GetValue<string>() == client.Id)!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/oneroster-clients/{id}")).StatusCode);

        var refused = await service.GetAsync(Rostering + "/orgs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        AssertValid(OneRosterSchemas.Rostering, "imsx_StatusInfoDType", body, "401");
        Assert.Contains("unauthorisedrequest", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenResponseAsync(client)).StatusCode);
    }

    [Fact]
    public async Task Every_get_operation_of_the_official_files_answers_a_body_that_validates_against_its_schema()
    {
        var w = await SeedAsync();
        var http = await ServiceAsync();
        var classSid = SourcedIds.Of("class", "group", w.GroupId);
        var course = (await OkAsync(http, $"{Rostering}/classes/{classSid}"))["class"]!["course"]!["sourcedId"]!.GetValue<string>();
        var lineItem = Strings(Items(await OkAsync(http, $"{Gradebook}/lineItems"), "lineItems"), "sourcedId")[0];
        var values = new Dictionary<string, string>
        {
            ["classSourcedId"] = classSid, ["courseSourcedId"] = course, ["schoolSourcedId"] = SourcedIds.Of("org", w.SchoolId),
            ["studentSourcedId"] = Student(w.Kuznetsov), ["teacherSourcedId"] = SourcedIds.Of("user", "staff", w.Smirnova),
            ["userSourcedId"] = Student(w.Ivanova), ["termSourcedId"] = "", ["lineItemSourcedId"] = lineItem,
        };
        var checkedPaths = 0;
        foreach (var (file, service) in new[] { (OneRosterSchemas.Rostering, Rostering), (OneRosterSchemas.Gradebook, Gradebook) })
            foreach (var path in GetPaths(file)
                         .Where(p => !p.Contains("assessment", StringComparison.OrdinalIgnoreCase) && !p.Contains("scoreScales")))
            {
                var url = service + path;
                if (path.EndsWith("/{sourcedId}", StringComparison.Ordinal))
                {
                    // A single object: the first of its collection (the demographics' is Орлов's, the terms' the second quarter).
                    var collection = path[..path.LastIndexOf('/')];
                    var all = await OkAsync(http, service + collection);
                    var first = all.First().Value!.AsArray().FirstOrDefault();
                    if (first is null) continue; // gradingPeriods: the school has none
                    url = $"{service}{collection}/{first["sourcedId"]!.GetValue<string>()}";
                }
                else
                {
                    values["termSourcedId"] = Strings(Items(await OkAsync(http, $"{Rostering}/terms"), "academicSessions"), "sourcedId")[1];
                    foreach (var (name, value) in values) url = url.Replace("{" + name + "}", value);
                }
                var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
                AssertValid(file, ResponseSchema(file, path, "200"), body, path);
                checkedPaths++;
            }
        // 41 rostering GETs (gradingPeriods/{sourcedId} skipped: none) and 11 gradebook ones without assessments and score scales.
        Assert.Equal(40 + 11, checkedPaths);
    }

    [Fact]
    public void The_schema_check_refuses_what_the_spec_refuses()
    {
        // A user without its required fields, a date-time without a time: the validator is not a yes-man.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertValid(OneRosterSchemas.Rostering, "UserSetDType",
            """{"users":[{"sourcedId":"a","status":"active","dateLastModified":"2026-09-01"}]}""", "bad user"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertValid(OneRosterSchemas.Rostering, "imsx_StatusInfoDType",
            """
            {"imsx_codeMajor":"failure","imsx_severity":"error",
             "imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"T","imsx_codeMinorFieldValue":"invalid_sort_field"}]}}
            """,
            "bad status"));
    }

    [Fact]
    public async Task The_roster_holds_the_schools_people_classes_and_enrollments_with_the_exports_ids()
    {
        var w = await SeedAsync();
        var http = await ServiceAsync();

        var users = Items(await OkAsync(http, $"{Rostering}/users"), "users");
        Assert.Equal(["Иванова", "Кузнецов", "Кузнецов", "Орлов", "Орлова", "Смирнова"], Strings(users, "familyName").Order());
        Assert.Equal([Student(w.Ivanova), Student(w.Kuznetsov), Student(w.Orlov)],
            Strings(Items(await OkAsync(http, $"{Rostering}/students"), "users"), "sourcedId"));
        Assert.Equal(["Смирнова"], Strings(Items(await OkAsync(http, $"{Rostering}/teachers"), "users"), "familyName"));
        var classSid = SourcedIds.Of("class", "group", w.GroupId);
        Assert.Equal(["Иванова", "Кузнецов"],
            Strings(Items(await OkAsync(http, $"{Rostering}/classes/{classSid}/students"), "users"), "familyName"));
        var orlov = (await OkAsync(http, $"{Rostering}/users/{Student(w.Orlov)}"))["user"]!;
        Assert.Equal("student", orlov["roles"]![0]!["role"]!.GetValue<string>());
        Assert.Equal(["06"], orlov["grades"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("user", orlov["agents"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(["5А", "6Б", "Математика, 5А"], Strings(Items(await OkAsync(http, $"{Rostering}/classes"), "classes"), "title"));
        Assert.Equal(["2026-09-01T00:00:00.000Z"], users.Select(u => u["dateLastModified"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Paging_gives_the_total_and_the_links_to_the_next_last_first_and_previous_page()
    {
        await SeedAsync();
        var http = await ServiceAsync();

        var response = await http.GetAsync($"{Rostering}/users?limit=2&offset=2&sort=familyName");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // 6 users: offset 2 takes the 3rd and 4th by family name (Кузнецов the guardian or the student, then Орлов).
        Assert.Equal("6", response.Headers.GetValues("X-Total-Count").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["Кузнецов", "Орлов"], Strings(Items(body, "users"), "familyName"));
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains($"<{Rostering}/users?sort=familyName&limit=2&offset=4>; rel=\"next\"", link);
        Assert.Contains($"<{Rostering}/users?sort=familyName&limit=2&offset=4>; rel=\"last\"", link);
        Assert.Contains($"<{Rostering}/users?sort=familyName&limit=2&offset=0>; rel=\"first\"", link);
        Assert.Contains($"<{Rostering}/users?sort=familyName&limit=2&offset=0>; rel=\"prev\"", link);

        var last = await http.GetAsync($"{Rostering}/users?limit=4&offset=4");
        Assert.Equal(2, Items(JsonNode.Parse(await last.Content.ReadAsStringAsync())!.AsObject(), "users").Count);
        Assert.DoesNotContain("rel=\"next\"", last.Headers.GetValues("Link").Single());
        Assert.Contains("offset=4>; rel=\"last\"", last.Headers.GetValues("Link").Single());
        // Without limit: 100 by default; a limit over 1000 is cut to 1000.
        Assert.Contains("limit=100&offset=0>; rel=\"first\"", (await http.GetAsync($"{Rostering}/users")).Headers.GetValues("Link").Single());
        Assert.Contains("limit=1000&offset=0", (await http.GetAsync($"{Rostering}/users?limit=5000")).Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Filter_sort_and_fields_follow_the_specs_grammar()
    {
        var w = await SeedAsync();
        var http = await ServiceAsync();

        var kuznetsovs = Items(await OkAsync(http, $"{Rostering}/users?filter=" + Uri.EscapeDataString("familyName='Кузнецов'")), "users");
        Assert.Equal(2, kuznetsovs.Count);
        var student = Items(await OkAsync(http, $"{Rostering}/users?filter="
            + Uri.EscapeDataString("familyName='Кузнецов' AND roles.role='student'")), "users");
        Assert.Equal([Student(w.Kuznetsov)], Strings(student, "sourcedId"));
        var either = Items(await OkAsync(http, $"{Rostering}/users?filter="
            + Uri.EscapeDataString("familyName='Орлов' OR familyName='Смирнова'")), "users");
        Assert.Equal(["Орлов", "Смирнова"], Strings(either, "familyName").Order());
        var contains = Items(await OkAsync(http, $"{Rostering}/users?filter=" + Uri.EscapeDataString("familyName~'орлов'")), "users");
        Assert.Equal(["Орлов", "Орлова"], Strings(contains, "familyName").Order());
        var teachers = Items(await OkAsync(http, $"{Rostering}/enrollments?filter=" + Uri.EscapeDataString("role!='student'")), "enrollments");
        Assert.Equal(2, teachers.Count); // Смирнова: class teacher of 5А and teacher of the maths group

        var desc = Items(await OkAsync(http, $"{Rostering}/users?sort=familyName&orderBy=desc"), "users");
        Assert.Equal(["Смирнова", "Орлова", "Орлов", "Кузнецов", "Кузнецов", "Иванова"], Strings(desc, "familyName"));
        var scores = Items(await OkAsync(http, $"{Gradebook}/results?sort=score&filter=" + Uri.EscapeDataString("score>='4'")), "results");
        Assert.Equal([4, 5], scores.Select(r => r["score"]!.GetValue<int>()));

        var projected = Items(await OkAsync(http, $"{Rostering}/users?fields=sourcedId,familyName&limit=1"), "users").Single();
        Assert.Equal(["familyName", "sourcedId"], projected.Select(p => p.Key).Order());
        var one = (await OkAsync(http, $"{Rostering}/users/{Student(w.Ivanova)}?fields=givenName"))["user"]!.AsObject();
        Assert.Equal("Алёна", Assert.Single(one).Value!.GetValue<string>());
    }

    [Theory]
    [InlineData("/users?filter=nickname%3D%27x%27", 400, "invalid_filter_field")]
    [InlineData("/users?filter=familyName%20is%20x", 400, "invalid_filter_field")]
    [InlineData("/users?sort=nickname", 400, "invalid_selection_field")]
    [InlineData("/users?fields=sourcedId,password", 400, "invalid_selection_field")]
    [InlineData("/users?limit=0", 400, "invaliddata")]
    [InlineData("/users/no-such-user", 404, "unknownobject")]
    [InlineData("/classes/no-such-class/students", 404, "unknownobject")]
    public async Task A_bad_request_gets_an_imsx_status_that_validates_against_the_schema(string url, int status, string codeMinor)
    {
        await SeedAsync();
        var http = await ServiceAsync();

        var response = await http.GetAsync(Rostering + url);

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        AssertValid(OneRosterSchemas.Rostering, ResponseSchema(OneRosterSchemas.Rostering, "/users/{sourcedId}", status.ToString()), body, url);
        var info = JsonNode.Parse(body)!;
        Assert.Equal("failure", info["imsx_codeMajor"]!.GetValue<string>());
        Assert.Equal(codeMinor, info["imsx_CodeMinor"]!["imsx_codeMinorField"]![0]!["imsx_codeMinorFieldValue"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_operation_asks_for_its_scopes()
    {
        var w = await SeedAsync();
        var core = await ServiceAsync("admin", AllScopes[0]);
        var classSid = SourcedIds.Of("class", "group", w.GroupId);

        Assert.Equal(HttpStatusCode.OK, (await core.GetAsync($"{Rostering}/classes/{classSid}")).StatusCode);
        foreach (var url in new[] { $"{Rostering}/classes/{classSid}/students", $"{Rostering}/demographics", $"{Gradebook}/results" })
        {
            var refused = await core.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            AssertValid(OneRosterSchemas.Rostering, "imsx_StatusInfoDType", body, url);
            Assert.Contains("\"forbidden\"", body);
        }
        var book = await ServiceAsync("admin", AllScopes[3]);
        Assert.Equal(HttpStatusCode.OK, (await book.GetAsync($"{Gradebook}/lineItems")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await book.GetAsync($"{Gradebook}/classes/{classSid}/lineItems")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await book.GetAsync($"{Rostering}/users")).StatusCode);
        // A user's own bearer token is not a client's.
        var user = await _app.ApiClientAsync("admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync($"{Rostering}/users")).StatusCode);
    }

    [Fact]
    public async Task A_client_reads_its_own_school_only()
    {
        var w = await SeedAsync();
        var mine = await ServiceAsync("admin");
        var theirs = await ServiceAsync("admin2");

        var other = Items(await OkAsync(theirs, $"{Rostering}/users"), "users");
        Assert.Equal([Student(w.Alien)], Strings(other, "sourcedId"));
        Assert.Equal([SourcedIds.Of("org", w.OtherSchoolId)], Strings(Items(await OkAsync(theirs, $"{Rostering}/orgs"), "orgs"), "sourcedId"));
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"{Rostering}/users/{Student(w.Ivanova)}")).StatusCode);
        Assert.Empty(Items(await OkAsync(theirs, $"{Gradebook}/results"), "results"));
        Assert.DoesNotContain(Student(w.Alien), Strings(Items(await OkAsync(mine, $"{Rostering}/users"), "users"), "sourcedId"));
        Assert.Equal(HttpStatusCode.NotFound, (await mine.GetAsync($"{Rostering}/students/{Student(w.Alien)}")).StatusCode);
    }

    [Fact]
    public async Task Demographics_are_only_of_students_whose_parents_consent_is_in_force()
    {
        var w = await SeedAsync();
        var http = await ServiceAsync();

        // Орлов: his mother consented. Кузнецов: his guardian's latest statement is a refusal. Иванова: no parent on record.
        var records = Items(await OkAsync(http, $"{Rostering}/demographics"), "demographics");
        var orlov = Assert.Single(records);
        Assert.Equal(Student(w.Orlov), orlov["sourcedId"]!.GetValue<string>());
        Assert.Equal("male", orlov["sex"]!.GetValue<string>());
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var birth = await db.Students.IgnoreQueryFilters().Where(s => s.Id == w.Orlov).Select(s => s.BirthDate).SingleAsync();
        Assert.Equal(birth.ToString("yyyy-MM-dd"), orlov["birthDate"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Rostering}/demographics/{Student(w.Kuznetsov)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Rostering}/demographics/{Student(w.Ivanova)}")).StatusCode);

        // The mother's new statement consents to e-mail only, not to «передача»: Орлов's record goes too.
        var mother = await db.StudentParents.IgnoreQueryFilters().Where(l => l.StudentId == w.Orlov).Select(l => l.ParentId).SingleAsync();
        db.PersonalDataConsents.Add(new PersonalDataConsent { SchoolId = w.SchoolId, ParentId = mother, Given = true, Scope = ConsentScope.Email,
            Date = new DateOnly(2026, 10, 1), RecordedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        Assert.Empty(Items(await OkAsync(http, $"{Rostering}/demographics"), "demographics"));
    }

    [Fact]
    public async Task The_gradebook_has_work_types_as_categories_a_lessons_works_as_line_items_and_marks_as_results()
    {
        var w = await SeedAsync();
        var http = await ServiceAsync();
        var classSid = SourcedIds.Of("class", "group", w.GroupId);

        var categories = Items(await OkAsync(http, $"{Gradebook}/categories"), "categories");
        Assert.Equal([("Ответ на уроке", 1.0), ("Контрольная работа", 2.0)],
            categories.Select(c => (c["title"]!.GetValue<string>(), c["weight"]!.GetValue<double>()))
                .OrderByDescending(c => c.Item1 == "Ответ на уроке"));
        var items = Items(await OkAsync(http, $"{Gradebook}/classes/{classSid}/lineItems"), "lineItems");
        Assert.Equal(["Контрольная работа, 20.11.2026", "Ответ на уроке, 20.11.2026"], Strings(items, "title").Order());
        Assert.All(items, i => Assert.Equal("2026-11-20T00:00:00.000Z", i["dueDate"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal("Дроби", i["description"]!.GetValue<string>()));
        var answer = items.Single(i => i["title"]!.GetValue<string>().StartsWith("Ответ", StringComparison.Ordinal));
        var answers = Items(await OkAsync(http,
            $"{Gradebook}/classes/{classSid}/lineItems/{answer["sourcedId"]!.GetValue<string>()}/results"), "results");
        Assert.Equal(["4", "5"], Strings(answers, "textScore").Order());
        var his = Items(await OkAsync(http, $"{Gradebook}/classes/{classSid}/students/{Student(w.Kuznetsov)}/results"), "results");
        Assert.Equal([3, 4], his.Select(r => r["score"]!.GetValue<int>()).Order());
        Assert.All(his, r => Assert.Equal("fully graded", r["scoreStatus"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_page_registers_a_client_shows_its_secret_once_and_revokes_it()
    {
        await SeedAsync();
        var page = await _app.PageClientAsync("admin");

        var created = await Forms.PostPairsAsync(page, "/Admin/OneRoster/Clients",
            [new("Name", "Moodle школы"), new("Scopes", AllScopes[0]), new("Scopes", AllScopes[2])],
            postTo: "/Admin/OneRoster/Clients?handler=Register");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await Html.ParseAsync(created);
        var secret = html.QuerySelector(".oneroster-secret")!.TextContent;
        var clientId = html.QuerySelector(".oneroster-client-id")!.TextContent;
        Assert.Equal(43, secret.Length); // 32 bytes in base64url without padding
        Assert.Contains("roster-demographics.readonly", html.QuerySelector(".oneroster-clients")!.TextContent);

        var again = await page.GetStringAsync("/Admin/OneRoster/Clients");
        Assert.DoesNotContain(secret, again);
        Assert.Contains(clientId, again);
        Assert.Equal(HttpStatusCode.OK, (await TokenResponseAsync((clientId, secret))).StatusCode);

        var refused = await Forms.PostPairsAsync(page, "/Admin/OneRoster/Clients", [new("Name", "Без областей")],
            postTo: "/Admin/OneRoster/Clients?handler=Register");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Не выбраны области доступа", await refused.Content.ReadAsStringAsync());

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var id = await db.OneRosterClients.IgnoreQueryFilters().Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync();
        var revoked = await Forms.PostAsync(page, "/Admin/OneRoster/Clients", new() { ["ClientId"] = id.ToString() },
            postTo: "/Admin/OneRoster/Clients?handler=Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenResponseAsync((clientId, secret))).StatusCode);
        Assert.Equal(2, await db.AuditEvents.IgnoreQueryFilters().CountAsync(e =>
            e.Type == AuditEventType.OneRosterClientRegistered || e.Type == AuditEventType.OneRosterClientRevoked));
    }

    [Fact]
    public async Task A_teacher_may_not_register_a_client()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("smirnova");

        var response = await api.PostAsJsonAsync("/api/v1/oneroster-clients", new { name = "Моя система", scopes = AllScopes });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<JournalDbContext>().OneRosterClients.IgnoreQueryFilters().CountAsync());
    }
}
