using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Timetable;

/// <summary>
/// Creates the lessons of the timetable over a span of dates (R-YEAR-11) and brings earlier generated lessons in line
/// with the timetable as it is now. A lesson belongs to (entry, OriginalDate ?? Date). A lesson somebody has worked on
/// — marks, attendance, a topic the teacher wrote, homework, a substitute, a move, a change in the register, held or
/// cancelled — is kept as it is; an empty one follows its entry (teacher, room, number, times) or goes when its entry
/// no longer gives it. The caller holds the transaction. Works outside a request too (demo, benchmark): the school
/// is named, not taken from the signed-in user.
/// </summary>
public sealed class LessonGenerator(JournalDbContext db, Infrastructure.ReadModels.ReadCacheInterceptor? readCache = null)
{
    /// <summary>Kept: worked-on lessons left as they are; unchanged: empty lessons already as the timetable has them.</summary>
    public sealed record Result(int Created, int Updated, int Removed, int Kept, int Unchanged);

    private sealed record Existing(int Id, int? EntryId, DateOnly Key, int GroupId, int Number, TimeOnly Start, TimeOnly End, int? RoomId,
        int TeacherId, int? PeriodId, bool Worked);

    public async Task<Result> RunAsync(int schoolId, int yearId, DateOnly from, DateOnly to, int? classId, CancellationToken ct)
    {
        // A new timetable laid over the year is not news lesson by lesson: no diary events, no notifications for each
        // lesson it renumbers (substitutions and moves of single lessons are; see DiaryOutboxInterceptor).
        var suppressed = db.SuppressDiaryEvents;
        db.SuppressDiaryEvents = true;
        try
        {
            return await GenerateAsync(schoolId, yearId, from, to, classId, ct);
        }
        finally
        {
            db.SuppressDiaryEvents = suppressed;
        }
    }

    private async Task<Result> GenerateAsync(int schoolId, int yearId, DateOnly from, DateOnly to, int? classId, CancellationToken ct)
    {
        var year = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking().SingleAsync(y => y.Id == yearId && y.SchoolId == schoolId, ct);
        var entries = await db.TimetableEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.SchoolId == schoolId && e.AcademicYearId == yearId)
            .ToListAsync(ct);
        var groups = await db.TeachingGroups.IgnoreQueryFilters().AsNoTracking()
            .Where(g => g.SchoolId == schoolId && g.AcademicYearId == yearId)
            .Select(g => new { g.Id, g.BellScheduleId, g.DaysPerWeek, Classes = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .ToDictionaryAsync(g => g.Id, ct);
        var classes = await db.SchoolClasses.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.SchoolId == schoolId && c.AcademicYearId == yearId)
            .ToDictionaryAsync(c => c.Id, ct);
        var slots = (await db.BellSchedules.IgnoreQueryFilters().AsNoTracking().Where(b => b.SchoolId == schoolId)
                .SelectMany(b => b.Slots).ToListAsync(ct))
            .ToDictionary(s => (s.BellScheduleId, s.Number));
        var periods = await db.StudyPeriods.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.SchoolId == schoolId && p.AcademicYearId == yearId)
            .Select(p => new LessonExpansion.Period(p.Id, p.Start, p.End, p.Level, p.SchoolClassId)).ToListAsync(ct);
        var holidays = await db.Holidays.IgnoreQueryFilters().AsNoTracking()
            .Where(h => h.SchoolId == schoolId && h.AcademicYearId == yearId)
            .Select(h => new LessonExpansion.Break(h.Start, h.End, h.Grade)).ToListAsync(ct);

        var inScope = groups.Values.Where(g => classId is null || g.Classes.Contains(classId.Value)).Select(g => g.Id).ToHashSet();
        var wanted = new Dictionary<(int Entry, DateOnly Date), Lesson>();
        foreach (var e in entries.Where(e => inScope.Contains(e.TeachingGroupId)))
        {
            var g = groups[e.TeachingGroupId];
            if (g.Classes.Count == 0) continue;
            var cls = classes[g.Classes.Min()];
            var spec = new LessonExpansion.Entry(e.Id, e.DayOfWeek, e.Parity, e.ValidFrom, e.ValidTo, cls.Id, cls.Grade,
                g.DaysPerWeek ?? cls.DaysPerWeek);
            var bells = g.BellScheduleId ?? cls.BellScheduleId;
            var slot = bells is { } b && slots.TryGetValue((b, e.LessonNumber), out var s) ? s : null;
            foreach (var o in LessonExpansion.Expand(spec, periods, holidays, year.Start, from, to))
                wanted[(e.Id, o.Date)] = new Lesson
                {
                    SchoolId = schoolId, TeachingGroupId = e.TeachingGroupId, StudyPeriodId = o.PeriodId, TimetableEntryId = e.Id,
                    Date = o.Date, Number = e.LessonNumber, Start = slot?.Start ?? default, End = slot?.End ?? default,
                    RoomId = e.RoomId, TeacherId = e.StaffMemberId, Status = LessonStatus.Planned,
                };
        }

        var existing = await db.Lessons.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.SchoolId == schoolId && l.TimetableEntryId != null && inScope.Contains(l.TeachingGroupId)
                && (l.OriginalDate ?? l.Date) >= from && (l.OriginalDate ?? l.Date) <= to)
            .Select(l => new Existing(l.Id, l.TimetableEntryId, l.OriginalDate ?? l.Date, l.TeachingGroupId, l.Number, l.Start, l.End, l.RoomId,
                l.TeacherId, l.StudyPeriodId,
                l.Marks.Any() || l.Attendance.Any() || (l.Topic != null && l.Topic != "" && !l.TopicFromPlan) || l.Homework != null
                || l.SubstituteTeacherId != null || l.OriginalDate != null || l.Status != LessonStatus.Planned
                || db.LessonChanges.IgnoreQueryFilters().Any(c => c.LessonId == l.Id)))
            .ToListAsync(ct);

        int updated = 0, kept = 0, unchanged = 0;
        var remove = new List<int>();
        foreach (var l in existing)
        {
            var key = (l.EntryId!.Value, l.Key);
            var want = wanted.GetValueOrDefault(key);
            // A second lesson of one occurrence (never expected) is treated like one the timetable no longer gives.
            if (want is not null) wanted.Remove(key);
            if (l.Worked)
            {
                kept++;
                continue;
            }
            if (want is null)
            {
                remove.Add(l.Id);
                continue;
            }
            if ((l.GroupId, l.Number, l.Start, l.End, l.RoomId, l.TeacherId, l.PeriodId)
                == (want.TeachingGroupId, want.Number, want.Start, want.End, want.RoomId, want.TeacherId, want.StudyPeriodId))
            {
                unchanged++;
                continue;
            }
            var stub = new Lesson { Id = l.Id, SchoolId = schoolId };
            db.Lessons.Attach(stub);
            var entry = db.Entry(stub);
            void Set<T>(System.Linq.Expressions.Expression<Func<Lesson, T>> p, T value)
            {
                entry.Property(p).CurrentValue = value;
                entry.Property(p).IsModified = true;
            }
            Set(x => x.TeachingGroupId, want.TeachingGroupId);
            Set(x => x.Number, want.Number);
            Set(x => x.Start, want.Start);
            Set(x => x.End, want.End);
            Set(x => x.RoomId, want.RoomId);
            Set(x => x.TeacherId, want.TeacherId);
            Set(x => x.StudyPeriodId, want.StudyPeriodId);
            updated++;
        }

        foreach (var chunk in remove.Chunk(500))
            await db.Lessons.IgnoreQueryFilters().Where(l => chunk.Contains(l.Id)).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        // The new lessons in statements of many rows: a year's for a whole school are some 30,000 (issue 16).
        await db.InsertAllAsync(wanted.Values, ct);
        // Lessons removed or added in bulk are the school's business for every cached page (its diary weeks, grids, access sets).
        if (remove.Count > 0 || wanted.Count > 0)
            readCache?.Touched(db, db.CurrentSchoolId is int school and > 0 ? [Infrastructure.ReadModels.ReadDep.School(school)] : []);
        return new Result(wanted.Count, updated, remove.Count, kept, unchanged);
    }
}
