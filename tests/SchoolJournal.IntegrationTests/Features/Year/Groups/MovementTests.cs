using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Groups;

/// <summary>Arrival, transfer and withdrawal (R-YEAR-14) through the API and the page /Year/Movement.</summary>
public sealed class MovementTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly DateOnly TransferDay = new(2026, 11, 16);

    /// <summary>Орлов got a 5 in 5А maths on 10 November (2nd quarter); 5Б has its maths group.</summary>
    private Task<GroupsSchool> SeedAsync() => _app.SeedAsync(async b =>
    {
        var s = await GroupsSchool.BuildAsync(b);
        var early = await b.LessonAsync(s.J.Math, new DateOnly(2026, 11, 10), 1, s.J.Teacher);
        await b.MarkAsync(early, s.J.Orlov, "5");
        return s;
    });

    [Fact]
    public async Task Transferred_student_stays_in_the_old_journal_with_his_marks_up_to_the_day_before()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/students/{s.J.Orlov.Id}/transfer",
            new { classId = s.ClassB.Id, date = "2026-11-16", order = "№ 12 от 13.11.2026" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var enrolments = await _app.QueryAsync(db => db.Enrolments.Where(e => e.StudentId == s.J.Orlov.Id).OrderBy(e => e.From).ToListAsync());
        Assert.Equal(2, enrolments.Count);
        Assert.Equal((s.J.Class.Id, (DateOnly?)TransferDay.AddDays(-1), (LeaveReason?)LeaveReason.Transfer),
            (enrolments[0].SchoolClassId, enrolments[0].To, enrolments[0].LeaveReason));
        Assert.Equal((s.ClassB.Id, TransferDay, EnrolmentReason.Transfer, "№ 12 от 13.11.2026"),
            (enrolments[1].SchoolClassId, enrolments[1].From, enrolments[1].Reason, enrolments[1].Order));
        var teacher = await _app.ApiClientAsync("smirnova");
        var oldJournal = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.J.Math.Id}/journal?periodId={s.J.Quarter2.Id}");
        var old = oldJournal.GetProperty("students").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == s.J.Orlov.Id);
        Assert.Equal("2026-11-15", old.GetProperty("to").GetString());
        Assert.Equal(["5"], old.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        var newJournal = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{s.MathB.Id}/journal?periodId={s.J.Quarter2.Id}");
        var now = Assert.Single(newJournal.GetProperty("students").EnumerateArray());
        Assert.Equal((s.J.Orlov.Id, "2026-11-16"), (now.GetProperty("id").GetInt32(), now.GetProperty("from").GetString()));
        // The 20 November lesson of 5А is after he left: no mark for him there.
        var late = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.J.MathLesson.Id}/marks", new { studentId = s.J.Orlov.Id, value = "4" });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var types = (await _app.AuditAsync()).Select(e => e.Type).ToList();
        Assert.Equal(AuditEventType.StudentMoved, types[0]);
        Assert.Equal(3, types.Count(t => t == AuditEventType.RosterChanged)); // maths and Russian of 5А end, maths of 5Б starts
    }

    [Fact]
    public async Task Transfer_into_his_own_class_or_before_his_enrolment_is_refused_and_writes_nothing()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");

        var same = await deputy.PostAsJsonAsync($"/api/v1/students/{s.J.Orlov.Id}/transfer", new { classId = s.J.Class.Id, date = "2026-11-16" });
        var early = await deputy.PostAsJsonAsync($"/api/v1/students/{s.J.Orlov.Id}/transfer", new { classId = s.ClassB.Id, date = "2026-08-20" });
        var withdrawEarly = await deputy.PostAsJsonAsync($"/api/v1/students/{s.J.Orlov.Id}/withdrawal", new { date = "2026-08-31" });

        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Equal("Ученик уже в этом классе", (await same.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withdrawEarly.StatusCode);
        Assert.Equal("Дата раньше начала обучения в классе", (await withdrawEarly.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal(1, await _app.QueryAsync(db => db.Enrolments.CountAsync(e => e.StudentId == s.J.Orlov.Id)));
        Assert.All(await _app.MembershipsAsync(s.J.Orlov.Id), m => Assert.Null(m.To));
        Assert.Empty(await _app.AuditAsync());
    }

    [Fact]
    public async Task Arrival_creates_the_student_in_the_whole_class_groups_and_names_the_sub_groups_to_choose()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await GroupsSchool.BuildAsync(b);
            await b.GroupAsync("Английский язык", s.J.Teacher, [s.J.Class], [s.J.Orlov], GroupKind.SubGroup);
            return s;
        });
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync("/api/v1/students", new
        {
            lastName = "Новиков", firstName = "Пётр", middleName = "Ильич", birthDate = "2015-04-01", gender = "male", classId = s.J.Class.Id,
            date = "2026-11-23", order = "№ 45",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(2, body.GetProperty("joined").GetArrayLength()); // maths and Russian of 5А
        Assert.Equal(["Английский язык, 5А"], body.GetProperty("subGroupsToChoose").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var id = body.GetProperty("studentId").GetInt32();
        var enrolment = await _app.QueryAsync(db => db.Enrolments.SingleAsync(e => e.StudentId == id));
        Assert.Equal((s.J.Class.Id, new DateOnly(2026, 11, 23), EnrolmentReason.Arrival, "№ 45"),
            (enrolment.SchoolClassId, enrolment.From, enrolment.Reason, enrolment.Order));
        Assert.Equal([s.J.Math.Id, s.J.Russian.Id], (await _app.MembershipsAsync(id)).Select(m => m.TeachingGroupId).Order());
        Assert.Equal([AuditEventType.StudentMoved, AuditEventType.RosterChanged, AuditEventType.RosterChanged],
            (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Withdrawal_ends_the_enrolment_and_every_group_at_that_day()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/students/{s.J.Belov.Id}/withdrawal",
            new { date = "2026-11-20", order = "№ 50", reason = "переезд" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var enrolment = await _app.QueryAsync(db => db.Enrolments.SingleAsync(e => e.StudentId == s.J.Belov.Id));
        Assert.Equal(((DateOnly?)new DateOnly(2026, 11, 20), (LeaveReason?)LeaveReason.Withdrawal), (enrolment.To, enrolment.LeaveReason));
        Assert.All(await _app.MembershipsAsync(s.J.Belov.Id), m => Assert.Equal(new DateOnly(2026, 11, 20), m.To));
        var history = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.J.Belov.Id}/movements");
        var row = Assert.Single(history.EnumerateArray());
        Assert.Equal(("5А", "выбытие"), (row.GetProperty("className").GetString(), row.GetProperty("leaveReason").GetString()));
        Assert.Equal("переезд", (await _app.AuditAsync()).First().Reason);
    }

    [Fact]
    public async Task Class_teacher_does_not_move_students()
    {
        var s = await SeedAsync();
        var kozlova = await _app.ApiClientAsync("kozlova");

        var response = await kozlova.PostAsJsonAsync($"/api/v1/students/{s.J.Belov.Id}/withdrawal", new { date = "2026-11-20" });
        var history = await kozlova.GetAsync($"/api/v1/students/{s.J.Belov.Id}/movements");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Null(await _app.QueryAsync(db => db.Enrolments.Where(e => e.StudentId == s.J.Belov.Id).Select(e => e.To).SingleAsync()));
    }

    [Fact]
    public async Task Movement_page_forms_arrive_transfer_and_withdraw()
    {
        var s = await SeedAsync();
        var client = await _app.PageClientAsync("fedorova");

        var arrival = await client.PostFormAsync("/Year/Movement", "/Year/Movement?handler=Arrival", new()
        {
            ["Arrival.LastName"] = "Новиков", ["Arrival.FirstName"] = "Пётр", ["Arrival.BirthDate"] = "2015-04-01", ["Arrival.Gender"] = "male",
            ["Arrival.ClassId"] = s.ClassB.Id.ToString(), ["Arrival.Date"] = "2026-11-23",
        });
        var transfer = await client.PostFormAsync("/Year/Movement", "/Year/Movement?handler=Transfer", new()
        {
            ["Leave.StudentId"] = s.J.Orlov.Id.ToString(), ["Leave.ClassId"] = s.ClassB.Id.ToString(), ["Leave.Date"] = "2026-11-16",
        });
        var withdrawal = await client.PostFormAsync("/Year/Movement", "/Year/Movement?handler=Withdrawal", new()
        {
            ["Leave.StudentId"] = s.J.Belov.Id.ToString(), ["Leave.Date"] = "2026-11-20", ["Leave.Reason"] = "переезд",
        });
        var bad = await client.PostFormAsync("/Year/Movement", "/Year/Movement?handler=Transfer", new()
        {
            ["Leave.StudentId"] = s.J.Orlov.Id.ToString(), ["Leave.ClassId"] = s.ClassB.Id.ToString(), ["Leave.Date"] = "2026-11-20",
        });

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect],
            new[] { arrival.StatusCode, transfer.StatusCode, withdrawal.StatusCode });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Ученик уже в этом классе", (await Html.ParseAsync(bad)).TextOf("main p.errors"));
        Assert.Equal(1, await _app.QueryAsync(db => db.Students.CountAsync(x => x.LastName == "Новиков")));
        Assert.Equal(s.ClassB.Id,
            await _app.QueryAsync(db => db.Enrolments.Where(e => e.StudentId == s.J.Orlov.Id && e.To == null)
                .Select(e => e.SchoolClassId).SingleAsync()));
        Assert.Equal(LeaveReason.Withdrawal,
            await _app.QueryAsync(db => db.Enrolments.Where(e => e.StudentId == s.J.Belov.Id).Select(e => e.LeaveReason).SingleAsync()));
        var moves = (await client.GetPageAsync("/Year/Movement")).One("table.movement").BodyRows();
        Assert.Contains(moves,
            r => r[1].StartsWith("Орлов Артём", StringComparison.Ordinal) && r[3].StartsWith("перевод в класс", StringComparison.Ordinal));
        Assert.Contains(moves,
            r => r[1].StartsWith("Белов Борис", StringComparison.Ordinal) && r[3].StartsWith("выбытие из класса", StringComparison.Ordinal));
        var export = await client.GetAsync("/Year/Movement?handler=Export");
        Assert.Equal(SchoolJournal.Web.Infrastructure.Xlsx.ContentType, export.Content.Headers.ContentType?.MediaType);
        var rows = SchoolJournal.Web.Infrastructure.Xlsx.Read(await export.Content.ReadAsStreamAsync());
        Assert.Equal(5, rows.Count); // header; arrival of Новиков; Орлов leaves 5А and arrives in 5Б; Белов leaves
    }
}
