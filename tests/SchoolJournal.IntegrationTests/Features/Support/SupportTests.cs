using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Support;

/// <summary>
/// «Обращение в поддержку» (R-DOC-2): a parent writes, the system administrator takes it into work and answers, the parent sees
/// the status and the answer; nobody else sees the request; bad input saves nothing.
/// </summary>
public sealed class SupportTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<int> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.UserAsync("admin", "Кузнецов Павел Андреевич", [Roles.SysAdmin]);
        await b.UserAsync("director", "Смирнова Татьяна Алексеевна", [Roles.Director]);
        await b.UserAsync("deputy", "Фёдорова Нина Андреевна", [Roles.Deputy]);
        await b.UserAsync("teacher", "Петрова Анна Викторовна", [Roles.Teacher]);
        var cls = await b.ClassAsync(5, "А");
        var son = await b.StudentAsync(cls, "Орлов", "Артём");
        var other = await b.StudentAsync(cls, "Иванов", "Глеб");
        await b.ParentAsync("Орлова", "Елена", "orlova", son);
        await b.ParentAsync("Иванова", "Мария", "ivanova", other);
        return son.Id;
    });

    private Task<List<AuditEvent>> EventsAsync() => _app.SeedAsync(b => b.Db.AuditEvents.AsNoTracking()
        .Where(e => e.Entity == "support-request").OrderBy(e => e.Sequence).ToListAsync());

    private Task<int> RequestsAsync() => _app.SeedAsync(b => b.Db.SupportRequests.IgnoreQueryFilters().CountAsync());

    [Fact]
    public async Task A_parent_writes_the_administrator_answers_and_only_the_parent_and_the_administration_see_it()
    {
        var sonId = await SeedAsync();
        var parent = await _app.ApiClientAsync("orlova");
        var admin = await _app.ApiClientAsync("admin");

        var sent = await parent.PostAsJsonAsync("/api/v1/support-requests",
            new { subject = "Не вижу оценки сына", text = "В дневнике пусто за неделю.\nВчера было всё.", page = $"/Diary?student={sonId}" });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var request = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var id = request.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/support-requests/{id}", sent.Headers.Location?.OriginalString);
        Assert.Equal(("new", "новое", "Орлова Елена"), (request.GetProperty("status").GetString(), request.GetProperty("statusTitle").GetString(),
            request.GetProperty("author").GetString()));
        // The page without its query: the child's id stays out of the request.
        Assert.Equal("/Diary", request.GetProperty("page").GetString());

        // Another parent and a teacher: the request does not exist for them; their lists are empty.
        var otherParent = await _app.ApiClientAsync("ivanova");
        var teacher = await _app.ApiClientAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await otherParent.GetAsync($"/api/v1/support-requests/{id}")).StatusCode);
        Assert.Equal(0, (await otherParent.GetFromJsonAsync<JsonElement>("/api/v1/support-requests")).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/v1/support-requests?all=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await teacher.PutAsJsonAsync($"/api/v1/support-requests/{id}", new { status = "resolved", answer = "Всё хорошо" })).StatusCode);
        // The deputy does not answer support requests (the director and the system administrator do).
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await _app.ApiClientAsync("deputy")).PutAsJsonAsync($"/api/v1/support-requests/{id}", new { status = "in-progress" }))
                .StatusCode);

        // The administrator sees it among the school's open requests, takes it into work, then answers and resolves it.
        var open = await admin.GetFromJsonAsync<JsonElement>("/api/v1/support-requests?all=true&status=new");
        Assert.Equal([id], open.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.OK,
            (await admin.PutAsJsonAsync($"/api/v1/support-requests/{id}", new { status = "in-progress", answer = (string?)null })).StatusCode);
        Assert.Equal("в работе",
            (await parent.GetFromJsonAsync<JsonElement>($"/api/v1/support-requests/{id}")).GetProperty("statusTitle").GetString());
        var resolved = await admin.PutAsJsonAsync($"/api/v1/support-requests/{id}",
            new { status = "resolved", answer = "Оценки за неделю появились: учитель внёс их сегодня." });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var seen = await parent.GetFromJsonAsync<JsonElement>("/api/v1/support-requests");
        var mine = Assert.Single(seen.EnumerateArray());
        Assert.Equal(("resolved", "решено", "Оценки за неделю появились: учитель внёс их сегодня.", "Кузнецов Павел Андреевич"),
            (mine.GetProperty("status").GetString(), mine.GetProperty("statusTitle").GetString(), mine.GetProperty("answer").GetString(),
                mine.GetProperty("answeredBy").GetString()));
        Assert.Equal("В дневнике пусто за неделю.\nВчера было всё.", mine.GetProperty("text").GetString());

        // Three events: sent, taken into work, answered; none carries the text or the answer.
        var events = await EventsAsync();
        Assert.Equal([AuditEventType.SupportRequestSent, AuditEventType.SupportRequestChanged, AuditEventType.SupportRequestChanged],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.EntityId));
        Assert.Equal(["Орлова Елена", "Кузнецов Павел Андреевич", "Кузнецов Павел Андреевич"], events.Select(e => e.ActorName));
        Assert.All(events, e => Assert.DoesNotContain("пусто", (e.Before ?? "") + e.After));
        Assert.All(events, e => Assert.DoesNotContain("учитель", (e.Before ?? "") + e.After));
        // The same answer again changes nothing and writes no event.
        await admin.PutAsJsonAsync($"/api/v1/support-requests/{id}",
            new { status = "resolved", answer = "Оценки за неделю появились: учитель внёс их сегодня." });
        Assert.Equal(3, (await EventsAsync()).Count);
    }

    [Theory]
    [InlineData("", "Текст", "Не указана тема")]
    [InlineData("Тема", "   ", "Не описана проблема")]
    [InlineData(null, "Текст", "Не указана тема")]
    [InlineData("long-subject", "Текст", "Тема: слишком длинный текст")]
    [InlineData("Тема", "long-text", "Текст обращения: слишком длинный текст")]
    public async Task A_request_without_a_subject_or_a_text_or_too_long_is_refused_in_russian_and_nothing_is_saved(string? subject,
        string text, string title)
    {
        await SeedAsync();
        var parent = await _app.ApiClientAsync("orlova");
        subject = subject == "long-subject" ? new string('т', 201) : subject;
        text = text == "long-text" ? new string('т', 4001) : text;

        var response = await parent.PostAsJsonAsync("/api/v1/support-requests", new { subject, text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(0, await RequestsAsync());
        Assert.Empty(await EventsAsync());
    }

    [Theory]
    [InlineData("closed", "Какой-то ответ", "Неизвестное состояние")]
    [InlineData("resolved", null, "Нет ответа")]
    [InlineData("resolved", "  ", "Нет ответа")]
    public async Task A_wrong_status_or_a_resolution_without_an_answer_is_refused_and_the_request_stays_new(string status, string? answer,
        string title)
    {
        await SeedAsync();
        var created = await (await _app.ApiClientAsync("orlova")).PostAsJsonAsync("/api/v1/support-requests",
            new { subject = "Пароль", text = "Не приходит письмо." });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var director = await _app.ApiClientAsync("director");

        var response = await director.PutAsJsonAsync($"/api/v1/support-requests/{id}", new { status, answer });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var now = await director.GetFromJsonAsync<JsonElement>($"/api/v1/support-requests/{id}");
        Assert.Equal(("new", JsonValueKind.Null), (now.GetProperty("status").GetString(), now.GetProperty("answer").ValueKind));
        Assert.Single(await EventsAsync());
        Assert.Equal(HttpStatusCode.NotFound,
            (await director.PutAsJsonAsync("/api/v1/support-requests/999999", new { status = "in-progress" })).StatusCode);
    }

    [Fact]
    public async Task On_the_pages_a_parent_writes_from_the_diary_and_reads_the_directors_answer()
    {
        await SeedAsync();
        var parent = await _app.PageClientAsync("orlova");

        // The header's «Поддержка» carries the page it was clicked on.
        var guide = await parent.GetPageAsync("/Help/parent-student");
        Assert.Equal("/Support?from=%2FHelp%2Fparent-student", guide.One("header .user a.support").GetAttribute("href"));
        var form = await parent.GetPageAsync("/Support?from=%2FDiary%2FMarks");
        Assert.Equal("/Diary/Marks", form.One("input[name=From]").GetAttribute("value"));
        Assert.Equal("Обращений пока нет.", form.TextOf(".empty"));

        var empty = await Forms.PostAsync(parent, "/Support?from=%2FDiary%2FMarks",
            new() { ["From"] = "/Diary/Marks", ["Subject"] = "Оценки", ["Text"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Не описана проблема.", (await Html.ParseAsync(empty)).TextOf(".errors"));
        Assert.Equal(0, await RequestsAsync());

        var sent = await Forms.PostAsync(parent, "/Support?from=%2FDiary%2FMarks",
            new() { ["From"] = "/Diary/Marks", ["Subject"] = "Нет оценки по математике", ["Text"] = "За контрольную 20.11 ничего нет." });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var id = await _app.SeedAsync(b => b.Db.SupportRequests.IgnoreQueryFilters().Select(r => r.Id).SingleAsync());
        Assert.Equal($"/Support?sent={id}", sent.Headers.Location?.OriginalString);
        var mine = await parent.GetPageAsync(sent.Headers.Location!.OriginalString);
        Assert.Equal($"Обращение № {id} отправлено администраторам школы.", mine.TextOf(".flash"));
        Assert.Equal("новое", mine.TextOf($"#request-{id} .status"));
        Assert.Contains("со страницы /Diary/Marks", mine.TextOf($"#request-{id} .hint"));

        // The director: the list of the school's requests; the parent's page has no such link.
        Assert.Empty(mine.QuerySelectorAll("a[href='/Support/Requests']"));
        var refused = await parent.GetAsync("/Support/Requests");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location?.OriginalString);
        var director = await _app.PageClientAsync("director");
        Assert.NotNull((await director.GetPageAsync("/Support")).QuerySelector("a[href='/Support/Requests']"));
        var list = await director.GetPageAsync("/Support/Requests?status=new");
        Assert.Contains("Орлова Елена", list.TextOf($"#request-{id} .hint"));
        Assert.Equal("За контрольную 20.11 ничего нет.", list.TextOf($"#request-{id} .support-text"));

        var noAnswer = await Forms.PostAsync(director, "/Support/Requests",
            new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["newStatus"] = "resolved", ["answer"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noAnswer.StatusCode);
        Assert.Contains($"Обращение № {id}: Нет ответа.", (await Html.ParseAsync(noAnswer)).TextOf(".errors"));

        var answered = await Forms.PostAsync(director, "/Support/Requests", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["newStatus"] = "resolved",
            ["answer"] = "Учитель выставит отметку до конца недели.",
        });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("Обращений нет.", (await director.GetPageAsync("/Support/Requests?status=new")).TextOf(".empty"));

        var after = await parent.GetPageAsync("/Support");
        Assert.Equal("решено", after.TextOf($"#request-{id} .status"));
        Assert.Equal("Учитель выставит отметку до конца недели.", after.TextOf($"#request-{id} .support-answer .support-text"));
        Assert.Contains("Смирнова Татьяна Алексеевна", after.TextOf($"#request-{id} .support-answer .hint"));
    }
}
