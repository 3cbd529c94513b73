using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Journal;

/// <summary>The teacher's own overdue list (R-JRN-9) against the test clock, in Moscow time. Each move of the clock signs in again: a token lives for
/// hours, not days.</summary>
public sealed class OverdueTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static DateTimeOffset Moscow(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(3));

    private static List<JsonElement> OfKind(JsonElement items, string kind) =>
        [.. items.EnumerateArray().Where(i => i.GetProperty("kind").GetString() == kind)];

    [Fact]
    public async Task Lessons_without_topic_or_homework_are_overdue_after_their_deadlines()
    {
        var (s, monday) = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            return (s, await b.LessonAsync(s.Math, new DateOnly(2026, 11, 23), 1, s.Teacher));
        });
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 23, 9, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var morning = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        _app.Time.Now = Moscow(11, 24, 8, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var nextDay = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");

        // Friday's lesson has its topic but no homework; Monday's (08:00–08:45, the class's only lesson) has neither
        // and is due by 10:15 for homework and by the end of the day for the topic.
        var homework = Assert.Single(OfKind(morning, "homework"));
        Assert.Equal(s.MathLesson.Id, homework.GetProperty("lessonId").GetInt32());
        Assert.Equal("2026-11-20T12:05:00+03:00", homework.GetProperty("due").GetString());
        Assert.Empty(OfKind(morning, "topic"));
        Assert.Equal([s.MathLesson.Id, monday.Id], OfKind(nextDay, "homework").Select(i => i.GetProperty("lessonId").GetInt32()));
        Assert.Equal(monday.Id, Assert.Single(OfKind(nextDay, "topic")).GetProperty("lessonId").GetInt32());
        var other = await (await _app.ApiClientAsync("kozlov")).GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        Assert.All(other.EnumerateArray().Where(i => i.TryGetProperty("lessonId", out var id) && id.ValueKind == JsonValueKind.Number),
            i => Assert.Equal(s.RussianLesson.Id, i.GetProperty("lessonId").GetInt32()));
    }

    [Fact]
    public async Task A_control_work_lists_the_students_without_a_mark_after_three_days()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var s = await JournalSchool.BuildAsync(b);
            await b.MarkAsync(s.MathLesson, s.Orlov, "4", await b.WorkTypeAsync("Контрольная работа", 2m, isControl: true));
            await b.MarkAsync(s.MathLesson, s.Belov, "5");
            return s;
        });
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(11, 23, 23, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var inTime = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        _app.Time.Now = Moscow(11, 24, 8, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var overdue = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");

        Assert.Empty(OfKind(inTime, "controlMarks"));
        var work = Assert.Single(OfKind(overdue, "controlMarks"));
        Assert.Equal(s.MathLesson.Id, work.GetProperty("lessonId").GetInt32());
        Assert.Equal("2026-11-23T23:59:59.9999999+03:00", work.GetProperty("due").GetString());
        var missing = Assert.Single(work.GetProperty("students").EnumerateArray());
        Assert.Equal(s.Belov.Id, missing.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Missing_period_grades_are_overdue_once_the_period_has_ended()
    {
        var s = await _app.SeedAsync(JournalSchool.BuildAsync);
        var teacher = await _app.ApiClientAsync("smirnova");

        _app.Time.Now = Moscow(10, 24, 20, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var lastDay = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        _app.Time.Now = Moscow(10, 25, 10, 0);
        teacher = await _app.ApiClientAsync("smirnova");
        var after = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");
        var q1 = after.EnumerateArray().First(i => i.GetProperty("kind").GetString() == "periodGrades").GetProperty("periodId").GetInt32();
        (await teacher.PutAsJsonAsync($"/api/v1/groups/{s.Math.Id}/period-grades",
            new { studentId = s.Orlov.Id, periodId = q1, kind = "period", value = "5" })).EnsureSuccessStatusCode();
        var one = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/me/overdue");

        Assert.Empty(OfKind(lastDay, "periodGrades"));
        var item = Assert.Single(OfKind(after, "periodGrades"));
        Assert.Equal("1 четверть", item.GetProperty("period").GetString());
        Assert.Equal(2, item.GetProperty("students").GetArrayLength());
        var left = Assert.Single(OfKind(one, "periodGrades"));
        Assert.Equal(s.Belov.Id, Assert.Single(left.GetProperty("students").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_school_wide_list_holds_each_group_to_the_periods_of_its_own_classes()
    {
        var s = await _app.SeedAsync(async b =>
        {
            var school = await JournalSchool.BuildAsync(b);
            var sixth = await b.ClassAsync(6, "Б");
            b.Db.StudyPeriods.AddRange(
                new StudyPeriod { SchoolId = school.School.Id, AcademicYearId = b.Year.Id, Name = "1 полугодие (СОО)", Kind = PeriodKind.HalfYear,
                    Number = 1, Start = new(2026, 9, 1), End = new(2026, 10, 10), Level = EducationLevel.Secondary },
                new StudyPeriod { SchoolId = school.School.Id, AcademicYearId = b.Year.Id, Name = "1 триместр 6Б", Kind = PeriodKind.Trimester,
                    Number = 1, Start = new(2026, 9, 1), End = new(2026, 10, 15), SchoolClassId = sixth.Id });
            await b.Db.SaveChangesAsync();
            return school;
        });
        _app.Time.Now = Moscow(10, 25, 10, 0);

        var list = await (await _app.ApiClientAsync("fedorova")).GetFromJsonAsync<JsonElement>("/api/v1/reports/overdue");

        var periods = OfKind(list, "periodGrades").Select(i => (i.GetProperty("groupId").GetInt32(), i.GetProperty("period").GetString()))
            .ToList();
        Assert.Contains((s.Math.Id, "1 четверть"), periods);
        Assert.Contains((s.Russian.Id, "1 четверть"), periods);
        Assert.DoesNotContain(periods, p => p.Item2 is "1 полугодие (СОО)" or "1 триместр 6Б");
    }

    [Fact]
    public async Task Only_a_teacher_has_an_overdue_list()
    {
        await _app.SeedAsync(JournalSchool.BuildAsync);

        var deputy = await (await _app.ApiClientAsync("fedorova")).GetAsync("/api/v1/me/overdue");
        var leader = await (await _app.ApiClientAsync("kozlova")).GetAsync("/api/v1/me/overdue");

        Assert.Equal(HttpStatusCode.Forbidden, deputy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
    }
}
