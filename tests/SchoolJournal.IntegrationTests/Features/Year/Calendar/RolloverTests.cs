using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Calendar;

/// <summary>
/// The year rollover (R-YEAR-16) on a small school: 5А (Орлов, Белов; class teacher Козлова) with a maths group, an
/// English sub-group of Орлов only, and 11А (Сидоров) that shares a project stream with 5А; curricula of grades 5 and 6;
/// the builder's four quarters and one holiday; a maths lesson on 20.11.2026. The year ends on 31.05.2027: the tests roll over on
/// 15.06.2027 unless they try a running year (3.12.2026).
/// </summary>
public sealed class RolloverTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Small(AcademicYear Year, SchoolClass Fifth, SchoolClass Eleventh, Student Orlov, Student Belov, Student Sidorov,
        TeachingGroup Math, Lesson Lesson, StaffMember Leader, StaffMember Teacher, Curriculum Sixth);

    private static readonly DateTimeOffset AfterTheYear = new(2027, 6, 15, 9, 0, 0, TimeSpan.FromHours(3));

    private async Task<Small> SeedAsync()
    {
        var small = await SeedSmallAsync();
        _app.Time.Now = AfterTheYear;
        return small;
    }

    private Task<Small> SeedSmallAsync() => _app.SeedAsync(async b =>
    {
        await b.SchoolAsync();
        await b.StaffAsync("Фёдорова", "Нина", "Андреевна", "fedorova", Roles.Deputy);
        var leader = await b.StaffAsync("Козлова", "Ирина", "Павловна", "kozlova", Roles.ClassTeacher);
        var teacher = await b.StaffAsync("Смирнова", "Анна", "Викторовна", "smirnova", Roles.Teacher);
        var fifth = await b.ClassAsync(5, "А", leader);
        var eleventh = await b.ClassAsync(11, "А");
        var orlov = await b.StudentAsync(fifth, "Орлов", "Артём");
        var belov = await b.StudentAsync(fifth, "Белов", "Борис");
        var sidorov = await b.StudentAsync(eleventh, "Сидоров", "Семён");
        var math = await b.GroupAsync("Математика", teacher, [fifth]);
        await b.GroupAsync("Английский язык", teacher, [fifth], [orlov], GroupKind.SubGroup);
        await b.GroupAsync("Проектная деятельность", teacher, [fifth, eleventh], kind: GroupKind.Stream);
        var lesson = await b.LessonAsync(math, new DateOnly(2026, 11, 20), 2, teacher);
        Curriculum Plan(int grade) => new()
        {
            SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = $"{grade} класс", Grade = grade,
            Lines = [new CurriculumLine { SubjectId = math.SubjectId, HoursPerWeek = 5, Part = SubjectComponent.Federal }],
        };
        var sixth = Plan(6);
        b.Db.Curricula.AddRange(Plan(5), sixth);
        b.Db.Holidays.Add(
            new Holiday { SchoolId = b.School.Id, AcademicYearId = b.Year.Id, Name = "Осенние каникулы", Kind = HolidayKind.Autumn,
                Start = new(2026, 10, 25), End = new(2026, 11, 2) });
        await b.Db.SaveChangesAsync();
        return new Small(b.Year, fifth, eleventh, orlov, belov, sidorov, math, lesson, leader, teacher, sixth);
    });

    private static object Next => new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31" };

    [Fact]
    public async Task Rollover_moves_classes_up_graduates_the_11th_and_closes_the_old_year()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var r = await response.JsonAsync();
        Assert.Equal(1, r.GetProperty("classes").GetInt32());
        Assert.Equal(2, r.GetProperty("promoted").GetInt32());
        Assert.Equal(1, r.GetProperty("graduates").GetInt32());
        Assert.Equal(4, r.GetProperty("periods").GetInt32());
        Assert.Equal(1, r.GetProperty("holidays").GetInt32());
        Assert.Equal(2, r.GetProperty("curricula").GetInt32());
        // Maths (Орлов, Белов) and the English sub-group (Орлов); the stream had 11А in it and stays behind.
        Assert.Equal(2, r.GetProperty("groups").GetInt32());
        Assert.Equal(3, r.GetProperty("memberships").GetInt32());
        Assert.Equal(2, r.GetProperty("assignments").GetInt32());
        var newYearId = r.GetProperty("year").GetProperty("id").GetInt32();

        await _app.QueryAsync(async db =>
        {
            var years = await db.AcademicYears.OrderBy(y => y.Start).ToListAsync();
            Assert.True(years[0] is { IsClosed: true, IsCurrent: false });
            Assert.True(years[1] is { IsCurrent: true, IsClosed: false, Name: "2027/2028" });
            Assert.Equal(s.Year.Id, years[1].PreviousYearId);

            var sixth = await db.SchoolClasses.Include(c => c.ClassTeachers).SingleAsync(c => c.AcademicYearId == newYearId);
            Assert.Equal((6, "А", s.Fifth.Id), (sixth.Grade, sixth.Letter, sixth.PreviousClassId));
            Assert.Equal(s.Fifth.BellScheduleId, sixth.BellScheduleId);
            var newPlan = await db.Curricula.SingleAsync(c => c.AcademicYearId == newYearId && c.Grade == 6);
            Assert.Equal(newPlan.Id, sixth.CurriculumId);
            var leader = Assert.Single(sixth.ClassTeachers);
            Assert.Equal((s.Leader.Id, new DateOnly(2027, 9, 1)), (leader.StaffMemberId, leader.From));

            var orlov = await db.Enrolments.Where(e => e.StudentId == s.Orlov.Id).OrderBy(e => e.From).ToListAsync();
            Assert.Equal(2, orlov.Count);
            Assert.Equal((new DateOnly(2027, 5, 31), LeaveReason.Promotion), (orlov[0].To!.Value, orlov[0].LeaveReason!.Value));
            Assert.Equal((sixth.Id, new DateOnly(2027, 9, 1), EnrolmentReason.Promotion, (DateOnly?)null),
                (orlov[1].SchoolClassId, orlov[1].From, orlov[1].Reason, orlov[1].To));
            var sidorov = Assert.Single(await db.Enrolments.Where(e => e.StudentId == s.Sidorov.Id).ToListAsync());
            Assert.Equal(LeaveReason.Graduation, sidorov.LeaveReason);
            Assert.Equal(new DateOnly(2027, 5, 31), sidorov.To);

            var groups = await db.TeachingGroups.Include(g => g.Members).Include(g => g.Assignments).Include(g => g.Classes)
                .Where(g => g.AcademicYearId == newYearId).OrderBy(g => g.Id).ToListAsync();
            Assert.Equal(["Математика, 6А", "Английский язык, 6А"], groups.Select(g => g.Name));
            Assert.Equal(new[] { s.Orlov.Id, s.Belov.Id }.Order(), groups[0].Members.Select(m => m.StudentId).Order());
            Assert.Equal([s.Orlov.Id], groups[1].Members.Select(m => m.StudentId));
            Assert.Equal(GroupKind.SubGroup, groups[1].Kind);
            Assert.All(groups, g => Assert.Equal(sixth.Id, Assert.Single(g.Classes).SchoolClassId));
            Assert.All(groups, g => Assert.Equal(s.Teacher.Id, Assert.Single(g.Assignments).StaffMemberId));
            Assert.All(groups.SelectMany(g => g.Members), m => Assert.Equal(new DateOnly(2027, 9, 1), m.From));

            var first = await db.StudyPeriods.Where(p => p.AcademicYearId == newYearId).OrderBy(p => p.Start).FirstAsync();
            Assert.Equal(("1 четверть", new DateOnly(2027, 9, 1), new DateOnly(2027, 10, 24)), (first.Name, first.Start, first.End));
            var autumn = await db.Holidays.SingleAsync(h => h.AcademicYearId == newYearId);
            Assert.Equal((new DateOnly(2027, 10, 25), new DateOnly(2027, 11, 2)), (autumn.Start, autumn.End));
            Assert.Equal(0, await db.Lessons.CountAsync(l => l.TeachingGroup!.AcademicYearId == newYearId));
            return 0;
        });
        var e = Assert.Single(await _app.AuditAsync());
        Assert.Equal(AuditEventType.YearRolledOver, e.Type);
        Assert.Contains("\"promoted\":2", e.After);
        Assert.Contains("\"graduates\":1", e.After);
    }

    [Fact]
    public async Task The_closed_year_is_read_only_for_the_journal()
    {
        var s = await SeedAsync();
        // Closed early, on the day of the lesson's week, so that the writes are refused for the closed year and not as late.
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3));
        var deputy = await _app.ApiClientAsync("fedorova");
        var rolled = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31", reason = "Проверка" });
        Assert.Equal(HttpStatusCode.Created, rolled.StatusCode);
        var teacher = await _app.ApiClientAsync("smirnova");
        var auditBefore = (await _app.AuditAsync()).Count;
        var quarter2 = await _app.QueryAsync(db => db.StudyPeriods.Where(p => p.AcademicYearId == s.Year.Id && p.Number == 2)
            .Select(p => p.Id).SingleAsync());

        var writes = new[]
        {
            await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.Lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" }),
            await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.Lesson.Id}/attendance", new { studentId = s.Orlov.Id, code = "Н" }),
            await teacher.PutAsJsonAsync($"/api/v1/lessons/{s.Lesson.Id}", new { topic = "Дроби", homework = "№ 1" }),
            await teacher.PutAsJsonAsync($"/api/v1/groups/{s.Math.Id}/period-grades", new { studentId = s.Orlov.Id, kind = "year", value = "5" }),
            await teacher.PostAsync($"/api/v1/groups/{s.Math.Id}/periods/{quarter2}/lock", null),
            await deputy.PostAsJsonAsync($"/api/v1/groups/{s.Math.Id}/periods/{quarter2}/reopen", new { reason = "Ошибка" }),
        };

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.Conflict, w.StatusCode));
        var problem = await writes[0].JsonAsync();
        Assert.Equal("Учебный год закрыт", problem.GetProperty("title").GetString());
        Assert.StartsWith("Учебный год закрыт", problem.GetProperty("detail").GetString());
        Assert.Equal(auditBefore, (await _app.AuditAsync()).Count);
        Assert.Equal(0, await _app.CountAsync(db => db.Marks));
        Assert.Equal(0, await _app.CountAsync(db => db.PeriodLocks));
        Assert.Null(await _app.QueryAsync(db => db.Lessons.Where(l => l.Id == s.Lesson.Id).Select(l => l.Topic).SingleAsync()));
    }

    [Fact]
    public async Task A_closed_or_not_current_year_or_a_taken_name_is_refused_and_a_teacher_may_not_roll_over()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");
        var teacher = await _app.ApiClientAsync("smirnova");

        var byTeacher = await teacher.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);
        var sameName = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2026/2027", start = "2027-09-01", end = "2028-05-31" });
        var badDates = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2027/2028", start = "2027-05-01", end = "2028-05-31" });
        var nothingYet = await _app.CountAsync(db => db.AcademicYears);
        await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);
        var again = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2028/2029", start = "2028-09-01", end = "2029-05-31" });

        Assert.Equal(HttpStatusCode.Forbidden, byTeacher.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDates.StatusCode);
        Assert.Equal("Новый учебный год должен начинаться после окончания года «2026/2027» (31.05.2027).",
            (await badDates.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, nothingYet);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Учебный год «2026/2027» уже закрыт: на новый год переходят только из текущего, незакрытого года.",
            (await again.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(2, await _app.CountAsync(db => db.AcademicYears));
    }

    [Fact]
    public async Task The_rollover_page_shows_a_preview_then_rolls_over_graduating_the_9th_too()
    {
        var s = await SeedAsync();
        var client = await _app.PageClientAsync("fedorova");
        var fields = () => new Dictionary<string, string>
        {
            ["Input.Name"] = "2027/2028", ["Input.Start"] = "2027-09-01", ["Input.End"] = "2028-05-31", ["Input.GraduateNinth"] = "true",
        };

        var preview = await CalendarForms.PostAsync(client, "/Year/Rollover", "/Year/Rollover?handler=Preview", fields());
        var html = await Html.ParseAsync(preview);
        var yearsAfterPreview = await _app.CountAsync(db => db.AcademicYears);
        var run = await CalendarForms.PostAsync(client, "/Year/Rollover", "/Year/Rollover?handler=Run", fields());

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal([["5А", "6А", "2"], ["11А", "выпуск", "1"]], html.One("table.calendar").BodyRows());
        Assert.Contains("Переводятся учеников: 2; выпускников: 1.", html.TextsOf("main li"));
        Assert.Equal(1, yearsAfterPreview);
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.StartsWith("/Year/Periods?yearId=", run.Headers.Location?.OriginalString);
        Assert.Equal(["2026/2027", "2027/2028"],
            await _app.QueryAsync(db => db.AcademicYears.OrderBy(y => y.Start).Select(y => y.Name).ToListAsync()));
        Assert.Equal(1, await _app.CountAsync(db => db.SchoolClasses.Where(c => c.Grade == 6)));
    }

    private async Task<(int Years, int Classes, int Enrolments, int Periods, int Groups, int Audit)> SnapshotAsync() =>
        (await _app.CountAsync(db => db.AcademicYears), await _app.CountAsync(db => db.SchoolClasses), await _app.CountAsync(db => db.Enrolments),
            await _app.CountAsync(db => db.StudyPeriods), await _app.CountAsync(db => db.TeachingGroups), (await _app.AuditAsync()).Count);

    [Fact]
    public async Task The_rollover_of_a_running_year_is_refused_and_changes_nothing()
    {
        var s = await SeedAsync();
        // 3 December, 23:30 in Moscow — the date of the probe; 20:30 UTC, still the 3rd in the school's zone.
        _app.Time.Now = new DateTimeOffset(2026, 12, 3, 20, 30, 0, TimeSpan.Zero);
        var deputy = await _app.ApiClientAsync("fedorova");
        var before = await SnapshotAsync();

        var response = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);
        var blank = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31", reason = "   " });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Учебный год ещё не закончился", problem.GetProperty("title").GetString());
        Assert.StartsWith("Учебный год «2026/2027» заканчивается 31.05.2027, а сегодня 03.12.2026:", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, blank.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
        var year = await _app.QueryAsync(db => db.AcademicYears.SingleAsync());
        Assert.True(year is { IsCurrent: true, IsClosed: false });
        // The journal of the running year still takes marks.
        var teacher = await _app.ApiClientAsync("smirnova");
        var mark = await teacher.PostAsJsonAsync($"/api/v1/lessons/{s.Lesson.Id}/marks", new { studentId = s.Orlov.Id, value = "5" });
        Assert.Equal(HttpStatusCode.Created, mark.StatusCode);
    }

    [Fact]
    public async Task The_last_day_of_the_year_is_still_the_year_and_the_next_day_it_may_close()
    {
        var s = await SeedAsync();
        var deputy = await _app.ApiClientAsync("fedorova");
        // 31.05.2027 23:59 in Moscow is 20:59 UTC.
        _app.Time.Now = new DateTimeOffset(2027, 5, 31, 20, 59, 0, TimeSpan.Zero);
        var lastDay = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);
        _app.Time.Now = new DateTimeOffset(2027, 5, 31, 21, 1, 0, TimeSpan.Zero);
        var nextDay = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover", Next);

        Assert.Equal(HttpStatusCode.Conflict, lastDay.StatusCode);
        Assert.Equal(HttpStatusCode.Created, nextDay.StatusCode);
        Assert.Equal([AuditEventType.YearRolledOver], (await _app.AuditAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task With_a_reason_a_running_year_rolls_over_and_the_early_close_is_audited_with_the_reason()
    {
        var s = await SeedAsync();
        _app.Time.Now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(3));
        var deputy = await _app.ApiClientAsync("fedorova");

        var response = await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31", reason = "  Школа закрывается на реконструкцию  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var events = await _app.AuditAsync();
        Assert.Equal([AuditEventType.YearRolledOver, AuditEventType.YearClosedEarly], events.Select(e => e.Type));
        var early = events[1];
        Assert.Equal("Школа закрывается на реконструкцию", early.Reason);
        Assert.Equal(("year", s.Year.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (early.Entity, early.EntityId));
        Assert.Contains("\"closedOn\":\"2026-12-03\"", early.After);
        Assert.Contains("\"end\":\"2027-05-31\"", early.Before);
        Assert.True(await _app.QueryAsync(db => db.AcademicYears.Where(y => y.Id == s.Year.Id).Select(y => y.IsClosed).SingleAsync()));
    }

    [Fact]
    public async Task The_page_warns_that_the_year_is_running_and_goes_only_with_a_reason()
    {
        await SeedAsync();
        _app.Time.Now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(3));
        var client = await _app.PageClientAsync("fedorova");
        var fields = (string reason) => new Dictionary<string, string>
        {
            ["Input.Name"] = "2027/2028", ["Input.Start"] = "2027-09-01", ["Input.End"] = "2028-05-31", ["Input.Reason"] = reason,
        };

        var preview = await Html.ParseAsync(await CalendarForms.PostAsync(client, "/Year/Rollover", "/Year/Rollover?handler=Preview", fields("")));
        var refused = await CalendarForms.PostAsync(client, "/Year/Rollover", "/Year/Rollover?handler=Run", fields(""));
        var refusedHtml = await Html.ParseAsync(refused);
        var yearsAfterRefusal = await _app.CountAsync(db => db.AcademicYears);
        var run = await CalendarForms.PostAsync(client, "/Year/Rollover", "/Year/Rollover?handler=Run", fields("Слияние со школой № 5"));

        // 5А goes up with 2 students, 11А graduates with 1; none leaves after the 9th; the builder's 4 quarters are copied.
        Assert.Equal(
            [
                "Классов переходит в следующую параллель: 1; выпускных классов: 1.",
                "Переводятся учеников: 2; выпускников: 1.",
                "Покидают школу учеников: 1 (выпуск), из них после 9-го класса — 0.",
                "Копируются: учебных периодов — 4, каникул — 1, учебных планов — 2, групп — 2.",
                "Год «2026/2027» закрывается: его журнал остаётся только для просмотра.",
            ], preview.TextsOf("ul.rollover-counts li"));
        Assert.Contains(preview.TextsOf("p.errors"),
            t => t.StartsWith("Учебный год «2026/2027» ещё не закончился: он идёт до 31.05.2027, сегодня 03.12.2026."));
        Assert.Single(preview.QuerySelectorAll("textarea[name='Input.Reason']"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(refusedHtml.TextsOf("p.errors"), t => t.StartsWith("Учебный год «2026/2027» заканчивается 31.05.2027"));
        Assert.Equal(1, yearsAfterRefusal);
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Equal("Слияние со школой № 5", (await _app.AuditAsync()).Single(e => e.Type == AuditEventType.YearClosedEarly).Reason);
    }

    [Fact]
    public async Task The_grid_of_a_closed_year_still_opens_and_a_write_in_it_answers_409()
    {
        var s = await SeedAsync();
        // Closed early in the lesson's week: a write is then refused for the closed year, not as a late entry.
        _app.Time.Now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(3));
        var deputy = await _app.ApiClientAsync("fedorova");
        Assert.Equal(HttpStatusCode.Created, (await deputy.PostAsJsonAsync($"/api/v1/academic-years/{s.Year.Id}/rollover",
            new { name = "2027/2028", start = "2027-09-01", end = "2028-05-31", reason = "Проверка" })).StatusCode);
        var quarter2 = await _app.QueryAsync(db => db.StudyPeriods.Where(p => p.AcademicYearId == s.Year.Id && p.Number == 2)
            .Select(p => p.Id).SingleAsync());
        var teacher = await _app.PageClientAsync("smirnova");

        var grid = await teacher.GetAsync($"/Journal/Group/{s.Math.Id}?periodId={quarter2}");
        var html = await Html.ParseAsync(grid);
        var write = await Journal.GridPageTests.PostCellAsync(teacher, s.Math.Id, s.Lesson.Id, s.Orlov.Id, "5");

        Assert.Equal(HttpStatusCode.OK, grid.StatusCode);
        Assert.NotNull(Journal.GridPageTests.CellOf(html, s.Orlov, s.Lesson));
        Assert.Equal(HttpStatusCode.Conflict, write.StatusCode);
        Assert.Equal(0, await _app.CountAsync(db => db.Marks));
    }
}
