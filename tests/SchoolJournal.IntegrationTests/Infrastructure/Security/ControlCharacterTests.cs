using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using Xunit.Abstractions;

namespace SchoolJournal.IntegrationTests.Infrastructure.Security;

/// <summary>Control characters are refused at the edge on every write route, and nothing is stored (R-SEC-8).</summary>
public sealed partial class ControlCharacterTests(ITestOutputHelper output) : IDisposable
{
    private const string Refused = "Недопустимые символы";

    /// <summary>The bad-input set: NUL and other C0 characters a form or a script may slip in.</summary>
    private static readonly char[] BadCharacters = ['\0', '\u0001', '\u0007', '\b', '\u000b', '\u000c', '\u001b', '\u001f'];

    private static readonly string[] Fields =
        ["name", "title", "topic", "text", "comment", "reason", "email", "phone", "snils", "number", "room", "login", "document", "value"];

    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Problem(string Title, string? Detail, int Status);

    private Task<Parent> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher, Roles.ClassTeacher);
        var cls = await b.ClassAsync(5, "А", teacher);
        var student = await b.StudentAsync(cls, "Орлов", "Пётр");
        var parent = await b.ParentAsync("Орлова", "Мария", "orlova", student);
        parent.Email = "orlova@example.ru";
        parent.Phone = "+79001234567";
        await b.Db.SaveChangesAsync();
        return parent;
    });

    /// <summary>Every table's row count and the audit log's length: a write anywhere changes one of them.</summary>
    private async Task<Dictionary<string, long>> SnapshotAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order().ToList();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            // The table names come from the model, not from input.
            var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
            counts[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
        }
        counts["audit sequence"] = await db.AuditEvents.IgnoreQueryFilters().Select(e => (long?)e.Id).MaxAsync() ?? 0;
        return counts;
    }

    private static string Fill(string pattern) => "/" + RouteParameter().Replace(pattern.TrimStart('/'), "1");

    private (List<(string Method, string Path)> Api, List<string> Pages) WriteRoutes()
    {
        var api = new List<(string, string)>();
        var pages = new List<string>();
        foreach (var endpoint in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            {
                pages.Add(Fill(pattern));
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                if (method is "POST" or "PUT" or "PATCH" or "DELETE") api.Add((method, Fill(pattern)));
        }
        return (api, pages.Distinct().ToList());
    }

    private static HttpContent JsonWith(char bad)
    {
        var body = Fields.ToDictionary(f => f, f => (object)$"Тест {f}{bad}конец");
        body["items"] = new[] { $"a{bad}" };
        return JsonContent.Create(body);
    }

    [Fact]
    public async Task Every_write_route_refuses_control_characters_with_a_russian_400_and_changes_nothing()
    {
        await SeedAsync();
        var api = await _app.ApiClientAsync("admin");
        var browser = await _app.PageClientAsync("admin");
        var token = await Forms.TokenAsync(browser, "/");
        var (apiRoutes, pages) = WriteRoutes();
        var before = await SnapshotAsync();
        var answers = new List<(string Request, HttpStatusCode Status, string? Title)>();

        foreach (var bad in BadCharacters)
        {
            var code = $"U+{(int)bad:X4}";
            foreach (var (method, path) in apiRoutes)
            {
                answers.Add(await SendAsync(api, new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonWith(bad) },
                    $"{method} {path} JSON {code}"));
                var query = $"{path}?comment={Uri.EscapeDataString("x" + bad)}";
                answers.Add(await SendAsync(api, new HttpRequestMessage(new HttpMethod(method), query) { Content = JsonContent.Create(new { }) },
                    $"{method} {path} query {code}"));
                var form = new MultipartFormDataContent { { new StringContent("Тема" + bad), "title" } };
                answers.Add(await SendAsync(api, new HttpRequestMessage(new HttpMethod(method), path) { Content = form },
                    $"{method} {path} form {code}"));
            }
            foreach (var page in pages)
            {
                var fields = Fields.Select(f => new KeyValuePair<string, string>("Input." + char.ToUpperInvariant(f[0]) + f[1..], $"Тест{bad}"))
                    .Append(new("__RequestVerificationToken", token));
                answers.Add(await SendAsync(browser, new HttpRequestMessage(HttpMethod.Post, page) { Content = new FormUrlEncodedContent(fields) },
                    $"POST {page} form {code}"));
            }
        }

        var after = await SnapshotAsync();
        var refused = answers.Count(a => (int)a.Status is >= 400 and < 500);
        output.WriteLine($"write routes: API {apiRoutes.Count}, pages {pages.Count}; bad characters {BadCharacters.Length}; "
            + $"requests sent {answers.Count}, 4xx received {refused}, changed tables {before.Count(kv => after[kv.Key] != kv.Value)}");
        Assert.True(apiRoutes.Count > 50 && pages.Count > 30, $"{apiRoutes.Count} API routes, {pages.Count} pages");
        var wrong = answers.Where(a => a.Status != HttpStatusCode.BadRequest || a.Title != Refused)
            .Select(a => $"{a.Request}: {(int)a.Status} {a.Title}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(30)));
        Assert.Equal(before, after);
    }

    private static async Task<(string, HttpStatusCode, string?)> SendAsync(HttpClient client, HttpRequestMessage request, string what)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string? title = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            title = JsonDocument.Parse(text).RootElement.GetProperty("title").GetString();
        return (what, response.StatusCode, title);
    }

    [Fact]
    public async Task Tab_and_line_breaks_pass_the_edge_and_a_nul_in_a_contact_is_refused_with_the_contacts_unchanged()
    {
        var parent = await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/parents/{parent.Id}/contacts";

        var nul = await teacher.PutAsJsonAsync(url, new { email = "x\0@example.ru", phone = "+79001234567", snils = "" });
        var clean = await teacher.PutAsJsonAsync(url,
            new { email = "new@example.ru", phone = "+79001234567", snils = "", note = "строка\tвторая\r\nтретья" });

        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var problem = (await nul.Content.ReadFromJsonAsync<Problem>())!;
        Assert.Equal(Refused, problem.Title);
        Assert.StartsWith("Запрос содержит управляющие символы (например, NUL)", problem.Detail);
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
    }

    [Fact]
    public async Task A_json_request_without_a_body_reaches_the_endpoint_and_a_chunked_body_is_still_checked()
    {
        var parent = await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/parents/{parent.Id}/contacts";
        var before = await SnapshotAsync();

        var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new("application/json");
        var noBody = await teacher.PutAsync(url, empty);
        // No Content-Length: the body comes in chunks, and the edge reads it all the same.
        var chunked = new StreamContent(new MemoryStream("{\"email\":\"x\\u0000@example.ru\",\"phone\":\"\",\"snils\":\"\"}"u8.ToArray()));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var nul = await teacher.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.NotEqual(Refused, (await noBody.Content.ReadFromJsonAsync<Problem>())!.Title);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal(Refused, (await nul.Content.ReadFromJsonAsync<Problem>())!.Title);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_put_of_contacts_without_fields_is_refused_and_erases_nothing()
    {
        var parent = await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");
        var url = $"/api/v1/parents/{parent.Id}/contacts";

        var empty = await teacher.PutAsJsonAsync(url, new { });
        var partial = await teacher.PutAsJsonAsync(url, new { email = "" });
        var erase = await teacher.PutAsJsonAsync(url, new { email = "", phone = "+79001234567", snils = "" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (empty.StatusCode, partial.StatusCode));
        Assert.StartsWith("Передайте все три поля", (await empty.Content.ReadFromJsonAsync<Problem>())!.Detail);
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<JournalDbContext>().Parents.AsNoTracking().SingleAsync(p => p.Id == parent.Id);
        Assert.Equal((null, "+79001234567"), (stored.Email, stored.Phone));
        var events = await scope.ServiceProvider.GetRequiredService<JournalDbContext>().AuditEvents.AsNoTracking()
            .CountAsync(e => e.Type == AuditEventType.ParentContactsChanged);
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task The_room_and_bell_exports_work_with_a_control_character_saved_before_the_edge_refused_them()
    {
        await _app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
            b.Db.Rooms.Add(new Room { SchoolId = b.School.Id, Number = "101\u0001", Name = "Кабинет\u0001 физики" });
            b.Bells.Name = "Основное\u0001";
            await b.Db.SaveChangesAsync();
            return 0;
        });
        var browser = await _app.PageClientAsync("admin");

        foreach (var (page, expected) in new[] { ("/Year/Rooms", "Кабинет физики"), ("/Year/Bells", "Основное") })
        {
            var response = await browser.GetAsync(page + "?handler=Export");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = SchoolJournal.Web.Infrastructure.Xlsx.Read(await response.Content.ReadAsStreamAsync());
            Assert.Contains(rows.SelectMany(r => r), c => c.Contains(expected, StringComparison.Ordinal));
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
