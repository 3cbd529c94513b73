using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Features.Year.Timetable;

/// <summary>Lessons generated from the timetable over the periods minus holidays, and regenerated after a change.</summary>
public sealed class LessonGenerationTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private static (int, int, int, int, int) Counts(JsonElement r) => (r.GetProperty("created").GetInt32(), r.GetProperty("updated").GetInt32(),
        r.GetProperty("removed").GetInt32(), r.GetProperty("kept").GetInt32(), r.GetProperty("unchanged").GetInt32());

    [Fact]
    public async Task Generation_counts_match_the_calendar_and_a_second_run_changes_nothing()
    {
        // Quarters: Q1 ends Sat 24 Oct, Q2 starts Tue 3 Nov. A holiday on Mon 19 Oct for 5th grade only.
        var (s, math6) = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            b.Db.Holidays.Add(
                new Holiday { SchoolId = s.School.Id, AcademicYearId = s.Year.Id, Name = "День 5-х классов", Kind = HolidayKind.Extra,
                    Start = new(2026, 10, 19), End = new(2026, 10, 19), Grade = 5 });
            await b.Db.SaveChangesAsync();
            await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204);
            await TimetableSchool.EntryAsync(b, s.Russian5A, 3, 2, s.Ivanov, s.Room301, WeekParity.Odd);
            return (s, await TimetableSchool.EntryAsync(b, s.Math6B, 1, 2, s.Smirnova, s.Room204));
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var range = new { from = "2026-10-12", to = "2026-11-15" };

        var first = await deputy.PostAsJsonAsync("/api/v1/timetable/generate", range);
        var second = await (await deputy.PostAsJsonAsync("/api/v1/timetable/generate", range)).JsonAsync();

        // 5А maths, Mondays: 12 Oct; 19 Oct is the 5th grade's holiday; 26 Oct and 2 Nov fall between the quarters; 9 Nov → 2.
        // 6Б maths, Mondays: 12 Oct, 19 Oct, 9 Nov → 3.
        // 5А Russian, Wednesdays of odd weeks (week 1 holds 1 Sep): 14 Oct is week 7, 21 Oct week 8, 28 Oct between the quarters,
        // 4 Nov week 10, 11 Nov week 11 → 14 Oct and 11 Nov → 2.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((7, 0, 0, 0, 0), Counts(await first.JsonAsync()));
        Assert.Equal((0, 0, 0, 0, 7), Counts(second));
        var lessons = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().OrderBy(l => l.Id).ToListAsync());
        Assert.Equal([new(2026, 10, 12), new(2026, 11, 9)], lessons.Where(l => l.TeachingGroupId == s.Math5A.Id).Select(l => l.Date).Order());
        Assert.Equal([new(2026, 10, 14), new(2026, 11, 11)], lessons.Where(l => l.TeachingGroupId == s.Russian5A.Id).Select(l => l.Date).Order());
        var nov9 = lessons.Single(l => l.TeachingGroupId == s.Math6B.Id && l.Date == new DateOnly(2026, 11, 9));
        Assert.Equal((new TimeOnly(8, 55), new TimeOnly(9, 40), s.Room204.Id, s.Smirnova.Id, math6.Id),
            (nov9.Start, nov9.End, nov9.RoomId!.Value, nov9.TeacherId, nov9.TimetableEntryId!.Value));
        Assert.Equal("2 четверть",
            await _app.QueryAsync(db => db.StudyPeriods.IgnoreQueryFilters()
                .Where(p => p.Id == nov9.StudyPeriodId).Select(p => p.Name).SingleAsync()));

        // The room of 6Б's maths changes: its three empty lessons follow.
        var changed = await deputy.PutAsJsonAsync($"/api/v1/timetable/{math6.Id}",
            new { groupId = s.Math6B.Id, day = 1, number = 2, roomId = s.Room301.Id, version = 0 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var third = await (await deputy.PostAsJsonAsync("/api/v1/timetable/generate", range)).JsonAsync();
        Assert.Equal((0, 3, 0, 0, 4), Counts(third));
        Assert.Equal(3,
            await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters()
                .CountAsync(l => l.RoomId == s.Room301.Id && l.TeachingGroupId == s.Math6B.Id)));
        // A timetable laid over the year is no diary news: three lessons moved to another room notify nobody.
        Assert.Equal(0, await _app.QueryAsync(db => db.DiaryEvents.IgnoreQueryFilters().CountAsync()));

        var events = (await _app.AuditAsync()).Where(e => e.Type == AuditEventType.LessonsGenerated).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(7, JournalHttp.Parse(events[0].After).GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Regeneration_keeps_a_lesson_with_a_mark_and_one_with_the_teacher_topic_and_removes_the_empty_ones()
    {
        var (s, entry) = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            return (s, await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204));
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        var range = new { from = "2026-10-12", to = "2026-11-17", classId = s.C5A.Id };
        // Mondays 12 Oct, 19 Oct, 9 Nov, 16 Nov.
        Assert.Equal((4, 0, 0, 0, 0), Counts(await (await deputy.PostAsJsonAsync("/api/v1/timetable/generate", range)).JsonAsync()));
        var ids = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().OrderBy(l => l.Date).Select(l => l.Id).ToListAsync());
        await _app.SeedAsync(async b =>
        {
            var first = await b.Db.Lessons.IgnoreQueryFilters().SingleAsync(l => l.Id == ids[0]);
            b.Db.Marks.Add(
                new Mark { SchoolId = s.School.Id, LessonId = first.Id, StudentId = s.Orlov.Id, Value = "5",
                    WorkTypeId = b.Db.WorkTypes.IgnoreQueryFilters().First().Id, CreatedAt = b.Now });
            var second = await b.Db.Lessons.IgnoreQueryFilters().SingleAsync(l => l.Id == ids[1]);
            second.Topic = "Обыкновенные дроби";
            await b.Db.SaveChangesAsync();
            return 0;
        });

        // The lesson moves to Tuesday: Tuesdays 13 Oct, 20 Oct, 3 Nov (Q2 starts), 10 Nov, 17 Nov.
        var moved = await deputy.PutAsJsonAsync($"/api/v1/timetable/{entry.Id}",
            new { groupId = s.Math5A.Id, day = 2, number = 1, roomId = s.Room204.Id, version = 0 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var result = await (await deputy.PostAsJsonAsync("/api/v1/timetable/generate", range)).JsonAsync();

        Assert.Equal((5, 0, 2, 2, 0), Counts(result));
        var left = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters()
            .OrderBy(l => l.Date).Select(l => new { l.Id, l.Date, l.Topic }).ToListAsync());
        Assert.Equal(
            [new(2026, 10, 12), new(2026, 10, 13), new(2026, 10, 19), new(2026, 10, 20), new(2026, 11, 3), new(2026, 11, 10), new(2026, 11, 17)],
            left.Select(l => l.Date));
        Assert.Contains(left, l => l.Id == ids[0]);
        Assert.Equal("Обыкновенные дроби", left.Single(l => l.Id == ids[1]).Topic);
        Assert.Equal(1, await _app.QueryAsync(db => db.Marks.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task Deleting_an_entry_removes_its_empty_lessons_and_keeps_the_marked_one()
    {
        var (s, entry) = await _app.SeedAsync(async b =>
        {
            var s = await TimetableSchool.BuildAsync(b);
            return (s, await TimetableSchool.EntryAsync(b, s.Math5A, 1, 1, s.Smirnova, s.Room204));
        });
        var deputy = await _app.ApiClientAsync("fedorova");
        await deputy.PostAsJsonAsync("/api/v1/timetable/generate", new { from = "2026-10-12", to = "2026-10-19" });
        await _app.SeedAsync(async b =>
        {
            var first = await b.Db.Lessons.IgnoreQueryFilters().OrderBy(l => l.Date).FirstAsync();
            b.Db.Homework.Add(new Homework { SchoolId = s.School.Id, LessonId = first.Id, Text = "№ 12", CreatedAt = b.Now });
            await b.Db.SaveChangesAsync();
            return 0;
        });

        var deleted = await deputy.DeleteAsync($"/api/v1/timetable/{entry.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var left = await _app.QueryAsync(db => db.Lessons.IgnoreQueryFilters().Select(l => new { l.Date, l.TimetableEntryId }).ToListAsync());
        Assert.Equal((new DateOnly(2026, 10, 12), (int?)null), (Assert.Single(left).Date, left[0].TimetableEntryId));
    }
}
