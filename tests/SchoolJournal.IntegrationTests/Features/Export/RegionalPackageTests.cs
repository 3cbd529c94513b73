using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>
/// The package for the regional system and Госуслуг (R-X-4, R-DIARY-6) on the provider the run is configured for. 5А of four students:
/// Иванова Алёна, whose mother consented to e-mail and the transfer (she leaves); Петров Пётр, whose father consented to the transfer and
/// mother refused it (he stays: a refusal in force stops it); Сидоров Иван, whose mother consented to e-mail only; Кузнецов Илья without
/// parents. The week of 16–22 November: mathematics on the 16th (1st lesson, homework «№ 12») and the 17th (2nd), Russian on the 16th
/// (3rd, individual homework for Петров only), mathematics on the 25th outside the week.
/// </summary>
public sealed class RegionalPackageTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Week = "from=2026-11-16&to=2026-11-22";

    private sealed record School(Student Ivanova, Student Petrov, Lesson Math16, Lesson Math17, Lesson Russian16, Lesson Math25, string AdminId);

    private Task<School> SeedAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        var admin = await b.UserAsync("admin", "Админов Алексей", [Roles.SysAdmin]);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var cls = await b.ClassAsync(5, "А");
        var ivanova = await b.StudentAsync(cls, "Иванова", "Алёна");
        ivanova.BirthDate = new DateOnly(2015, 3, 8);
        var petrov = await b.StudentAsync(cls, "Петров", "Пётр");
        var sidorov = await b.StudentAsync(cls, "Сидоров", "Иван");
        await b.StudentAsync(cls, "Кузнецов", "Илья");
        var mother = await b.ParentAsync("Иванова", "Мария", null, ivanova);
        var father = await b.ParentAsync("Петров", "Олег", null, petrov);
        var petrova = await b.ParentAsync("Петрова", "Ольга", null, petrov);
        var sidorova = await b.ParentAsync("Сидорова", "Нина", null, sidorov);
        void Consent(Parent p, bool given, ConsentScope scope) => b.Db.PersonalDataConsents.Add(new PersonalDataConsent
        {
            SchoolId = b.School.Id, ParentId = p.Id, Given = given, Scope = scope, Date = new DateOnly(2026, 9, 5), RecordedAt = b.Now,
        });
        Consent(mother, true, ConsentScope.Email | ConsentScope.Transfer);
        Consent(father, true, ConsentScope.Transfer);
        Consent(petrova, false, ConsentScope.Transfer);
        Consent(sidorova, true, ConsentScope.Email);
        await b.Db.SaveChangesAsync();

        var math = await b.GroupAsync("Математика", teacher, [cls]);
        var russian = await b.GroupAsync("Русский язык", teacher, [cls]);
        var control = await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true);
        var math16 = await b.LessonAsync(math, new DateOnly(2026, 11, 16), 1, teacher);
        var math17 = await b.LessonAsync(math, new DateOnly(2026, 11, 17), 2, teacher);
        var russian16 = await b.LessonAsync(russian, new DateOnly(2026, 11, 16), 3, teacher);
        var math25 = await b.LessonAsync(math, new DateOnly(2026, 11, 25), 1, teacher);
        await b.LessonHomeworkAsync(math16, "№ 12");
        var individual = await b.LessonHomeworkAsync(russian16, "Упражнение 5");
        b.Db.Add(new HomeworkStudent { HomeworkId = individual.Id, StudentId = petrov.Id });
        await b.MarkAsync(math16, ivanova, "5");
        await b.MarkAsync(russian16, ivanova, "4", control);
        await b.MarkAsync(math25, ivanova, "3");
        await b.MarkAsync(math16, petrov, "2");
        await b.AttendanceAsync(math17, ivanova, AttendanceCode.Absent);
        await b.AttendanceAsync(math17, petrov, AttendanceCode.Absent);
        await b.DailyAbsenceAsync(ivanova, cls, new DateOnly(2026, 11, 18), AttendanceCode.Ill);
        b.Db.PeriodGrades.Add(new PeriodGrade
        {
            SchoolId = b.School.Id, TeachingGroupId = math.Id, StudentId = ivanova.Id, StudyPeriodId = b.Quarters[1].Id,
            Kind = PeriodGradeKind.Period, Value = "5", CreatedAt = b.Now,
        });
        await b.Db.SaveChangesAsync();
        return new School(ivanova, petrov, math16, math17, russian16, math25, admin.Id);
    });

    private static string Sid(string kind, params object[] key) => SchoolJournal.Web.Features.Export.SourcedIds.Of(kind, key);

    private async Task<JsonSchema> SchemaAsync()
    {
        // The schema as the app serves it at its stable address.
        var text = await _app.CreateClient().GetStringAsync("/schemas/regional-package-1.0.json");
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    [Fact]
    public async Task The_week_of_one_consenting_student_matches_the_database_and_the_schema_and_is_logged()
    {
        var s = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");

        var response = await admin.PostAsync($"/api/v1/exports/regional?recipient=gosuslugi&{Week}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var root = JsonDocument.Parse(bytes).RootElement;
        RegionalSchema.AssertValid(await SchemaAsync(), root);
        Assert.Equal(("1.0", "gosuslugi", "full", JsonValueKind.Null), (root.GetProperty("schemaVersion").GetString(),
            root.GetProperty("recipient").GetString(), root.GetProperty("mode").GetString(), root.GetProperty("since").ValueKind));
        // Петров (a refusal in force), Сидоров (e-mail only) and Кузнецов (no parents) stay at school.
        var student = Assert.Single(root.GetProperty("students").EnumerateArray());
        Assert.Equal(3, root.GetProperty("counts").GetProperty("withoutConsent").GetInt32());
        Assert.Equal((Sid("user", "student", s.Ivanova.Id), "Иванова", "2015-03-08", "5А"), (student.GetProperty("id").GetString(),
            student.GetProperty("lastName").GetString(), student.GetProperty("birthDate").GetString(), student.GetProperty("class").GetString()));

        // By hand: lessons of the week 16th (2), 17th (1), not the 25th; her marks «5» and «4» (weight 2), not the «3» of the 25th;
        // the math homework, not Петров's individual one; «Н» on the 17th and «Б» for the whole 18th; the second quarter's «5».
        var lessons = student.GetProperty("lessons").EnumerateArray().ToList();
        Assert.Equal([Sid("lesson", s.Math16.Id), Sid("lesson", s.Russian16.Id), Sid("lesson", s.Math17.Id)],
            lessons.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(("Математика", "08:00", "08:45", "Смирнова А. В.", "№ 12"), (lessons[0].GetProperty("subject").GetString(),
            lessons[0].GetProperty("start").GetString(), lessons[0].GetProperty("end").GetString(), lessons[0].GetProperty("teacher").GetString(),
            lessons[0].GetProperty("homework").GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, lessons[1].GetProperty("homework").ValueKind);
        var marks = student.GetProperty("marks").EnumerateArray().Select(m =>
            (m.GetProperty("value").GetString(), m.GetProperty("subject").GetString(), m.GetProperty("weight").GetDecimal())).ToList();
        Assert.Equal([("5", "Математика", 1m), ("4", "Русский язык", 2m)], marks);
        var attendance = student.GetProperty("attendance").EnumerateArray().Select(a =>
            (a.GetProperty("date").GetString(),
                a.GetProperty("lessonNumber").ValueKind == JsonValueKind.Null ? 0 : a.GetProperty("lessonNumber").GetInt32(),
                a.GetProperty("code").GetString())).ToList();
        Assert.Equal([("2026-11-17", 2, "Н"), ("2026-11-18", 0, "Б")], attendance);
        var grade = Assert.Single(student.GetProperty("periodGrades").EnumerateArray());
        Assert.Equal(("period", "2 четверть", "5"), (grade.GetProperty("kind").GetString(), grade.GetProperty("period").GetString(),
            grade.GetProperty("value").GetString()));

        // The same numbers from the database.
        var from = new DateOnly(2026, 11, 16);
        var to = new DateOnly(2026, 11, 22);
        var db = await _app.QueryAsync(async d => (
            await d.Marks.CountAsync(m => m.StudentId == s.Ivanova.Id && m.Lesson!.Date >= from && m.Lesson.Date <= to),
            await d.Attendance.CountAsync(a => a.StudentId == s.Ivanova.Id) + await d.DailyAbsences.CountAsync(a => a.StudentId == s.Ivanova.Id),
            await d.Homework.CountAsync(h => d.Lessons.Any(l => l.Id == h.LessonId && l.Date >= from && l.Date <= to) && !h.Students.Any())));
        Assert.Equal(db, (marks.Count, attendance.Count, lessons.Count(l => l.GetProperty("homework").ValueKind != JsonValueKind.Null)));
        var counts = root.GetProperty("counts");
        Assert.Equal((1, 3, 2, 1, 2, 0), (counts.GetProperty("students").GetInt32(), counts.GetProperty("lessons").GetInt32(),
            counts.GetProperty("marks").GetInt32(), counts.GetProperty("periodGrades").GetInt32(), counts.GetProperty("attendance").GetInt32(),
            counts.GetProperty("removed").GetInt32()));

        var log = await _app.QueryAsync(d => d.RegionalExports.AsNoTracking().SingleAsync());
        Assert.Equal(("gosuslugi", "1.0", from, to, (DateTimeOffset?)null, 1, 3, Convert.ToHexStringLower(SHA256.HashData(bytes)), s.AdminId),
            (log.Recipient, log.SchemaVersion, log.PeriodFrom, log.PeriodTo, log.Since, log.Students, log.WithoutConsent, log.Sha256,
                log.CreatedById));
        var audit = await _app.QueryAsync(d =>
            d.AuditEvents.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.Type == AuditEventType.RegionalExported));
        Assert.Equal(("regional-export", log.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.Entity, audit.EntityId));
        Assert.Contains(log.Sha256, audit.After);
        Assert.DoesNotContain("Иванова", audit.After);

        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/v1/exports/regional");
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("Админов Алексей", 1, 3), (row.GetProperty("createdBy").GetString(), row.GetProperty("students").GetInt32(),
            row.GetProperty("withoutConsent").GetInt32()));
    }

    [Fact]
    public async Task A_delta_after_one_new_mark_and_one_changed_absence_holds_exactly_those()
    {
        var s = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var teacher = await _app.ApiClientAsync("smirnova");
        var full = await admin.PostAsync($"/api/v1/exports/regional?recipient=region&{Week}&mode=full", null);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var firstAt = await _app.QueryAsync(d => d.RegionalExports.AsNoTracking().Select(e => e.CreatedAt).SingleAsync());

        _app.Time.Now = _app.Time.Now.AddHours(1);
        var mark = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.Math17.Id}/marks", new { studentId = s.Ivanova.Id, value = "4" });
        var absence = await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.Math17.Id}/attendance", new { studentId = s.Ivanova.Id, code = "Б" });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (mark.StatusCode, absence.StatusCode));
        _app.Time.Now = _app.Time.Now.AddHours(1);

        var response = await admin.PostAsync($"/api/v1/exports/regional?recipient=region&{Week}&mode=delta", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
        RegionalSchema.AssertValid(await SchemaAsync(), root);
        Assert.Equal(("delta", firstAt), (root.GetProperty("mode").GetString(), root.GetProperty("since").GetDateTimeOffset()));
        var student = Assert.Single(root.GetProperty("students").EnumerateArray());
        Assert.False(student.GetProperty("complete").GetBoolean());
        var newMark = await _app.QueryAsync(d => d.Marks.AsNoTracking().SingleAsync(m => m.LessonId == s.Math17.Id && m.StudentId == s.Ivanova.Id));
        Assert.Equal([(Sid("mark", newMark.Id), "4")],
            student.GetProperty("marks").EnumerateArray().Select(m => (m.GetProperty("id").GetString(), m.GetProperty("value").GetString())));
        Assert.Equal([("2026-11-17", "Б")],
            student.GetProperty("attendance").EnumerateArray().Select(a => (a.GetProperty("date").GetString(), a.GetProperty("code").GetString())));
        Assert.Equal((0, 0, 0), (student.GetProperty("lessons").GetArrayLength(), student.GetProperty("periodGrades").GetArrayLength(),
            student.GetProperty("removed").GetArrayLength()));
        var logs = await _app.QueryAsync(d => d.RegionalExports.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Since).ToListAsync());
        Assert.Equal([null, firstAt], logs);
        Assert.Equal(2, await _app.QueryAsync(d => d.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Type == AuditEventType.RegionalExported)));
    }

    [Fact]
    public async Task A_deleted_mark_is_listed_as_removed_in_the_next_delta()
    {
        var s = await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var teacher = await _app.ApiClientAsync("smirnova");
        await admin.PostAsync($"/api/v1/exports/regional?recipient=region&{Week}", null);
        var markId = await _app.QueryAsync(d =>
            d.Marks.Where(m => m.LessonId == s.Math16.Id && m.StudentId == s.Ivanova.Id).Select(m => m.Id).SingleAsync());

        _app.Time.Now = _app.Time.Now.AddHours(1);
        Assert.Equal(HttpStatusCode.NoContent, (await teacher.DeleteAsync($"/api/v1/marks/{markId}")).StatusCode);
        var response = await admin.PostAsync($"/api/v1/exports/regional?recipient=region&{Week}&mode=delta", null);
        // The other recipient has had nothing yet: its delta is a full package.
        var other = await admin.PostAsync($"/api/v1/exports/regional?recipient=gosuslugi&{Week}&mode=delta", null);

        var student = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement.GetProperty("students")[0];
        Assert.Equal([("mark", Sid("mark", markId))],
            student.GetProperty("removed").EnumerateArray().Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetString())));
        Assert.Equal(0, student.GetProperty("marks").GetArrayLength());
        var otherRoot = JsonDocument.Parse(await other.Content.ReadAsByteArrayAsync()).RootElement;
        Assert.Equal(("full", 1),
            (otherRoot.GetProperty("mode").GetString(), otherRoot.GetProperty("students")[0].GetProperty("marks").GetArrayLength()));
    }

    [Theory]
    [InlineData("recipient=region&from=2026-11-22&to=2026-11-16", "Начало периода позже конца")]
    [InlineData("recipient=mosreg&" + Week, "Неизвестный получатель")]
    [InlineData("recipient=region&from=2026-08-20&to=2026-09-10", "Период вне учебного года")]
    [InlineData("recipient=region&from=2026-11-16", "Не указан период")]
    [InlineData("recipient=region&from=16.13.2026&to=2026-11-22", "Не указан период")]
    [InlineData("recipient=region&mode=all&" + Week, "Неизвестный режим")]
    public async Task Bad_input_is_refused_in_russian_and_changes_nothing(string query, string title)
    {
        await SeedAsync();
        var admin = await _app.ApiClientAsync("admin");
        var events = await _app.QueryAsync(d => d.AuditEvents.IgnoreQueryFilters().CountAsync());

        var response = await admin.PostAsync($"/api/v1/exports/regional?{query}", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(0, await _app.QueryAsync(d => d.RegionalExports.CountAsync()));
        Assert.Equal(events, await _app.QueryAsync(d => d.AuditEvents.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task A_teacher_is_refused_and_nothing_is_logged()
    {
        await SeedAsync();
        var teacher = await _app.ApiClientAsync("smirnova");

        var response = await teacher.PostAsync($"/api/v1/exports/regional?recipient=region&{Week}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(d => d.RegionalExports.CountAsync()));
    }

    [Fact]
    public async Task The_page_builds_the_package_from_its_card_shows_a_bad_period_and_lists_the_log()
    {
        await SeedAsync();
        var browser = await _app.PageClientAsync("admin");
        var token = await Forms.TokenAsync(browser, "/Admin/Export");
        Dictionary<string, string> Form(string from, string to) => new()
        {
            ["Regional.Recipient"] = "region", ["Regional.From"] = from, ["Regional.To"] = to, ["Regional.Mode"] = "full",
            ["__RequestVerificationToken"] = token,
        };

        var bad = await browser.PostAsync("/Admin/Export?handler=Regional", new FormUrlEncodedContent(Form("2026-11-22", "2026-11-16")));
        var good = await browser.PostAsync("/Admin/Export?handler=Regional", new FormUrlEncodedContent(Form("2026-11-16", "2026-11-22")));
        var page = await Html.ParseAsync(await browser.GetAsync("/Admin/Export"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Начало периода позже конца", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("application/json", good.Content.Headers.ContentType?.MediaType);
        var row = Assert.Single(page.QuerySelectorAll(".regional-log tbody tr"));
        Assert.Equal(["Админов Алексей", "региональная система", "16.11.2026–22.11.2026", "всё", "1", "3"],
            row.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent.Trim()));
    }
}

/// <summary>A package checked against the schema, every failing place listed.</summary>
public static class RegionalSchema
{
    public static void AssertValid(JsonSchema schema, JsonElement package)
    {
        var result = schema.Evaluate(package, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).Take(20)));
    }
}
