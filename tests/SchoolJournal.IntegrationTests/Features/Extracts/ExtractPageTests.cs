using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Extracts;

/// <summary>The «Выписки» pages: the class list, the form per student that downloads the PDF, and the class's log.</summary>
public sealed class ExtractPageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_class_teacher_downloads_an_extract_from_the_class_page_and_sees_it_in_the_log()
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var leader = await _app.PageClientAsync("kozlova");

        var index = await leader.GetPageAsync("/Extracts");
        var posted = await Forms.PostAsync(leader, $"/Extracts/Class/{x.S.Class.Id}", new()
        {
            ["StudentId"] = x.S.Orlov.Id.ToString(), ["Mode"] = "range", ["From"] = "2026-11-01", ["To"] = "2026-11-23",
            ["PeriodId"] = x.S.Quarter2.Id.ToString(), ["ParentId"] = "", ["IssuedTo"] = "по запросу отдела опеки",
        });

        Assert.Equal("5А", index.TextOf($"main a[href='/Extracts/Class/{x.S.Class.Id}']"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("application/pdf", posted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", posted.Content.Headers.ContentDisposition?.DispositionType);
        var (text, _) = PdfText.Read(await posted.Content.ReadAsByteArrayAsync());
        Assert.Contains("Орлов Артём Иванович", text);
        Assert.Contains("с 01.11.2026 по 23.11.2026", text);
        Assert.Contains("Кому выдана: по запросу отдела опеки", text);
        var issue = await _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().SingleAsync());
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23), (int?)null), (issue.From, issue.To, issue.StudyPeriodId));
        Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.ExtractIssued);

        var html = await leader.GetStringAsync($"/Extracts/Class/{x.S.Class.Id}");
        var logged = Assert.Single(Html.Parse(html).QuerySelectorAll("table.extract-log tbody tr"));
        Assert.Equal("по запросу отдела опеки", logged.Cell("Кому").Read());
        Assert.Equal("Орлов Артём", logged.Cell("Ученик").Read());
        Assert.Equal(issue.Sha256[..12], logged.Cell("SHA-256").Read());
        Assert.DoesNotContain(issue.Sha256, html);
    }

    [Fact]
    public async Task A_form_without_whom_it_is_for_is_refused_on_the_page_and_nothing_is_logged()
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var leader = await _app.PageClientAsync("kozlova");

        var posted = await Forms.PostAsync(leader, $"/Extracts/Class/{x.S.Class.Id}", new()
        {
            ["StudentId"] = x.S.Orlov.Id.ToString(), ["Mode"] = "period", ["PeriodId"] = x.S.Quarter2.Id.ToString(), ["ParentId"] = "",
            ["IssuedTo"] = "",
        });

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("Не указано, кому выдана выписка", (await Html.ParseAsync(posted)).TextOf("main .errors"));
        Assert.Equal(0, await _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().CountAsync()));
    }

    [Theory]
    [InlineData("orlova")]
    [InlineData("smirnova")]
    public async Task A_parent_and_a_subject_teacher_do_not_get_the_pages(string login)
    {
        var x = await _app.SeedAsync(ExtractSchool.BuildAsync);
        var client = await _app.PageClientAsync(login);

        var index = await client.GetAsync("/Extracts");
        var cls = await client.GetAsync($"/Extracts/Class/{x.S.Class.Id}");

        foreach (var r in new[] { index, cls })
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden
                || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied")),
                $"got {(int)r.StatusCode}");
        Assert.Equal(0, await _app.QueryAsync(db => db.ExtractIssues.IgnoreQueryFilters().CountAsync()));
    }
}
