using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Data;

/// <summary>
/// Rows written in statements of many rows (<see cref="BulkInsert"/>: the timetable's lessons for a year, the demo's marks and
/// attendance) read back as EF would have written them, on each database: dates, times, enums, nulls and moments of time, and
/// the queries that compare them in SQL.
/// </summary>
public sealed class BulkInsertTests : IDisposable
{
    private readonly JournalApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Seeded(int School, int Group, int Teacher, int Room, int Student, int WorkType, string User);

    private Task<Seeded> SeedAsync() => _app.SeedAsync(async b =>
    {
        var school = await b.SchoolAsync();
        var teacher = await b.StaffAsync("Иванова", "Мария", "Петровна", "ivanova", Roles.Teacher);
        var cls = await b.ClassAsync(5, "А");
        var student = await b.StudentAsync(cls, "Петров", "Пётр");
        var group = await b.GroupAsync("Математика", teacher, [cls]);
        var room = new Room { SchoolId = school.Id, Number = "12" };
        b.Db.Rooms.Add(room);
        await b.Db.SaveChangesAsync();
        return new Seeded(school.Id, group.Id, teacher.Id, room.Id, student.Id, b.Answer.Id, teacher.UserId!);
    });

    private async Task<T> WithDbAsync<T>(Func<JournalDbContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<JournalDbContext>());
    }

    // 1,203 lessons: three statements of up to 500 rows, every column given a value that tells the rows apart.
    private static List<Lesson> Lessons(Seeded s) =>
        Enumerable.Range(0, 1203).Select(i => new Lesson
        {
            SchoolId = s.School, TeachingGroupId = s.Group, Date = new DateOnly(2026, 9, 1).AddDays(i / 7), Number = i % 7 + 1,
            Start = new TimeOnly(8, 0).AddMinutes(i % 7 * 55), End = new TimeOnly(8, 45).AddMinutes(i % 7 * 55),
            RoomId = i % 3 == 0 ? s.Room : null, TeacherId = s.Teacher, SubstituteTeacherId = i % 11 == 0 ? s.Teacher : null,
            Topic = i % 2 == 0 ? $"Тема «{i}»; дроби, 'кавычки'" : null, TopicFromPlan = i % 5 == 0,
            OriginalDate = i % 13 == 0 ? new DateOnly(2026, 8, 31).AddDays(i / 7) : null, OriginalNumber = i % 13 == 0 ? 7 : null,
            Status = (LessonStatus)(i % 3 + 1),
        }).ToList();

    private static object Row(Lesson l) => (l.SchoolId, l.TeachingGroupId, l.Date, l.Number, l.Start, l.End, l.RoomId, l.TeacherId,
        l.SubstituteTeacherId, l.Topic, l.TopicFromPlan, l.OriginalDate, l.OriginalNumber, l.Status, l.StudyPeriodId, l.TimetableEntryId);

    [Fact]
    public async Task Lessons_written_in_bulk_read_back_as_given_and_compare_in_sql_as_saved_ones_do()
    {
        var s = await SeedAsync();
        var lessons = Lessons(s);

        var written = await WithDbAsync(db => db.InsertAllAsync(lessons, CancellationToken.None));

        Assert.Equal(1203, written);
        var stored = await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().AsNoTracking().Where(l => l.SchoolId == s.School)
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ToListAsync());
        Assert.Equal(lessons.Select(Row), stored.Select(Row));
        Assert.Equal(1203, stored.Select(l => l.Id).Distinct().Count());
        // Dates and times compare in SQL as EF's own rows do: the columns hold EF's format, not another.
        Assert.Equal(lessons.Count(l => l.Date >= new DateOnly(2026, 10, 1)),
            await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync(l => l.SchoolId == s.School && l.Date >= new DateOnly(2026, 10, 1))));
        Assert.Equal(lessons.Count(l => l.Start < new TimeOnly(10, 0)),
            await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync(l => l.SchoolId == s.School && l.Start < new TimeOnly(10, 0))));
        Assert.Equal(lessons.Count(l => l.Status == LessonStatus.Held),
            await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync(l => l.SchoolId == s.School && l.Status == LessonStatus.Held)));

        // A lesson saved by EF beside them is found by the same queries: one more of each.
        await WithDbAsync(async db =>
        {
            db.Lessons.Add(new Lesson { SchoolId = s.School, TeachingGroupId = s.Group, Date = new DateOnly(2026, 10, 5), Number = 1,
                Start = new TimeOnly(8, 0), End = new TimeOnly(8, 45), TeacherId = s.Teacher, Status = LessonStatus.Held });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(lessons.Count(l => l.Date >= new DateOnly(2026, 10, 1) && l.Start < new TimeOnly(10, 0) && l.Status == LessonStatus.Held) + 1,
            await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync(l => l.SchoolId == s.School
                && l.Date >= new DateOnly(2026, 10, 1) && l.Start < new TimeOnly(10, 0) && l.Status == LessonStatus.Held)));
    }

    [Fact]
    public async Task Marks_and_attendance_keep_their_moments_texts_and_codes()
    {
        var s = await SeedAsync();
        var lesson = (await WithDbAsync(async db =>
        {
            var l = Lessons(s)[0];
            db.Lessons.Add(l);
            await db.SaveChangesAsync();
            return l;
        })).Id;
        var at = new DateTimeOffset(2026, 9, 1, 9, 15, 30, 123, TimeSpan.Zero);
        var marks = Enumerable.Range(0, 3).Select(i => new Mark
        {
            SchoolId = s.School, LessonId = lesson, StudentId = s.Student, Value = (i + 3).ToString(CultureInfo.InvariantCulture),
            WorkTypeId = s.WorkType, Comment = i == 1 ? "устный ответ" : null, CreatedAt = at.AddMinutes(i), CreatedById = s.User,
            UpdatedAt = i == 2 ? at.AddDays(1) : null, IsLate = i == 2, IsMakeUp = i == 1,
        }).ToList();
        var attendance = new Attendance { SchoolId = s.School, LessonId = lesson, StudentId = s.Student, Code = AttendanceCode.Late,
            LateMinutes = 7, UpdatedAt = at, UpdatedById = s.User };

        Assert.Equal(3, await WithDbAsync(db => db.InsertAllAsync(marks, CancellationToken.None)));
        Assert.Equal(1, await WithDbAsync(db => db.InsertAllAsync([attendance], CancellationToken.None)));

        var stored = await WithDbAsync(db => db.Marks.IgnoreQueryFilters().AsNoTracking().Where(m => m.LessonId == lesson).OrderBy(m => m.Value)
            .ToListAsync());
        Assert.Equal(
            marks.Select(m => (m.Value, m.Comment, m.CreatedAt, m.CreatedById, m.UpdatedAt, m.IsLate, m.IsMakeUp, m.WorkTypeId)),
            stored.Select(m => (m.Value, m.Comment, m.CreatedAt, m.CreatedById, m.UpdatedAt, m.IsLate, m.IsMakeUp, m.WorkTypeId)));
        var code = await WithDbAsync(db => db.Attendance.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.LessonId == lesson));
        Assert.Equal((AttendanceCode.Late, 7, at, s.User), (code.Code, code.LateMinutes!.Value, code.UpdatedAt, code.UpdatedById));
        Assert.Equal(1, await WithDbAsync(db => db.Attendance.IgnoreQueryFilters()
            .CountAsync(a => a.Code == AttendanceCode.Late && a.LessonId == lesson)));
    }

    [Fact]
    public async Task Lessons_in_bulk_without_the_callers_transaction_are_written_all_or_none()
    {
        var s = await SeedAsync();
        var lessons = Lessons(s);
        lessons[^1].TeachingGroupId = s.Group + 1000; // no such group: the last row breaks its foreign key

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => WithDbAsync(db => db.InsertAllAsync(lessons, CancellationToken.None)));

        Assert.Equal(0, await WithDbAsync(db => db.Lessons.IgnoreQueryFilters().CountAsync(l => l.SchoolId == s.School)));
    }

    [Fact]
    public async Task Copies_keep_their_ids_and_concurrency_tokens_in_the_callers_transaction()
    {
        var s = await SeedAsync();
        var year = await WithDbAsync(db => db.AcademicYears.IgnoreQueryFilters().Where(y => y.SchoolId == s.School).Select(y => y.Id).SingleAsync());
        var entries = Enumerable.Range(0, 40).Select(i => new TimetableEntry
        {
            Id = 5000 + i * 3, SchoolId = s.School, AcademicYearId = year, TeachingGroupId = s.Group, StaffMemberId = s.Teacher,
            DayOfWeek = i % 6 + 1, LessonNumber = i / 6 + 1, RoomId = i % 2 == 0 ? s.Room : null, ValidFrom = new DateOnly(2026, 9, 1),
            ValidTo = new DateOnly(2027, 5, 31), Parity = (WeekParity)(i % 3), Activity = ActivityKind.Main, Version = i * 7,
        }).ToList();

        var written = await WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var n = await db.InsertCopiesAsync(typeof(TimetableEntry), entries, CancellationToken.None);
            await tx.CommitAsync();
            return n;
        });

        Assert.Equal(40, written);
        static object Row(TimetableEntry e) => (e.Id, e.SchoolId, e.AcademicYearId, e.TeachingGroupId, e.StaffMemberId, e.DayOfWeek,
            e.LessonNumber, e.RoomId, e.ValidFrom, e.ValidTo, e.Parity, e.Activity, e.Version);
        var stored = await WithDbAsync(db => db.TimetableEntries.IgnoreQueryFilters().AsNoTracking().Where(e => e.SchoolId == s.School)
            .OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(entries.Select(Row), stored.Select(Row));
    }

    [Fact]
    public async Task A_row_with_a_concurrency_token_is_refused_and_nothing_is_written()
    {
        var s = await SeedAsync();
        var year = await WithDbAsync(db => db.AcademicYears.IgnoreQueryFilters().Where(y => y.SchoolId == s.School).Select(y => y.Id).SingleAsync());
        var entry = new TimetableEntry { SchoolId = s.School, AcademicYearId = year, TeachingGroupId = s.Group, StaffMemberId = s.Teacher,
            DayOfWeek = 1, LessonNumber = 1 };

        await Assert.ThrowsAsync<NotSupportedException>(() => WithDbAsync(db => db.InsertAllAsync([entry], CancellationToken.None)));

        Assert.Equal(0, await WithDbAsync(db => db.TimetableEntries.IgnoreQueryFilters().CountAsync(e => e.SchoolId == s.School)));
    }
}
