using System.Net;
using System.Net.Http.Json;
using SchoolJournal.IntegrationTests.Infrastructure;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The history of a journal cell, /Journal/History?entity=mark&amp;id=, one click from the grid.</summary>
public sealed class HistoryPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_class_teacher_follows_a_mark_to_its_history_with_the_change_in_words()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var api = await _app.ApiClientAsync("smirnova");
        var created = await (await api.PostAsJsonAsync($"/api/v1/lessons/{s.MathLesson.Id}/marks", new { studentId = s.Orlov.Id, value = "3" }))
            .JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        (await api.PutAsJsonAsync($"/api/v1/marks/{id}", new { value = "5", comment = "Исправил ошибку" })).EnsureSuccessStatusCode();
        var leader = await _app.PageClientAsync("kozlova");

        var grid = await leader.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var link = GridPageTests.CellOf(grid, s.Orlov, s.MathLesson).One("a.mark").GetAttribute("href")!;
        var response = await leader.GetAsync(link);

        Assert.Equal($"/Journal/History?entity=mark&id={id}", link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = await Html.ParseAsync(response);
        // The test clock's instant, shown on the school's clock (Europe/Moscow in the test school, UTC+3).
        var at = TimeZoneInfo.ConvertTime(_app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"));
        var rows = history.QuerySelectorAll("table.history tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Equal([$"{at:dd.MM.yyyy HH:mm}", "Смирнова Анна Викторовна", "Отметка выставлена"], rows[0].Children.Take(3).Select(c => c.Read()));
        Assert.Equal(["Отметка: — → 3", "Вид работы: — → Ответ на уроке"], rows[0].TextsOf(".change"));
        Assert.Equal([$"{at:dd.MM.yyyy HH:mm}", "Смирнова Анна Викторовна", "Отметка исправлена"], rows[1].Children.Take(3).Select(c => c.Read()));
        Assert.Equal(["Отметка: 3 → 5", "Комментарий: — → Исправил ошибку"], rows[1].TextsOf(".change"));
    }

    [Fact]
    public async Task A_teacher_of_another_subject_is_refused_the_history()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "4");
            return s;
        });
        var markId = await _app.QueryAsync(db => Task.FromResult(db.Marks.Single().Id));
        var other = await _app.PageClientAsync("kozlov");
        var deputy = await _app.PageClientAsync("fedorova");

        var refused = await other.GetAsync($"/Journal/History?entity=mark&id={markId}");
        var allowed = await deputy.GetAsync($"/Journal/History?entity=mark&id={markId}");
        var unknown = await deputy.GetAsync("/Journal/History?entity=mark&id=999999");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
