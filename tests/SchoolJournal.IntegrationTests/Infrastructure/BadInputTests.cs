using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Notifications;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// Input the framework rejects before a handler runs (malformed JSON, a value of the wrong type, a wrong content type,
/// an unknown address) is answered as problem details in Russian, never with the framework's English, and changes nothing.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal((int)status, problem.Status);
        return problem;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_is_named_with_its_line_and_position()
    {
        var client = _app.CreateClient();

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/auth/login", Json("{\"login\": \"smirnova\",\n \"password\": }")),
            HttpStatusCode.BadRequest);

        Assert.Equal("Неверный запрос", problem.Title);
        // The error is at the closing brace: second line (1-based), 14th byte.
        Assert.Equal("Тело запроса не является правильным JSON: ошибка у поля «password» (строка 2, позиция 14).", problem.Detail);
    }

    [Fact]
    public async Task Json_that_is_not_json_at_all_and_a_missing_body_are_told_apart()
    {
        var client = _app.CreateClient();

        var garbage = await ProblemAsync(await client.PostAsync("/api/v1/auth/login", Json("login=smirnova")), HttpStatusCode.BadRequest);
        Assert.Equal("Тело запроса не является правильным JSON (строка 1, позиция 1).", garbage.Detail);

        var empty = await ProblemAsync(await client.PostAsync("/api/v1/auth/login", Json("")), HttpStatusCode.BadRequest);
        Assert.Equal("Запрос должен содержать тело в формате JSON.", empty.Detail);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named()
    {
        var client = _app.CreateClient();

        var problem = await ProblemAsync(await client.PostAsync("/api/v1/auth/login", Json("{\"login\": 5, \"password\": \"x\"}")),
            HttpStatusCode.BadRequest);

        Assert.Equal("Поле «login»: значение не того типа (строка 1, позиция 12).", problem.Detail);
    }

    [Fact]
    public async Task A_query_value_that_is_not_a_number_is_named_with_the_value()
    {
        await _app.SeedAsync(async b => await JournalSchool.BuildAsync(b));
        var client = await _app.ApiClientAsync("smirnova");

        var problem = await ProblemAsync(await client.GetAsync("/api/v1/periods?yearId=два"), HttpStatusCode.BadRequest);

        Assert.Equal("Неверный запрос", problem.Title);
        Assert.Equal("Параметр «yearId»: значение «два» не распознано.", problem.Detail);
    }

    [Fact]
    public async Task Preferences_sent_as_plain_text_get_415_and_stay_as_they_were()
    {
        await Notify.SchoolAsync(_app, preference: new NotificationPreference { Channels = DeliveryChannels.Both, Mode = DeliveryMode.DailyDigest });
        var client = await _app.ApiClientAsync("orlova");

        var response = await client.PutAsync("/api/v1/me/notification-preferences",
            new StringContent("{\"channels\": \"None\"}", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Неподдерживаемый тип содержимого", problem.Title);
        Assert.Equal(
            "Тип содержимого «text/plain; charset=utf-8» здесь не принимается: данные передаются в JSON (application/json), файлы — формой " +
                "(multipart/form-data).", problem.Detail);
        var kept = await _app.QueryAsync(db => db.NotificationPreferences.AsNoTracking().SingleAsync());
        Assert.Equal((DeliveryChannels.Both, DeliveryMode.DailyDigest), (kept.Channels, kept.Mode));
    }

    [Fact]
    public async Task A_file_upload_sent_as_json_is_told_to_be_a_form_and_writes_no_plan()
    {
        var s = await _app.SeedAsync(async b => await JournalSchool.BuildAsync(b));
        var client = await _app.ApiClientAsync("smirnova");

        var response = await client.PostAsync($"/api/v1/groups/{s.Math.Id}/thematic-plan/import", Json("{\"file\": \"plan.csv\"}"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(
            "Тип содержимого «application/json; charset=utf-8» здесь не принимается: данные передаются в JSON (application/json), файлы — формой " +
                "(multipart/form-data).", problem.Detail);
        Assert.Equal(0, await _app.QueryAsync(db => db.ThematicTopics.CountAsync()));
    }

    [Fact]
    public async Task Bare_status_codes_of_the_api_carry_russian_titles()
    {
        await _app.SeedAsync(async b => await JournalSchool.BuildAsync(b));
        var anonymous = _app.CreateClient();
        var teacher = await _app.ApiClientAsync("smirnova");

        Assert.Equal("Требуется вход", (await ProblemAsync(await anonymous.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized)).Title);
        Assert.Equal("Не найдено", (await ProblemAsync(await teacher.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound)).Title);
        Assert.Equal("Метод не поддерживается", (await ProblemAsync(await teacher.DeleteAsync("/api/v1/me"), HttpStatusCode.MethodNotAllowed)).Title);
    }
}
