using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>Period grades, closing and reopening the period on the grid page /Journal/Group/{id}.</summary>
public sealed class PeriodGradePageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Posts a form of the grid page the way the browser does, with the user's antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, "/Journal", fields, url);

    private static Task<HttpResponseMessage> GradeAsync(HttpClient client, JournalSchool s, Student student, string value) =>
        PostAsync(client, $"/Journal/Group/{s.Math.Id}?handler=Grade", new()
        {
            ["periodId"] = s.Quarter2.Id.ToString(), ["studentId"] = student.Id.ToString(), ["value"] = value,
        });

    private static IElement GradeOf(IParentNode grid, Student student) => GridPageTests.RowOf(grid, student).One("td.final");

    private static List<string> ButtonsOf(IParentNode grid) => grid.TextsOf(".period-lock button");

    [Fact]
    public async Task The_teacher_picks_from_the_allowed_grades_and_the_suggestion_is_only_a_hint_beside_them()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "5");
            return s;
        });
        var client = await _app.PageClientAsync("smirnova");

        var grid = await client.GetPageAsync($"/Journal/Group/{s.Math.Id}");

        var select = GradeOf(grid, s.Orlov).One("select[name=value]");
        // The average 5,00 suggests «5», but nothing is saved: the select says «—» and the hint names the suggestion.
        Assert.Equal("", select.One("option[selected]").GetAttribute("value"));
        Assert.Equal("предл. 5", GradeOf(grid, s.Orlov).TextOf(".suggested"));
        Assert.Empty(GradeOf(grid, s.Orlov).QuerySelectorAll("b.grade"));
        var values = select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ToList();
        foreach (var special in new[] { "осв", "н/а", "безотм" })
            Assert.Contains(special, values);
        Assert.Equal(["Закрыть период"], ButtonsOf(grid));
    }

    [Fact]
    public async Task A_grade_set_on_the_page_is_saved_and_shown_and_the_last_one_closes_the_period()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");

        var first = await GradeAsync(client, s, s.Orlov, "4");
        var afterFirst = await client.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var last = await GradeAsync(client, s, s.Belov, "осв");
        var afterLast = await client.GetPageAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("4", GradeOf(afterFirst, s.Orlov).TextOf("b.grade"));
        Assert.Null(afterFirst.QuerySelector("#journal-mode"));
        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Equal("период закрыт", afterLast.TextOf("#journal-mode"));
        Assert.Equal("осв", GradeOf(afterLast, s.Belov).Read());
        Assert.Equal("4", GradeOf(afterLast, s.Orlov).Read());
        Assert.Empty(afterLast.QuerySelectorAll("select[name=value]"));
        Assert.Equal([AuditEventType.PeriodGradeSet, AuditEventType.PeriodGradeSet, AuditEventType.PeriodLocked],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task A_grade_outside_the_scale_is_refused_in_russian_and_nothing_is_written()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var client = await _app.PageClientAsync("smirnova");
        var token = await Forms.TokenAsync(client, "/Journal");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Journal/Group/{s.Math.Id}?handler=Grade")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["periodId"] = s.Quarter2.Id.ToString(), ["studentId"] = s.Orlov.Id.ToString(), ["value"] = "7",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Отметка «7» не подходит", (await Html.ParseCellAsync(response)).TextOf(".cell-error"));
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

        var grid = await leader.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var refused = await GradeAsync(leader, s, s.Belov, "5");

        Assert.Equal("4", GradeOf(grid, s.Orlov).Read());
        Assert.Empty(grid.QuerySelectorAll("select[name=value]"));
        Assert.Empty(ButtonsOf(grid));
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

        var closed = await PostAsync(teacher, url("Lock"), new() { ["confirmed"] = "true" });
        var teacherView = await teacher.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var teacherReopen = await PostAsync(teacher, url("Reopen"), new() { ["reason"] = "Хочу исправить" });
        var deputyView = await deputy.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var withoutReason = await PostAsync(deputy, url("Reopen"), new() { ["reason"] = "  " });
        var afterRefusal = await deputy.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var reopened = await PostAsync(deputy, url("Reopen"), new() { ["reason"] = "Пересдача Белова" });
        var afterReopen = await teacher.GetPageAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("период закрыт", teacherView.TextOf("#journal-mode"));
        Assert.DoesNotContain("Открыть период", ButtonsOf(teacherView));
        Assert.Equal(HttpStatusCode.Forbidden, teacherReopen.StatusCode);
        Assert.Equal(["Открыть период"], ButtonsOf(deputyView));
        var reason = deputyView.One(".period-lock form textarea#reopen-reason");
        Assert.Equal("reason", reason.GetAttribute("name"));
        Assert.True(reason.HasAttribute("required"));
        Assert.Equal(HttpStatusCode.Redirect, withoutReason.StatusCode);
        Assert.Contains("Напишите, почему период открывается", afterRefusal.TextOf(".flash"));
        Assert.Equal("период закрыт", afterRefusal.TextOf("#journal-mode"));
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Null(afterReopen.QuerySelector("#journal-mode"));
        Assert.Equal(["Закрыть период"], ButtonsOf(afterReopen));
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.PeriodLocked, AuditEventType.PeriodReopened], events.Select(e => e.Type));
        Assert.Equal("Пересдача Белова", events[1].Reason);
    }

    [Fact]
    public async Task Closing_the_period_asks_first_naming_what_becomes_read_only_and_warning_of_the_early_end_and_missing_grades()
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
        var teacher = await _app.PageClientAsync("smirnova");
        var grid = await teacher.GetPageAsync($"/Journal/Group/{s.Math.Id}");
        var lockUrl = $"/Journal/Group/{s.Math.Id}?handler=Lock&periodId={s.Quarter2.Id}";

        var unconfirmed = await PostAsync(teacher, lockUrl, []);
        var locksAfterOneClick = await _app.QueryAsync(db => db.PeriodLocks.CountAsync());
        var confirmation = await teacher.GetPageAsync(unconfirmed.Headers.Location!.OriginalString);

        Assert.Equal("get", grid.One(".period-lock form").GetAttribute("method"));
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Equal(0, locksAfterOneClick);
        Assert.Null(confirmation.QuerySelector("#journal-mode"));
        var question = confirmation.One("#confirm-close");
        Assert.Equal("Закрыть период «2 четверть» в журнале «Математика · 5А»?", question.TextOf("h2"));
        var end = s.Quarter2.End;
        Assert.Contains($"уроков с {s.Quarter2.Start:dd.MM.yyyy} по {end:dd.MM.yyyy}", question.Read());
        // The clock says Monday 23 November 2026.
        var daysLeft = end.DayNumber - new DateOnly(2026, 11, 23).DayNumber;
        Assert.Equal($"Период ещё не закончился: до его конца {daysLeft} дн. (последний день — {end:dd.MM.yyyy}).",
            question.TextOf("#close-early"));
        Assert.Equal("Отметка за период не выставлена у 1 из 2 учеников: Белов Борис Иванович.", question.TextOf("#close-ungraded"));
        Assert.Equal(["Да, закрыть период"], ButtonsOf(confirmation));

        var closed = await PostAsync(teacher, lockUrl, new() { ["confirmed"] = "true" });
        var after = await teacher.GetPageAsync($"/Journal/Group/{s.Math.Id}");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("период закрыт", after.TextOf("#journal-mode"));
        Assert.Equal([AuditEventType.PeriodLocked], (await _app.AuditAsync()).Select(e => e.Type));
    }
}
