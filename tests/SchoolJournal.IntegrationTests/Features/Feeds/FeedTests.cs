using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Feeds;

/// <summary>
/// Calendar feeds: the week of 23–27 November 2026 in 5А — Математика Mon 1st, Wed 2nd (Козлов substitutes), Fri 3rd
/// (cancelled); Русский язык Tue 1st, Thu 2nd (moved there from Tue 24.11, 3rd lesson). With the journal school's
/// Friday 20.11 lessons a week earlier.
/// </summary>
public sealed class FeedTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Week(JournalSchool S, Parent Mother, int SubstitutedId, int MovedId, int CancelledId);

    private Task<Week> SeedAsync() => _app.SeedAsync(async b =>
    {
        var s = await JournalSchool.BuildAsync(b);
        var mother = await b.ParentAsync("Орлова", "Елена", "orlova", s.Orlov);
        await b.ParentAsync("Белова", "Вера", "belova", s.Belov);
        await b.LessonAsync(s.Math, new DateOnly(2026, 11, 23), 1, s.Teacher);
        var substituted = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 25), 2, s.Teacher);
        await b.SubstituteAsync(substituted, s.OtherTeacher);
        var cancelled = await b.LessonAsync(s.Math, new DateOnly(2026, 11, 27), 3, s.Teacher);
        await b.LessonAsync(s.Russian, new DateOnly(2026, 11, 24), 1, s.OtherTeacher);
        var moved = await b.LessonAsync(s.Russian, new DateOnly(2026, 11, 26), 2, s.OtherTeacher);
        var rows = await b.Db.Lessons.Where(l => l.Id == moved.Id || l.Id == cancelled.Id).ToListAsync();
        rows.Single(l => l.Id == moved.Id).OriginalDate = new DateOnly(2026, 11, 24);
        rows.Single(l => l.Id == moved.Id).OriginalNumber = 3;
        rows.Single(l => l.Id == cancelled.Id).Status = LessonStatus.Cancelled;
        await b.Db.SaveChangesAsync();
        return new Week(s, mother, substituted.Id, moved.Id, cancelled.Id);
    });

    private async Task<(int Id, string Url)> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/calendar-feeds", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetInt32(), json.GetProperty("url").GetString()!);
    }

    private async Task<Ical.Net.Calendar> ReadAsync(string url)
    {
        var response = await _app.CreateClient().GetAsync(new Uri(url).PathAndQuery);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        return Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    private static List<CalendarEvent> InWeek(Ical.Net.Calendar calendar) => calendar.Events
        .Where(e => e.DtStart!.AsUtc >= new DateTime(2026, 11, 22, 21, 0, 0, DateTimeKind.Utc)
            && e.DtStart.AsUtc < new DateTime(2026, 11, 29, 21, 0, 0, DateTimeKind.Utc))
        .ToList();

    [Fact]
    public async Task The_students_feed_has_his_weeks_lessons_with_the_substitution_the_move_and_the_cancellation()
    {
        var w = await SeedAsync();
        var student = await _app.ApiClientAsync("orlov");

        var (id, url) = await CreateAsync(student, new { });
        var calendar = await ReadAsync(url);

        Assert.StartsWith("http://localhost/ical/", url);
        var week = InWeek(calendar);
        Assert.Equal(5, week.Count); // 3 Математика + 2 Русский язык, the cancelled one included as cancelled
        Assert.Equal(7, calendar.Events.Count); // and the two lessons of Friday 20.11
        var substituted = calendar.Events.Single(e => e.Uid == $"lesson-{w.SubstitutedId}@schooljournal");
        Assert.Equal("Математика — замена", substituted.Summary);
        Assert.Contains("Учитель: Козлов И. П.", substituted.Description);
        var moved = calendar.Events.Single(e => e.Uid == $"lesson-{w.MovedId}@schooljournal");
        // The 2nd lesson on Thursday 26.11 is 08:55–09:40 in Moscow: 05:55 UTC.
        Assert.Equal(new DateTime(2026, 11, 26, 5, 55, 0, DateTimeKind.Utc), moved.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2026, 11, 26, 6, 40, 0, DateTimeKind.Utc), moved.DtEnd!.AsUtc);
        Assert.Contains("перенесён с 24.11, 3 урок", moved.Description);
        var cancelled = calendar.Events.Single(e => e.Uid == $"lesson-{w.CancelledId}@schooljournal");
        Assert.Equal("CANCELLED", cancelled.Status);
        var friday = calendar.Events.Single(e => e.Uid == $"lesson-{w.S.MathLesson.Id}@schooljournal");
        Assert.Contains("Тема: Сложение дробей", friday.Description);

        var feed = await _app.QueryAsync(db => db.CalendarFeeds.IgnoreQueryFilters().SingleAsync());
        var token = url[(url.LastIndexOf('/') + 1)..^4];
        Assert.Equal((w.S.Orlov.Id, (int?)null), (feed.StudentId!.Value, feed.StaffMemberId));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))),
            feed.TokenHash);
        var audit = Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.CalendarFeedCreated);
        Assert.Equal(id.ToString(), audit.EntityId);
        Assert.DoesNotContain(token, audit.After);
    }

    [Fact]
    public async Task The_teachers_feed_has_the_lesson_he_substitutes_and_not_the_one_taken_from_him()
    {
        var w = await SeedAsync();

        var (_, substituteUrl) = await CreateAsync(await _app.ApiClientAsync("kozlov"), new { });
        var (_, ownUrl) = await CreateAsync(await _app.ApiClientAsync("smirnova"), new { });
        var substitute = await ReadAsync(substituteUrl);
        var own = await ReadAsync(ownUrl);

        // Козлов: Русский язык 20.11, 24.11, 26.11 and the substituted Математика 25.11.
        Assert.Equal(4, substitute.Events.Count);
        Assert.Equal("Математика, 5А — замена", substitute.Events.Single(e => e.Uid == $"lesson-{w.SubstitutedId}@schooljournal").Summary);
        // Смирнова: Математика 20.11, 23.11, 27.11 (cancelled), not 25.11.
        Assert.Equal(3, own.Events.Count);
        Assert.DoesNotContain(own.Events, e => e.Uid == $"lesson-{w.SubstitutedId}@schooljournal");
    }

    [Fact]
    public async Task Holidays_and_the_classs_control_works_are_all_day_events_and_others_are_left_out()
    {
        var w = await SeedAsync();
        var (winter, firstGrade, works) = await _app.SeedAsync(async b =>
        {
            var year = w.S.Quarter2.AcademicYearId;
            var c5b = new SchoolClass { SchoolId = w.S.School.Id, AcademicYearId = year, Grade = 5, Letter = "Б",
                BellScheduleId = w.S.Class.BellScheduleId };
            b.Db.SchoolClasses.Add(c5b);
            await b.Db.SaveChangesAsync();
            var winter = new Holiday { SchoolId = w.S.School.Id, AcademicYearId = year, Name = "Зимние каникулы", Kind = HolidayKind.Winter,
                Start = new(2026, 12, 29), End = new(2027, 1, 8) };
            var firstGrade = new Holiday { SchoolId = w.S.School.Id, AcademicYearId = year, Name = "Дополнительные каникулы",
                Kind = HolidayKind.Extra, Start = new(2027, 2, 8), End = new(2027, 2, 14), Grade = 1 };
            var summer = new Holiday { SchoolId = w.S.School.Id, AcademicYearId = year, Name = "Летние каникулы", Kind = HolidayKind.Summer,
                Start = new(2027, 5, 27), End = new(2027, 8, 31) };
            var ours = new ControlWork { SchoolId = w.S.School.Id, AcademicYearId = year, SchoolClassId = w.S.Class.Id,
                SubjectId = w.S.Math.SubjectId, Date = new(2026, 11, 26), LessonNumber = 2, Form = ControlForm.Test, Title = "Дроби",
                CreatedAt = b.Now };
            var theirs = new ControlWork { SchoolId = w.S.School.Id, AcademicYearId = year, SchoolClassId = c5b.Id, SubjectId = w.S.Math.SubjectId,
                Date = new(2026, 11, 26), Form = ControlForm.ControlWork, CreatedAt = b.Now };
            b.Db.AddRange(winter, firstGrade, summer, ours, theirs);
            await b.Db.SaveChangesAsync();
            return (winter, firstGrade, (Ours: ours, Theirs: theirs));
        });

        var student = await ReadAsync((await CreateAsync(await _app.ApiClientAsync("orlov"), new { })).Url);
        var teacher = await ReadAsync((await CreateAsync(await _app.ApiClientAsync("smirnova"), new { })).Url);

        var holiday = student.Events.Single(e => e.Uid == $"holiday-{winter.Id}@schooljournal");
        Assert.Equal("Зимние каникулы", holiday.Summary);
        Assert.True(holiday.IsAllDay);
        // 29.12 to 08.01 inclusive: iCalendar's DTEND is the day after the last.
        Assert.Equal((new DateTime(2026, 12, 29), new DateTime(2027, 1, 9)), (holiday.DtStart!.Value, holiday.DtEnd!.Value));
        var work = student.Events.Single(e => e.Uid == $"control-work-{works.Ours.Id}@schooljournal");
        Assert.Equal("Тест: Математика — Дроби", work.Summary);
        Assert.Equal("2 урок", work.Description);
        Assert.True(work.IsAllDay);
        Assert.Equal(new DateTime(2026, 11, 26), work.DtStart!.Value);
        // The first graders' holiday, the summer (past the 120 days ahead) and 5Б's control work are not his.
        Assert.DoesNotContain(student.Events, e => e.Uid == $"holiday-{firstGrade.Id}@schooljournal" || e.Summary == "Летние каникулы"
            || e.Uid == $"control-work-{works.Theirs.Id}@schooljournal");
        Assert.Equal(7 + 2, student.Events.Count);
        // The teacher's calendar: his lessons and the school's holiday, no control works.
        Assert.Single(teacher.Events, e => e.Uid == $"holiday-{winter.Id}@schooljournal");
        Assert.DoesNotContain(teacher.Events,
            e => e.Uid!.StartsWith("control-work-", StringComparison.Ordinal) || e.Uid == $"holiday-{firstGrade.Id}@schooljournal");
        Assert.Equal(3 + 1, teacher.Events.Count);
    }

    [Fact]
    public async Task A_revoked_feed_and_an_unknown_token_answer_404()
    {
        var w = await SeedAsync();
        var mother = await _app.ApiClientAsync("orlova");
        var (id, url) = await CreateAsync(mother, new { studentId = w.S.Orlov.Id });
        await ReadAsync(url);

        var mine = await mother.GetFromJsonAsync<JsonElement>("/api/v1/calendar-feeds");
        var teacher = await (await _app.ApiClientAsync("smirnova")).DeleteAsync($"/api/v1/calendar-feeds/{id}");
        var revoked = await mother.DeleteAsync($"/api/v1/calendar-feeds/{id}");
        var after = await _app.CreateClient().GetAsync(new Uri(url).PathAndQuery);
        var unknown = await _app.CreateClient().GetAsync("/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics");

        Assert.Equal("Орлов Артём", Assert.Single(mine.EnumerateArray()).GetProperty("forWhom").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await mother.GetFromJsonAsync<JsonElement>("/api/v1/calendar-feeds")).EnumerateArray());
        Assert.Single(await _app.AuditAsync(), e => e.Type == AuditEventType.CalendarFeedRevoked);
    }

    [Fact]
    public async Task A_parent_cannot_make_a_feed_of_another_familys_child()
    {
        var w = await SeedAsync();
        var other = await _app.ApiClientAsync("belova");

        var response = await other.PostAsJsonAsync("/api/v1/calendar-feeds", new { studentId = w.S.Orlov.Id });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Орлов", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.CalendarFeeds.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task The_parent_makes_and_revokes_a_feed_on_the_page_and_the_link_is_shown_once()
    {
        var w = await SeedAsync();
        var mother = await _app.PageClientAsync("orlova");

        var created = await Forms.PostAsync(mother, "/Diary/Calendar?handler=Create", new() { ["StudentId"] = w.S.Orlov.Id.ToString() });
        var url = (await Html.ParseAsync(created)).One(".feed-new input.feed-url").GetAttribute("value")!;
        var again = await mother.GetStringAsync("/Diary/Calendar");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Matches(@"^http://localhost/ical/[A-Za-z0-9_-]+\.ics$", url);
        Assert.DoesNotContain(url, again);
        Assert.Null(Html.Parse(again).QuerySelector(".feed-new"));
        Assert.StartsWith("Орлов Артём", Assert.Single(Html.Parse(again).QuerySelectorAll("ul.feeds li")).Children[0].Read());
        Assert.Equal(7, (await ReadAsync(url)).Events.Count);
        var feedId = await _app.QueryAsync(db => db.CalendarFeeds.IgnoreQueryFilters().Select(f => f.Id).SingleAsync());

        var revoked = await Forms.PostAsync(mother, "/Diary/Calendar?handler=Revoke", new() { ["FeedId"] = feedId.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync(new Uri(url).PathAndQuery)).StatusCode);
        Assert.NotNull(await _app.QueryAsync(db => db.CalendarFeeds.IgnoreQueryFilters().Select(f => f.RevokedAt).SingleAsync()));
    }
}
