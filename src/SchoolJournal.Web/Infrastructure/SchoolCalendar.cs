using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>The signed-in user's school as of now in its own time zone: the current year and study period.</summary>
public sealed record SchoolNow(
    string SchoolName, string TimeZone, DateTimeOffset Now, int? YearId, string? YearName, string? PeriodName)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);
    public TimeOnly Time => TimeOnly.FromDateTime(Now.DateTime);

    /// <summary>«2026/2027 · 2 четверть», «2026/2027 · каникулы»; empty without a current year.</summary>
    public string Caption => YearName is null ? "" : $"{YearName} · {PeriodName ?? "каникулы"}";
}

/// <summary>Reads <see cref="SchoolNow"/> once per request (one query) for the header and the pages.</summary>
public sealed class SchoolCalendar(JournalDbContext db, CurrentUser user, TimeProvider time, ReadModels.ReadCache cache)
{
    private SchoolNow? _now;

    private sealed record PeriodRow(string Name, DateOnly Start, DateOnly End, EducationLevel? Level);

    private sealed record SchoolRow(string ShortName, string TimeZone, int? YearId, string? YearName, List<PeriodRow> Periods);

    private sealed record SchoolKey(int SchoolId);

    private static readonly SchoolRow NoSchool = new("", "", null, null, []);

    public async Task<SchoolNow> NowAsync(CancellationToken ct = default)
    {
        if (_now is not null) return _now;
        // The school's name, zone, current year and periods are a read model kept until the school changes; now is read each time.
        var row = user.SchoolId is not int schoolId ? null
            : await cache.GetOrBuildAsync(new SchoolKey(schoolId), schoolId, async () => (await db.Schools.AsNoTracking()
                .Where(s => s.Id == schoolId)
                .Select(s => new SchoolRow(
                    s.ShortName,
                    s.TimeZone,
                    db.AcademicYears.Where(y => y.SchoolId == s.Id && y.IsCurrent).Select(y => (int?)y.Id).FirstOrDefault(),
                    db.AcademicYears.Where(y => y.SchoolId == s.Id && y.IsCurrent).Select(y => y.Name).FirstOrDefault(),
                    db.StudyPeriods
                        .Where(p => p.SchoolId == s.Id && p.SchoolClassId == null && p.AcademicYear!.IsCurrent)
                        .Select(p => new PeriodRow(p.Name, p.Start, p.End, p.Level)).ToList()))
                .FirstOrDefaultAsync(ct) ?? NoSchool, Array.Empty<long>()));
        if (row == NoSchool) row = null;
        if (row is null)
            return _now = new SchoolNow("Электронный журнал", "Europe/Moscow", SchoolClock.Now(time, "Europe/Moscow"), null, null, null);
        var now = SchoolClock.Now(time, row.TimeZone);
        var today = DateOnly.FromDateTime(now.DateTime);
        // Periods for the whole school first, then those of the basic level (5–9), the largest one.
        var period = row.Periods
            .Where(p => p.Start <= today && today <= p.End)
            .OrderBy(p => p.Level is null ? 0 : p.Level == EducationLevel.Basic ? 1 : 2)
            .FirstOrDefault();
        return _now = new SchoolNow(row.ShortName, row.TimeZone, now, row.YearId, row.YearName, period?.Name);
    }

    /// <summary>The id of the school's current academic year (the query filter picks the school), 0 when it has none.</summary>
    public static Task<int> CurrentYearIdAsync(JournalDbContext db, CancellationToken ct) =>
        db.AcademicYears.Where(y => y.IsCurrent).OrderByDescending(y => y.Start).Select(y => y.Id).FirstOrDefaultAsync(ct);

    /// <summary>Today in the school's own time zone, without the rest of <see cref="SchoolNow"/>.</summary>
    public static async Task<DateOnly> TodayAsync(JournalDbContext db, int? schoolId, TimeProvider time, CancellationToken ct)
    {
        var zone = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct) ?? "Europe/Moscow";
        return SchoolClock.Today(time, zone);
    }
}
