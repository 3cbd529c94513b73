using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Year.Calendar.CalendarRules;

namespace SchoolJournal.Web.Features.Year.Calendar;

/// <summary>
/// The year rollover (R-YEAR-16): a new current year with the old one's periods and holidays a year later, its
/// classes one grade up (graduating grades leave), their students, curricula, groups with members and teachers;
/// the old year is closed. One transaction and one audit event. The preview runs the same plan without writing.
/// A year whose last day has not come (today in the school's own time zone) is closed only with a written reason, audited as
/// <see cref="AuditEventType.YearClosedEarly"/> next to the rollover's event.
/// </summary>
public sealed class YearRollover(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public sealed record Input(string? Name, DateOnly? Start, DateOnly? End, int[]? GraduateGrades, string? Reason = null);

    public sealed record ClassMove(int OldClassId, string OldName, string? NewName, int Students, int Grade);

    /// <summary>What the rollover would do; <see cref="Running"/> when the year has not ended on <see cref="Today"/>.</summary>
    public sealed record Plan(int YearId, string YearName, IReadOnlyList<ClassMove> Classes, int Promoted, int Graduates,
        int Periods, int Holidays, int Curricula, int Groups, DateOnly YearEnd, DateOnly Today)
    {
        public IEnumerable<ClassMove> Moving => Classes.Where(c => c.NewName is not null);
        public IEnumerable<ClassMove> Graduating => Classes.Where(c => c.NewName is null);
        public bool Running => Today <= YearEnd;

        /// <summary>Graduates of the 9th grades (when they graduate too): they leave the school, unlike those who go up.</summary>
        public int LeavingAfterNinth => Graduating.Where(c => c.Grade < 11).Sum(c => c.Students);
    }

    public sealed record Result(CalendarWrite.YearDto Year, int Classes, int Promoted, int Graduates, int Periods, int Holidays,
        int Curricula, int Groups, int Memberships, int Assignments);

    private sealed record Checked(AcademicYear Old, string Name, DateOnly Start, DateOnly End, HashSet<int> Graduate, DateOnly Today,
        string? Reason);

    public const int ReasonLength = 500;

    /// <summary>What the rollover of <paramref name="yearId"/> would create, or why it may not run.</summary>
    public async Task<Outcome<Plan>> PreviewAsync(int yearId, Input input, CancellationToken ct)
    {
        var (c, refusal) = await CheckAsync(yearId, input, requireEnded: false, ct);
        if (c is null) return refusal!;
        var end = c.Old.End;
        var classes = await db.SchoolClasses.AsNoTracking().Where(x => x.AcademicYearId == yearId)
            .OrderBy(x => x.Grade).ThenBy(x => x.Letter)
            .Select(x =>
                new { x.Id, x.Grade, x.Letter,
                    Students = db.Enrolments.Count(e => e.SchoolClassId == x.Id && e.From <= end && (e.To == null || e.To >= end)) })
            .ToListAsync(ct);
        var moves = classes.Select(x =>
            new ClassMove(x.Id, $"{x.Grade}{x.Letter}", c.Graduate.Contains(x.Grade) ? null : $"{x.Grade + 1}{x.Letter}", x.Students,
                x.Grade)).ToList();
        var moved = moves.Where(m => m.NewName is not null).Select(m => m.OldClassId).ToHashSet();
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => g.AcademicYearId == yearId)
            .Select(g => g.Classes.Select(x => x.SchoolClassId).ToList()).ToListAsync(ct);
        return Outcome<Plan>.Ok(new Plan(yearId, c.Old.Name, moves,
            moves.Where(m => m.NewName is not null).Sum(m => m.Students), moves.Where(m => m.NewName is null).Sum(m => m.Students),
            await db.StudyPeriods.CountAsync(p => p.AcademicYearId == yearId
                && (p.SchoolClassId == null || moved.Contains(p.SchoolClassId.Value)), ct),
            await db.Holidays.CountAsync(h => h.AcademicYearId == yearId, ct),
            await db.Curricula.CountAsync(x => x.AcademicYearId == yearId && x.StudentId == null, ct),
            groups.Count(g => g.Count > 0 && g.All(moved.Contains)), c.Old.End, c.Today));
    }

    public async Task<Outcome<Result>> RunAsync(int yearId, Input input, CancellationToken ct)
    {
        var (c, refusal) = await CheckAsync(yearId, input, requireEnded: true, ct);
        if (c is null) return refusal!;
        var old = await db.AcademicYears.FirstAsync(y => y.Id == yearId, ct);
        var school = user.SchoolId!.Value;
        var end = old.End;
        var start = c.Start;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var year = new AcademicYear { SchoolId = school, Name = c.Name, Start = c.Start, End = c.End, IsCurrent = true, PreviousYearId = old.Id };
        old.IsCurrent = false;
        old.IsClosed = true;
        db.AcademicYears.Add(year);
        // The old year stops being current before the new one starts being it.
        await db.SaveChangesAsync(ct);

        // Curricula first: the new classes take the copy for their new grade and profile.
        var curricula = await db.Curricula.AsNoTracking().Include(x => x.Lines)
            .Where(x => x.AcademicYearId == yearId && x.StudentId == null).OrderBy(x => x.Id).ToListAsync(ct);
        var newCurricula = curricula.Select(x => new Curriculum
        {
            SchoolId = school, AcademicYearId = year.Id, Name = x.Name, Grade = x.Grade, Profile = x.Profile,
            Lines = [.. x.Lines.Select(l =>
                new CurriculumLine { SubjectId = l.SubjectId, HoursPerWeek = l.HoursPerWeek, Part = l.Part, Divided = l.Divided })],
        }).ToList();
        db.Curricula.AddRange(newCurricula);

        var oldClasses = await db.SchoolClasses.Include(x => x.ClassTeachers)
            .Where(x => x.AcademicYearId == yearId).OrderBy(x => x.Id).ToListAsync(ct);
        var newClassOf = new Dictionary<int, SchoolClass>();
        foreach (var x in oldClasses)
        {
            foreach (var t in x.ClassTeachers.Where(t => t.To is null || t.To > end)) t.To = end;
            if (c.Graduate.Contains(x.Grade)) continue;
            var current = x.ClassTeachers.Where(t => t.From <= end).OrderByDescending(t => t.From).ThenByDescending(t => t.Id).FirstOrDefault();
            var moved = new SchoolClass
            {
                SchoolId = school, AcademicYearId = year.Id, Grade = x.Grade + 1, Letter = x.Letter, Profile = x.Profile, Shift = x.Shift,
                DaysPerWeek = x.DaysPerWeek, BellScheduleId = x.BellScheduleId, RoomId = x.RoomId, GradingSystemId = x.GradingSystemId,
                PreviousClassId = x.Id,
            };
            if (current is not null)
                moved.ClassTeachers.Add(new ClassTeacher { SchoolId = school, StaffMemberId = current.StaffMemberId, From = start });
            newClassOf[x.Id] = moved;
            db.SchoolClasses.Add(moved);
        }
        await db.SaveChangesAsync(ct);
        foreach (var moved in newClassOf.Values)
            moved.CurriculumId = newCurricula.FirstOrDefault(x => x.Grade == moved.Grade && x.Profile == moved.Profile)?.Id;

        var oldIds = oldClasses.Select(x => x.Id).ToList();
        var enrolments = await db.Enrolments.Where(e => oldIds.Contains(e.SchoolClassId) && e.From <= end && (e.To == null || e.To >= end))
            .OrderBy(e => e.Id).ToListAsync(ct);
        int promoted = 0, graduates = 0;
        foreach (var e in enrolments)
        {
            e.To = end;
            if (newClassOf.TryGetValue(e.SchoolClassId, out var to))
            {
                e.LeaveReason = LeaveReason.Promotion;
                db.Enrolments.Add(
                    new Enrolment { SchoolId = school, StudentId = e.StudentId, SchoolClassId = to.Id, From = start,
                        Reason = EnrolmentReason.Promotion });
                promoted++;
            }
            else
            {
                e.LeaveReason = LeaveReason.Graduation;
                graduates++;
            }
        }

        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == yearId).OrderBy(p => p.Id).ToListAsync(ct);
        var copiedPeriods = 0;
        foreach (var p in periods)
        {
            int? classId = null;
            if (p.SchoolClassId is int oldClass)
            {
                if (!newClassOf.TryGetValue(oldClass, out var to)) continue;
                classId = to.Id;
            }
            db.StudyPeriods.Add(new StudyPeriod
            {
                SchoolId = school, AcademicYearId = year.Id, Name = p.Name, Kind = p.Kind, Number = p.Number,
                Start = NextYear(p.Start), End = NextYear(p.End), Level = p.Level, SchoolClassId = classId,
            });
            copiedPeriods++;
        }
        var holidays = await db.Holidays.AsNoTracking().Where(h => h.AcademicYearId == yearId).OrderBy(h => h.Id).ToListAsync(ct);
        foreach (var h in holidays)
            db.Holidays.Add(
                new Holiday { SchoolId = school, AcademicYearId = year.Id, Name = h.Name, Kind = h.Kind, Start = NextYear(h.Start),
                    End = NextYear(h.End), Grade = h.Grade });

        var groups = await db.TeachingGroups.Include(g => g.Classes).Include(g => g.Members).Include(g => g.Assignments)
            .Where(g => g.AcademicYearId == yearId).OrderBy(g => g.Id).ToListAsync(ct);
        int copiedGroups = 0, memberships = 0, assignments = 0;
        foreach (var g in groups)
        {
            foreach (var m in g.Members.Where(m => m.To is null || m.To > end)) m.To = end;
            foreach (var a in g.Assignments.Where(a => a.To is null || a.To > end)) a.To = end;
            if (g.Classes.Count == 0 || !g.Classes.All(x => newClassOf.ContainsKey(x.SchoolClassId))) continue;
            var renames = oldClasses.Where(x => g.Classes.Any(gc => gc.SchoolClassId == x.Id))
                .ToDictionary(x => x.Name, x => newClassOf[x.Id].Name);
            var copy = new TeachingGroup
            {
                SchoolId = school, AcademicYearId = year.Id, SubjectId = g.SubjectId, Name = RenameForClasses(g.Name, renames), Kind = g.Kind,
                GradingSystemId = g.GradingSystemId, BellScheduleId = g.BellScheduleId, DaysPerWeek = g.DaysPerWeek, Shift = g.Shift, Note = g.Note,
                Classes = [.. g.Classes.Select(x => new GroupClass { SchoolClassId = newClassOf[x.SchoolClassId].Id })],
            };
            foreach (var student in g.Members.Where(m => m.From <= end && m.To >= end).Select(m => m.StudentId).Distinct())
                copy.Members.Add(new GroupMembership { SchoolId = school, StudentId = student, From = start });
            foreach (var a in g.Assignments.Where(a => a.From <= end && a.To >= end).GroupBy(a => a.StaffMemberId).Select(x => x.Last()))
                copy.Assignments.Add(
                    new TeachingAssignment { SchoolId = school, StaffMemberId = a.StaffMemberId, HoursPerWeek = a.HoursPerWeek, From = start });
            db.TeachingGroups.Add(copy);
            copiedGroups++;
            memberships += copy.Members.Count;
            assignments += copy.Assignments.Count;
        }

        var result = new Result(CalendarWrite.ToDto(year), newClassOf.Count, promoted, graduates, copiedPeriods, holidays.Count,
            newCurricula.Count, copiedGroups, memberships, assignments);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditEventType.YearRolledOver, "academicYear", year.Id,
            new { yearId = old.Id, name = old.Name, isCurrent = true, isClosed = false },
            new
            {
                yearId = year.Id, name = year.Name, start = year.Start, end = year.End, graduateGrades = c.Graduate.Order().ToList(),
                result.Classes, result.Promoted, result.Graduates, result.Periods, result.Holidays, result.Curricula, result.Groups,
                result.Memberships, result.Assignments,
            }, ct: ct);
        if (c.Today <= old.End)
            await audit.RecordAsync(AuditEventType.YearClosedEarly, "year", old.Id,
                new { yearId = old.Id, name = old.Name, end = old.End, isClosed = false },
                new { yearId = old.Id, name = old.Name, isClosed = true, closedOn = c.Today, newYearId = year.Id }, c.Reason, ct: ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Result>.Ok(result with { Year = CalendarWrite.ToDto(year) });
    }

    /// <summary>403, 404 unknown year, 409 not current or closed, 400 bad input, 409 a year of that name exists; for the run, 409 a
    /// year that has not ended without a reason.</summary>
    private async Task<(Checked?, Problem?)> CheckAsync(int yearId, Input input, bool requireEnded, CancellationToken ct)
    {
        if (!access.CanManageYear)
            return (null, new Problem(StatusCodes.Status403Forbidden, "Нет права перевести школу на новый год",
                "Переход на новый учебный год выполняют директор, заместитель директора и системный администратор."));
        var old = await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == yearId, ct);
        if (old is null) return (null, Problem.NotFound("Учебный год не найден"));
        if (!old.IsCurrent || old.IsClosed)
            return (null, new Problem(StatusCodes.Status409Conflict, "Переход невозможен",
                $"Учебный год «{old.Name}» {(old.IsClosed ? "уже закрыт" : "не текущий")}: на новый год переходят только из текущего, незакрытого " +
                    "года."));
        if (input.Start is not DateOnly start || input.End is not DateOnly end)
            return (null, Bad("Укажите начало и окончание нового учебного года (start, end) в виде 2027-09-01."));
        if (CheckYear(input.Name, start, end) is { } error) return (null, Bad(error));
        if (start <= old.End)
            return (null, Bad($"Новый учебный год должен начинаться после окончания года «{old.Name}» ({old.End:dd.MM.yyyy})."));
        var grades = (input.GraduateGrades is { Length: > 0 } given ? given : [11]).ToHashSet();
        if (grades.Any(g => g is < 1 or > 11)) return (null, Bad("Выпускные классы (graduateGrades) — параллели от 1 до 11, например [9, 11]."));
        // There is no 12th grade: the 11th always graduates.
        grades.Add(11);
        var name = input.Name!.Trim();
        var years = await db.AcademicYears.AsNoTracking().Select(y => new YearSpan(y.Name, y.Start, y.End)).ToListAsync(ct);
        if (years.Any(y => y.Name == name))
            return (null,
                new Problem(StatusCodes.Status409Conflict,
                    "Такой учебный год уже есть", $"Учебный год «{name}» уже есть в школе: переход уже выполнен или выберите другое название."));
        if (CheckYearOverlap(new YearSpan(name, start, end), years) is { } overlap) return (null, Bad(overlap));
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var reason = input.Reason?.Trim() is { Length: > 0 } r ? r : null;
        if (reason is { Length: > ReasonLength })
            return (null, Bad($"Причина досрочного закрытия года — не длиннее {ReasonLength} знаков."));
        if (requireEnded && today <= old.End && reason is null)
            return (null, new Problem(StatusCodes.Status409Conflict, "Учебный год ещё не закончился",
                $"Учебный год «{old.Name}» заканчивается {old.End:dd.MM.yyyy}, а сегодня {today:dd.MM.yyyy}: после перехода журнал этого года " +
                    "закроется для записи. Перейдите на новый год после его окончания или укажите причину досрочного закрытия (reason) — она " +
                    "попадёт в журнал аудита."));
        return (new Checked(old, name, start, end, grades, today, reason), null);
    }

    private static Problem Bad(string detail) => Problem.BadRequest("Неверные данные нового учебного года", detail);
}
