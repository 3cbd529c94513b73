using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Parents;

/// <summary>The consent register and the parents' contacts (R-SEC-4): the API, the page /Parents/Class/{id}, who sees contacts.</summary>
public sealed class ConsentRegisterTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Consents(ParentsSchool s) => $"/api/v1/parents/{s.Mother.Id}/consents";

    private Task<List<PersonalDataConsent>> RowsAsync(ParentsSchool s) =>
        _app.QueryAsync(db => db.PersonalDataConsents.IgnoreQueryFilters().Where(c => c.ParentId == s.Mother.Id).OrderBy(c => c.Id).ToListAsync());

    [Fact]
    public async Task The_class_teacher_registers_a_consent_then_a_refusal_and_the_history_is_kept()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var given = await leader.PostAsJsonAsync(Consents(s),
            new { given = true, date = "2026-11-20", scope = new[] { "email", "phone" }, document = "заявление № 12" });
        var refused = await leader.PostAsJsonAsync(Consents(s), new { given = false, date = "2026-11-23", scope = new[] { "phone" } });

        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        Assert.Equal(HttpStatusCode.Created, refused.StatusCode);
        var history = await leader.GetFromJsonAsync<JsonElement>(Consents(s));
        Assert.Equal(2, history.GetArrayLength());
        Assert.False(history[0].GetProperty("given").GetBoolean());
        Assert.Equal("2026-11-23", history[0].GetProperty("date").GetString());
        Assert.Equal(["email", "phone"], history[1].GetProperty("scope").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("заявление № 12", history[1].GetProperty("document").GetString());
        var rows = await RowsAsync(s);
        Assert.Equal([true, false], rows.Select(r => r.Given));
        var audit = (await _app.AuditAsync()).Where(e => e.Type == AuditEventType.ConsentRecorded).ToList();
        Assert.Equal(2, audit.Count);
        Assert.DoesNotContain("orlova@example.ru", audit[0].After);

        // The register in force is the refusal: the page shows it, and the parents list too.
        var list = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/classes/{s.J.Class.Id}/parents");
        var orlov = list.EnumerateArray().Single(x => x.GetProperty("studentId").GetInt32() == s.J.Orlov.Id);
        var mother = orlov.GetProperty("parents")[0];
        Assert.Equal("мать", mother.GetProperty("kind").GetString());
        Assert.Equal("+79001234567", mother.GetProperty("phone").GetString());
        Assert.False(mother.GetProperty("consent").GetProperty("given").GetBoolean());
        Assert.Equal(2, mother.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Bad_statements_are_refused_in_russian_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");

        var future = await leader.PostAsJsonAsync(Consents(s), new { given = true, date = "2026-11-24", scope = new[] { "email" } });
        var noScope = await leader.PostAsJsonAsync(Consents(s), new { given = true, date = "2026-11-20", scope = Array.Empty<string>() });
        var unknown = await leader.PostAsJsonAsync(Consents(s), new { given = true, date = "2026-11-20", scope = new[] { "fax" } });
        var noParent = await leader.PostAsJsonAsync("/api/v1/parents/999999/consents",
            new { given = true, date = "2026-11-20", scope = new[] { "email" } });

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal("Дата заявления в будущем", (await future.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noScope.StatusCode);
        Assert.Contains("fax", (await unknown.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, noParent.StatusCode);
        Assert.Empty(await RowsAsync(s));
    }

    [Fact]
    public async Task Another_class_teacher_and_the_parent_cannot_keep_the_register()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var other = await _app.ApiClientAsync("volkova");
        var parent = await _app.ApiClientAsync("orlova");

        var byOther = await other.PostAsJsonAsync(Consents(s), new { given = true, date = "2026-11-20", scope = new[] { "email" } });
        var listByOther = await other.GetAsync($"/api/v1/classes/{s.J.Class.Id}/parents");
        var byParent = await parent.PostAsJsonAsync(Consents(s), new { given = true, date = "2026-11-20", scope = new[] { "email" } });
        var contactsByParent = await parent.PutAsJsonAsync($"/api/v1/parents/{s.Mother.Id}/contacts", new { email = "x@example.ru" });

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listByOther.StatusCode);
        Assert.DoesNotContain("Орлов", await listByOther.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, byParent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, contactsByParent.StatusCode);
        Assert.Empty(await RowsAsync(s));
        var pages = await _app.PageClientAsync("orlova");
        var page = await pages.GetAsync($"/Parents/Class/{s.J.Class.Id}");
        Assert.True(page.StatusCode == HttpStatusCode.Forbidden || page.Headers.Location?.OriginalString.Contains("/Account/AccessDenied") == true);
        var otherPages = await _app.PageClientAsync("volkova");
        var otherPage = await otherPages.GetAsync($"/Parents/Class/{s.J.Class.Id}");
        Assert.True(otherPage.StatusCode == HttpStatusCode.Forbidden
            || otherPage.Headers.Location?.OriginalString.Contains("/Account/AccessDenied") == true);
    }

    [Fact]
    public async Task The_page_form_registers_a_consent_and_shows_it()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var leader = await _app.PageClientAsync("kozlova");
        var page = $"/Parents/Class/{s.J.Class.Id}";

        var response = await ParentsForms.PostAsync(leader, page, page + "?handler=Consent",
        [
            new("ParentId", s.Mother.Id.ToString()), new("Given", "true"), new("Date", "2026-11-21"),
            new("Scope", "email"), new("Scope", "snils"), new("Document", "заявление № 7"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await RowsAsync(s));
        Assert.Equal((true, ConsentScope.Email | ConsentScope.Snils, new DateOnly(2026, 11, 21), "заявление № 7"),
            (row.Given, row.Scope, row.Date, row.Document));
        Assert.Equal("Козлова Ирина Павловна", row.RecordedByName);
        var consent = (await leader.GetPageAsync(page)).One($"#parent-{s.Mother.Id} dd.consent");
        Assert.Equal("дано", consent.TextOf(".tag"));
        Assert.Equal("дано от 21.11.2026 · e-mail, СНИЛС · заявление № 7", consent.Read());

        var future = await ParentsForms.PostAsync(leader, page, page + "?handler=Consent",
            [new("ParentId", s.Mother.Id.ToString()), new("Given", "false"), new("Date", "2026-12-01")]);
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        Assert.StartsWith("Дата заявления в будущем", (await Html.ParseAsync(future)).TextOf("main p.errors"));
        Assert.Single(await RowsAsync(s));
    }

    [Fact]
    public async Task Contacts_are_corrected_through_the_api_and_the_page_and_the_audit_names_only_the_fields()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var leader = await _app.ApiClientAsync("kozlova");
        var url = $"/api/v1/parents/{s.Mother.Id}/contacts";

        var bad = await leader.PutAsJsonAsync(url, new { email = "new@example.ru", phone = "8 (912) 000-11-22", snils = "112-233-445 96" });
        var ok = await leader.PutAsJsonAsync(url, new { email = "new@example.ru", phone = "8 (912) 000-11-22", snils = "112-233-445 95" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("контрольное число", (await bad.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("+79120001122", (await ok.JsonAsync()).GetProperty("phone").GetString());
        var audit = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.ParentContactsChanged);
        Assert.Equal("""{"changed":["email","phone"]}""", audit.After);
        Assert.Null(audit.Before);

        var pages = await _app.PageClientAsync("kozlova");
        var page = $"/Parents/Class/{s.J.Class.Id}";
        var refused = await ParentsForms.PostAsync(pages, page, page + "?handler=Contacts", new Dictionary<string, string>
        {
            ["ParentId"] = s.Mother.Id.ToString(), ["Email"] = "new@example.ru", ["Phone"] = "12345", ["Snils"] = "",
        });
        Assert.Contains("Телефон", (await Html.ParseAsync(refused)).TextOf("main p.errors"));
        var saved = await ParentsForms.PostAsync(pages, page, page + "?handler=Contacts", new Dictionary<string, string>
        {
            ["ParentId"] = s.Mother.Id.ToString(), ["Email"] = "", ["Phone"] = "+7 912 000-11-22", ["Snils"] = "99999999901",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var mother = await _app.QueryAsync(db => db.Parents.IgnoreQueryFilters().SingleAsync(p => p.Id == s.Mother.Id));
        Assert.Equal((null, "+79120001122", "999-999-999 01"), (mother.Email, mother.Phone, mother.Snils));
    }

    [Fact]
    public async Task A_subject_teacher_sees_a_contact_only_under_consent_and_the_class_teacher_always()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var url = $"/api/v1/students/{s.J.Orlov.Id}/parents";
        var teacher = await _app.ApiClientAsync("smirnova");
        var leader = await _app.ApiClientAsync("kozlova");

        var before = (await teacher.GetFromJsonAsync<JsonElement>(url))[0];
        Assert.Equal("Орлова Елена Сергеевна", before.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("phone").ValueKind);
        Assert.True(before.GetProperty("contactsHidden").GetBoolean());

        await leader.PostAsJsonAsync($"/api/v1/parents/{s.Mother.Id}/consents", new { given = true, date = "2026-11-20", scope = new[] { "email" } });
        var after = (await teacher.GetFromJsonAsync<JsonElement>(url))[0];
        Assert.Equal("orlova@example.ru", after.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("snils").ValueKind);
        Assert.True(after.GetProperty("contactsHidden").GetBoolean());

        var byLeader = (await leader.GetFromJsonAsync<JsonElement>(url))[0];
        Assert.Equal("+79001234567", byLeader.GetProperty("phone").GetString());
        Assert.Equal("112-233-445 95", byLeader.GetProperty("snils").GetString());
        Assert.False(byLeader.GetProperty("contactsHidden").GetBoolean());

        var other = await (await _app.ApiClientAsync("volkova")).GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("orlova", await other.Content.ReadAsStringAsync());
    }
}
