using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Period grades, closing and reopening the period on the grid page /Journal/Group/{id}.</summary>
public sealed partial class PeriodGradePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Posts a form of the grid page the way the browser does, with the user's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/Journal");
        fields["__RequestVerificationToken"] = TokenRegex().Match(page).Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    private static Task<HttpResponseMessage> GradeAsync(HttpClient client, JournalSchool s, Student student, string value) =>
        PostAsync(client, $"/Journal/Group/{s.Math.Id}?handler=Grade", new()
        {
            ["periodId"] = s.Quarter2.Id.ToString(), ["studentId"] = student.Id.ToString(), ["value"] = value,
        });

    private static string RowOf(string html, string name)
    {
        var start = html.IndexOf(name, StringComparison.Ordinal);
        Assert.True(start >= 0, $"В журнале нет строки «{name}»");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_teacher_picks_from_the_allowed_grades_prefilled_with_the_suggestion()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            return s;
        });
        var client = await _app.PageClientAsync("smirnova");

        var html = await client.GetStringAsync($"/Journal/Group/{s.Math.Id}");

        var orlov = RowOf(html, "Орлов Артём");
        Assert.Contains("name=\"value\"", orlov);
        Assert.Contains("<option value=\"5\" selected=\"selected\">5</option>", orlov); // the average 5,00 suggests «5»
        foreach (var special in new[] { "осв", "н/а", "безотм" })
            Assert.Contains($"<option value=\"{special}\">", orlov);
        Assert.Contains("Закрыть период", html);
        Assert.DoesNotContain("Открыть период", html);
    }

    [Fact]
    public async Task A_grade_set_on_the_page_is_saved_and_shown_and_the_last_one_closes_the_period()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var first = await GradeAsync(client, s, s.Orlov, "4");
        var afterFirst = await client.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var last = await GradeAsync(client, s, s.Belov, "осв");
        var afterLast = await client.GetStringAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("<b class=\"grade\">4</b>", RowOf(afterFirst, "Орлов Артём"));
        Assert.DoesNotContain("период закрыт", afterFirst);
        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Contains("период закрыт", afterLast);
        Assert.Contains("<b>осв</b>", RowOf(afterLast, "Белов Борис"));
        Assert.DoesNotContain("name=\"value\"", afterLast);
        Assert.Equal([AuditEventType.PeriodGradeSet, AuditEventType.PeriodGradeSet, AuditEventType.PeriodLocked],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_grade_outside_the_scale_is_refused_in_russian_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");
        var page = await client.GetStringAsync("/Journal");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Journal/Group/{s.Math.Id}?handler=Grade")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["periodId"] = s.Quarter2.Id.ToString(), ["studentId"] = s.Orlov.Id.ToString(), ["value"] = "7",
                ["__RequestVerificationToken"] = TokenRegex().Match(page).Groups[1].Value,
            }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Отметка «7» не подходит", await response.Content.ReadAsStringAsync());
        Assert.Empty(await _app.QueryAsync(db => db.PeriodGrades.ToListAsync()));
    }

    [Fact]
    public async Task The_class_teacher_sees_the_grade_but_cannot_set_it()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.Db.PeriodGrades.AddAsync(new PeriodGrade
            {
                SchoolId = s.School.Id, TeachingGroupId = s.Math.Id, StudentId = s.Orlov.Id, StudyPeriodId = s.Quarter2.Id,
                Kind = PeriodGradeKind.Period, Value = "4", CreatedAt = b.Now,
            });
            await b.Db.SaveChangesAsync();
            return s;
        });
        var leader = await _app.PageClientAsync("kozlova");

        var html = await leader.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var refused = await GradeAsync(leader, s, s.Belov, "5");

        Assert.Contains("<b>4</b>", RowOf(html, "Орлов Артём"));
        Assert.DoesNotContain("name=\"value\"", html);
        Assert.DoesNotContain("Закрыть период", html);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Single(await _app.QueryAsync(db => db.PeriodGrades.ToListAsync()));
    }

    [Fact]
    public async Task The_teacher_closes_the_period_and_the_deputy_reopens_it_only_with_a_reason()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        var deputy = await _app.PageClientAsync("fedorova");
        var url = (string handler) => $"/Journal/Group/{s.Math.Id}?handler={handler}&periodId={s.Quarter2.Id}";

        var closed = await PostAsync(teacher, url("Lock"), []);
        var teacherView = await teacher.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var teacherReopen = await PostAsync(teacher, url("Reopen"), new() { ["reason"] = "Хочу исправить" });
        var deputyView = await deputy.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var withoutReason = await PostAsync(deputy, url("Reopen"), new() { ["reason"] = "  " });
        var afterRefusal = await deputy.GetStringAsync($"/Journal/Group/{s.Math.Id}");
        var reopened = await PostAsync(deputy, url("Reopen"), new() { ["reason"] = "Пересдача Белова" });
        var afterReopen = await teacher.GetStringAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Contains("период закрыт", teacherView);
        Assert.DoesNotContain("Открыть период", teacherView);
        Assert.Equal(HttpStatusCode.Forbidden, teacherReopen.StatusCode);
        Assert.Contains("Открыть период", deputyView);
        Assert.Contains("<textarea id=\"reopen-reason\" name=\"reason\" required", deputyView);
        Assert.Equal(HttpStatusCode.Redirect, withoutReason.StatusCode);
        Assert.Contains("Напишите, почему период открывается", afterRefusal);
        Assert.Contains("период закрыт", afterRefusal);
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.DoesNotContain("период закрыт", afterReopen);
        Assert.Contains("Закрыть период", afterReopen);
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.PeriodLocked, AuditEventType.PeriodReopened], events.Select(e => e.Type));
        Assert.Equal("Пересдача Белова", events[1].Reason);
    }
}
