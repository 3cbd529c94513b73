using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Year.Calendar.CalendarRules;

namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>
/// Every write of the calendar (years, periods, holidays) for the API and the page alike: access, the rules of
/// <see cref="CalendarRules"/> against what is stored, then the change and its audit event in one transaction.
/// </summary>
public sealed class CalendarWrite(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit)
{
    public sealed record YearInput(string? Name, DateOnly? Start, DateOnly? End);
    public sealed record PeriodInput(int? YearId, string? Name, string? Kind, int? Number, DateOnly? Start, DateOnly? End, string? Level,
        int? ClassId);
    public sealed record HolidayInput(int? YearId, string? Name, string? Kind, DateOnly? Start, DateOnly? End, int? Grade);

    public sealed record YearDto(int Id, string Name, DateOnly Start, DateOnly End, bool IsCurrent, bool IsClosed, int? PreviousYearId);
    public sealed record PeriodDto(int Id, int YearId, string Name, string Kind, int Number, DateOnly Start, DateOnly End, string? Level,
        int? ClassId);
    public sealed record HolidayDto(int Id, int YearId, string Name, string Kind, DateOnly Start, DateOnly End, int? Grade);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Нет права менять календарь",
        "Учебный год, периоды и каникулы настраивают директор, заместитель директора и системный администратор.");

    public static readonly Problem YearClosed = new(StatusCodes.Status409Conflict, "Учебный год закрыт",
        "Учебный год закрыт: после перехода на новый год его периоды и каникулы не меняются.");

    public async Task<Outcome<YearDto>> CreateYearAsync(YearInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        if (input.Start is not DateOnly start || input.End is not DateOnly end)
            return Bad("Укажите начало и окончание учебного года (start, end) в виде 2027-09-01.");
        if (CheckYear(input.Name, start, end) is { } error) return Bad(error);
        var name = input.Name!.Trim();
        var years = await db.AcademicYears.AsNoTracking().Select(y => new { y.Name, y.Start, y.End, y.IsCurrent }).ToListAsync(ct);
        if (years.Any(y => y.Name == name))
            return new Problem(StatusCodes.Status409Conflict, "Такой учебный год уже есть", $"Учебный год «{name}» уже есть в школе.");
        if (CheckYearOverlap(new YearSpan(name, start, end), years.Select(y => new YearSpan(y.Name, y.Start, y.End))) is { } overlap)
            return Bad(overlap);

        // The first year of a school becomes its current one; later years come through the rollover.
        var year = new AcademicYear { SchoolId = user.SchoolId!.Value, Name = name, Start = start, End = end,
            IsCurrent = !years.Any(y => y.IsCurrent) };
        db.AcademicYears.Add(year);
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupCreated, "academicYear", year.Id, null, ToDto(year), ct: ct), ct);
        return Outcome<YearDto>.Ok(ToDto(year));
    }

    public async Task<Outcome<PeriodDto>> SavePeriodAsync(int? id, PeriodInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        StudyPeriod? row = null;
        if (id is int existing && (row = await db.StudyPeriods.FirstOrDefaultAsync(p => p.Id == existing, ct)) is null)
            return Problem.NotFound("Учебный период не найден");
        var year = await YearAsync(input.YearId ?? row?.AcademicYearId, ct);
        if (year is null) return Problem.NotFound("Учебный год не найден", "Укажите yearId существующего учебного года или создайте текущий год.");
        if (year.IsClosed) return YearClosed;
        if (row is not null && row.AcademicYearId != year.Id)
            return Bad("Период нельзя перенести в другой учебный год: удалите его и создайте заново.");
        var kind = ParsePeriodKind(input.Kind);
        if (kind is null)
            return Bad($"Вида периода «{input.Kind}» нет. Допустимые: «quarter» — четверть, «trimester» — триместр, «halfYear» — полугодие.");
        if (input.Start is not DateOnly start || input.End is not DateOnly end)
            return Bad("Укажите начало и окончание периода (start, end) в виде 2026-09-01.");
        EducationLevel? level = null;
        if (!string.IsNullOrWhiteSpace(input.Level) && (level = ParseLevel(input.Level)) is null)
            return Bad($"Уровня «{input.Level}» нет. Допустимые: «primary» — НОО (1–4), «basic» — ООО (5–9), «secondary» — СОО (10–11); без уровня " +
                "— вся школа.");
        if (level is not null && input.ClassId is not null) return Bad("Период относится либо к уровню, либо к классу: укажите что-то одно.");
        int? classGrade = null;
        if (input.ClassId is int classId)
        {
            var cls = await db.SchoolClasses.AsNoTracking()
                .Where(c => c.Id == classId).Select(c => new { c.AcademicYearId, c.Grade }).FirstOrDefaultAsync(ct);
            if (cls is null || cls.AcademicYearId != year.Id) return Bad("Такого класса нет в этом учебном году.");
            classGrade = cls.Grade;
        }
        if (input.Number is int n && (n < 1 || n > 12)) return Bad("Номер периода — от 1 до 12.");

        var span = new PeriodSpan(row?.Id ?? 0, input.Name?.Trim() ?? "", start, end, level, input.ClassId, classGrade);
        var (periods, holidays) = await SpansAsync(year.Id, ct);
        if (CheckPeriod(span, Span(year), periods, holidays) is { } error) return Bad(error);

        var before = row is null ? null : ToDto(row);
        row ??= db.StudyPeriods.Add(new StudyPeriod { SchoolId = user.SchoolId!.Value, AcademicYearId = year.Id, Name = span.Name }).Entity;
        (row.Name, row.Kind, row.Start, row.End, row.Level, row.SchoolClassId) = (span.Name, kind.Value, start, end, level, input.ClassId);
        row.Number = input.Number ?? periods.Count(p => p.Id != row.Id && p.Level == level && p.ClassId == input.ClassId && p.Start < start) + 1;
        if (before is not null && before == ToDto(row)) return Outcome<PeriodDto>.Ok(before);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(before is null ? AuditEventType.SetupCreated : AuditEventType.SetupChanged,
            "studyPeriod", row.Id, before, ToDto(row), ct: ct), ct);
        return Outcome<PeriodDto>.Ok(ToDto(row));
    }

    public async Task<Outcome<int>> DeletePeriodAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        var row = await db.StudyPeriods.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (row is null) return Problem.NotFound("Учебный период не найден");
        if (await db.AcademicYears.AnyAsync(y => y.Id == row.AcademicYearId && y.IsClosed, ct)) return YearClosed;
        var lessons = await db.Lessons.CountAsync(l => l.StudyPeriodId == id, ct);
        var grades = await db.PeriodGrades.CountAsync(g => g.StudyPeriodId == id, ct)
            + await db.PeriodLocks.CountAsync(l => l.StudyPeriodId == id, ct);
        if (lessons > 0 || grades > 0)
            return new Problem(StatusCodes.Status409Conflict, "Период используется",
                $"Период «{row.Name}» нельзя удалить: к нему относятся уроков — {lessons}" +
                (grades > 0 ? $", отметок за период и закрытий — {grades}" : "") + ". Измените его границы вместо удаления.");
        var before = ToDto(row);
        db.StudyPeriods.Remove(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "studyPeriod", id, before, null, ct: ct), ct);
        return Outcome<int>.Ok(id);
    }

    public async Task<Outcome<HolidayDto>> SaveHolidayAsync(int? id, HolidayInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        Holiday? row = null;
        if (id is int existing && (row = await db.Holidays.FirstOrDefaultAsync(h => h.Id == existing, ct)) is null)
            return Problem.NotFound("Каникулы не найдены");
        var year = await YearAsync(input.YearId ?? row?.AcademicYearId, ct);
        if (year is null) return Problem.NotFound("Учебный год не найден", "Укажите yearId существующего учебного года или создайте текущий год.");
        if (year.IsClosed) return YearClosed;
        if (row is not null && row.AcademicYearId != year.Id)
            return Bad("Каникулы нельзя перенести в другой учебный год: удалите их и создайте заново.");
        var kind = HolidayKinds.Parse(input.Kind);
        if (kind is null)
            return Bad($"Вида каникул «{input.Kind}» нет. Допустимые: «autumn», «winter», «spring», «summer», «extra» (дополнительные), " +
                "«publicHoliday» (праздничный день).");
        if (input.Start is not DateOnly start || input.End is not DateOnly end)
            return Bad("Укажите начало и окончание каникул (start, end) в виде 2026-10-26.");
        var span = new HolidaySpan(row?.Id ?? 0, input.Name?.Trim() ?? "", kind.Value, start, end, input.Grade);
        if (CheckHoliday(span, Span(year)) is { } error) return Bad(error);

        var before = row is null ? null : ToDto(row);
        row ??= db.Holidays.Add(new Holiday { SchoolId = user.SchoolId!.Value, AcademicYearId = year.Id, Name = span.Name }).Entity;
        (row.Name, row.Kind, row.Start, row.End, row.Grade) = (span.Name, kind.Value, start, end, input.Grade);
        if (before is not null && before == ToDto(row)) return Outcome<HolidayDto>.Ok(before);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(before is null ? AuditEventType.SetupCreated : AuditEventType.SetupChanged,
            "holiday", row.Id, before, ToDto(row), ct: ct), ct);
        return Outcome<HolidayDto>.Ok(ToDto(row));
    }

    public async Task<Outcome<int>> DeleteHolidayAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotAllowed;
        var row = await db.Holidays.FirstOrDefaultAsync(h => h.Id == id, ct);
        if (row is null) return Problem.NotFound("Каникулы не найдены");
        if (await db.AcademicYears.AnyAsync(y => y.Id == row.AcademicYearId && y.IsClosed, ct)) return YearClosed;
        var before = ToDto(row);
        db.Holidays.Remove(row);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "holiday", id, before, null, ct: ct), ct);
        return Outcome<int>.Ok(id);
    }

    /// <summary>The given year, or the current one.</summary>
    public Task<AcademicYear?> YearAsync(int? yearId, CancellationToken ct) => yearId is int id
        ? db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == id, ct)
        : db.AcademicYears.AsNoTracking().Where(y => y.IsCurrent).OrderByDescending(y => y.Start).FirstOrDefaultAsync(ct);

    /// <summary>The year's periods (with their classes' grades) and holidays as the rules see them.</summary>
    public async Task<(List<PeriodSpan> Periods, List<HolidaySpan> Holidays)> SpansAsync(int yearId, CancellationToken ct)
    {
        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == yearId)
            .Select(p => new PeriodSpan(p.Id, p.Name, p.Start, p.End, p.Level, p.SchoolClassId,
                db.SchoolClasses.Where(c => c.Id == p.SchoolClassId).Select(c => (int?)c.Grade).FirstOrDefault()))
            .ToListAsync(ct);
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.AcademicYearId == yearId)
            .Select(h => new HolidaySpan(h.Id, h.Name, h.Kind, h.Start, h.End, h.Grade)).ToListAsync(ct);
        return (periods, holidays);
    }

    public static YearSpan Span(AcademicYear y) => new(y.Name, y.Start, y.End);

    private static Problem Bad(string detail) => Problem.BadRequest("Неверные данные календаря", detail);

    public static YearDto ToDto(AcademicYear y) => new(y.Id, y.Name, y.Start, y.End, y.IsCurrent, y.IsClosed, y.PreviousYearId);

    public static PeriodDto ToDto(StudyPeriod p) =>
        new(p.Id, p.AcademicYearId, p.Name, SchoolStructure.SchoolApi.KindName(p.Kind), p.Number, p.Start, p.End,
            SchoolStructure.SchoolApi.LevelName(p.Level), p.SchoolClassId);

    public static HolidayDto ToDto(Holiday h) => new(h.Id, h.AcademicYearId, h.Name, HolidayKinds.CodeOf(h.Kind), h.Start, h.End, h.Grade);

    public static PeriodKind? ParsePeriodKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "quarter" => PeriodKind.Quarter,
        "trimester" => PeriodKind.Trimester,
        "halfyear" => PeriodKind.HalfYear,
        _ => null,
    };

    public static EducationLevel? ParseLevel(string? level) => level?.Trim().ToLowerInvariant() switch
    {
        "primary" => EducationLevel.Primary,
        "basic" => EducationLevel.Basic,
        "secondary" => EducationLevel.Secondary,
        _ => null,
    };

    public static readonly CodeTable<HolidayKind> HolidayKinds = new(
        new(HolidayKind.Autumn, "autumn", "осенние"),
        new(HolidayKind.Winter, "winter", "зимние"),
        new(HolidayKind.Spring, "spring", "весенние"),
        new(HolidayKind.Summer, "summer", "летние"),
        new(HolidayKind.Extra, "extra", "дополнительные"),
        new(HolidayKind.PublicHoliday, "publicHoliday", "праздничный день"));

    public static string PeriodKindTitle(PeriodKind kind) => kind switch
    {
        PeriodKind.Quarter => "четверть",
        PeriodKind.Trimester => "триместр",
        PeriodKind.HalfYear => "полугодие",
        _ => "год",
    };

    public static string LevelTitle(EducationLevel? level) => level switch
    {
        EducationLevel.Primary => "НОО (1–4 классы)",
        EducationLevel.Basic => "ООО (5–9 классы)",
        EducationLevel.Secondary => "СОО (10–11 классы)",
        _ => "вся школа",
    };
}
