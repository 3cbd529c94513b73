using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Parents;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Parents;

namespace SchoolJournal.IntegrationTests.Features.Diary;

/// <summary>
/// The diary's pieces together (R-DIARY-4): the week and the period pages record the parent's visit and carry the
/// «Ознакомлен» button, which records the acknowledgment the class teacher's report reads.
/// </summary>
public sealed class DiaryWiringTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>The rows once the visits noted by the pages are written (the writer does it within a second).</summary>
    private async Task<List<DiaryAcknowledgment>> RowsAsync()
    {
        await _app.Services.GetRequiredService<DiaryVisits>().FlushAsync();
        return await _app.QueryAsync(db => db.DiaryAcknowledgments.IgnoreQueryFilters().OrderBy(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task A_parent_who_opens_the_week_is_seen_and_acknowledges_it_from_the_diary_itself()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var parent = await _app.PageClientAsync("orlova");

        var week = await parent.GetPageAsync("/Diary?date=2026-11-18");

        // Monday 16 – Sunday 22 November: one visit row for the mother and her son.
        var visit = Assert.Single(await RowsAsync());
        Assert.Equal((AcknowledgmentKind.Visit, s.Mother.Id, s.J.Orlov.Id, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)),
            (visit.Kind, visit.ParentId, visit.StudentId, visit.From, visit.To));
        var form = week.One(AcknowledgeForm);
        Assert.Equal("Ознакомлен", form.TextOf("button[type=submit]"));
        var fields = form.FieldsOf();
        Assert.Equal((s.J.Orlov.Id.ToString(), "2026-11-16", "2026-11-22"), (fields["StudentId"], fields["From"], fields["To"]));
        Assert.NotEmpty(fields["__RequestVerificationToken"]);

        var response = await parent.PostAsync("/Parents/Acknowledge", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((AcknowledgmentKind.Acknowledged, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)),
            (rows[1].Kind, rows[1].From, rows[1].To));
        var after = await parent.GetPageAsync("/Diary?date=2026-11-18");
        Assert.StartsWith("✓ Ознакомлен(а) ", after.TextOf(".acknowledge .acknowledged"));
        Assert.Empty(after.QuerySelectorAll(AcknowledgeForm));
    }

    [Fact]
    public async Task The_period_page_records_a_visit_for_the_period_and_staff_leave_no_trace()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var teacher = await _app.PageClientAsync("smirnova");
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/Diary?studentId={s.J.Orlov.Id}")).StatusCode);
        Assert.Empty(await RowsAsync());

        var parent = await _app.PageClientAsync("orlova");
        var marks = await parent.GetPageAsync("/Diary/Marks");

        var visit = Assert.Single(await RowsAsync());
        Assert.Equal((AcknowledgmentKind.Visit, s.J.Quarter2.Id, s.J.Quarter2.Start, s.J.Quarter2.End),
            (visit.Kind, visit.StudyPeriodId, visit.From, visit.To));
        var fields = marks.One(AcknowledgeForm).FieldsOf();
        Assert.Equal((s.J.Quarter2.Id.ToString(), s.J.Quarter2.Start.ToString("yyyy-MM-dd"), s.J.Quarter2.End.ToString("yyyy-MM-dd")),
            (fields["StudyPeriodId"], fields["From"], fields["To"]));
    }

    [Fact]
    public async Task The_class_teachers_report_shows_a_parents_visit_right_after_the_view()
    {
        var s = await _app.SeedAsync(ParentsSchool.BuildAsync);
        var parent = await _app.PageClientAsync("orlova");
        var leader = await _app.ApiClientAsync("kozlova");

        Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync("/Diary?date=2026-11-18")).StatusCode);
        var report = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/classes/{s.J.Class.Id}/diary-activity");

        // Белов, then Орлов; his mother first.
        var mother = report.GetProperty("students")[1].GetProperty("parents")[0];
        Assert.Equal(_app.Time.Now, mother.GetProperty("lastVisit").GetDateTimeOffset());
    }

    private const string AcknowledgeForm = ".acknowledge form[action='/Parents/Acknowledge']";
}
