using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>
/// An entry of the schedule of control works (ВШК, R-YEAR-12): added, changed or removed by those who manage the year,
/// through the API and the /Year/ControlWorks form. The date must be a school day of the class; overload (two works a
/// day, more than the school's weekly limit) is a warning, never a refusal.
/// </summary>
public sealed class SaveControlWork(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public sealed record Input(int ClassId, int? GroupId, int SubjectId, DateOnly? Date, int? LessonNumber, string? Form, string? Title);

    public sealed record Dto(int Id, int ClassId, string ClassName, int? GroupId, string? Group, int SubjectId, string Subject,
        DateOnly Date, int? LessonNumber, string Form, string FormName, string? Title, IReadOnlyList<string>? Warnings = null);

    public const int TitleMax = 200;

    public static readonly Problem NotManager = new(StatusCodes.Status403Forbidden, "Нет права менять график контрольных работ",
        "График контрольных работ ведут заместитель директора, директор и системный администратор.");

    /// <summary>Checks and, unless <paramref name="dryRun"/>, saves: the answer carries the overload warnings either way.</summary>
    public async Task<Outcome<Dto>> HandleAsync(int? id, Input input, bool dryRun, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotManager;
        var work = id is int existing ? await db.ControlWorks.FirstOrDefaultAsync(w => w.Id == existing, ct) : null;
        if (id is not null && work is null) return Problem.NotFound("Контрольная работа не найдена");
        var cls = await db.SchoolClasses.Where(c => c.Id == input.ClassId)
            .Select(c => new { c.Id, c.Grade, c.Letter, c.AcademicYearId, c.DaysPerWeek, c.BellScheduleId }).FirstOrDefaultAsync(ct);
        if (cls is null) return Problem.BadRequest("Класс не найден", "Укажите класс школы.");
        var subject = await db.Subjects.Where(s => s.Id == input.SubjectId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (subject is null) return Problem.BadRequest("Предмет не найден", "Укажите предмет из справочника школы.");
        if (input.GroupId is int groupId && !await db.TeachingGroups.AnyAsync(g => g.Id == groupId && g.SubjectId == input.SubjectId
                && g.Classes.Any(c => c.SchoolClassId == input.ClassId), ct))
            return Problem.BadRequest("Группа не подходит", "Группа должна быть группой этого класса по этому предмету.");
        if (ChangeRules.Forms.Parse(input.Form) is not { } form)
            return Problem.BadRequest("Неизвестная форма контроля",
                "Форма контроля: " + string.Join(", ", ChangeRules.Forms.Select(f => $"{f.Code} ({f.Name})")) + ".");
        if (input.Date is not DateOnly date) return Problem.BadRequest("Не указана дата", "Укажите дату контрольной работы.");
        if (input.Title is { Length: > TitleMax }) return Problem.TooLong("Тема работы", TitleMax);
        var level = cls.Grade <= 4 ? EducationLevel.Primary : cls.Grade <= 9 ? EducationLevel.Basic : EducationLevel.Secondary;
        var periods = await db.StudyPeriods.Where(p => p.AcademicYearId == cls.AcademicYearId
                && (p.SchoolClassId == cls.Id || (p.SchoolClassId == null && (p.Level == null || p.Level == level))))
            .Select(p => new ChangeRules.Span(p.Start, p.End)).ToListAsync(ct);
        var holidays = await db.Holidays.Where(h => h.AcademicYearId == cls.AcademicYearId && (h.Grade == null || h.Grade == cls.Grade))
            .Select(h => new { h.Start, h.End, h.Name }).ToListAsync(ct);
        if (ChangeRules.DayRefusal(date, cls.DaysPerWeek, periods,
            holidays.Select(h => (new ChangeRules.Span(h.Start, h.End), h.Name))) is { } refusal)
            return Problem.BadRequest("Дата вне учебного времени класса", refusal);
        if (input.LessonNumber is int number && !await db.BellSlots.AnyAsync(s => s.BellScheduleId == cls.BellScheduleId && s.Number == number, ct))
            return Problem.BadRequest("Нет такого урока в расписании звонков", $"В расписании звонков класса нет {number}-го урока.");

        var className = $"{cls.Grade}{cls.Letter}";
        var limit = await db.Schools.Where(s => s.Id == user.SchoolId).Select(s => s.ControlWorksPerWeekLimit).FirstOrDefaultAsync(ct);
        var monday = ChangeRules.WeekStart(date);
        var sunday = monday.AddDays(6);
        var others = await db.ControlWorks.Where(w => w.SchoolClassId == cls.Id && w.Date >= monday && w.Date <= sunday && w.Id != (id ?? 0))
            .Select(w => new { w.Id, w.Date, Subject = w.Subject!.Name, w.Form }).ToListAsync(ct);
        var warnings = ChangeRules.Warnings(className, new ChangeRules.PlannedWork(0, date, subject, ChangeRules.Forms.NameOf(form)),
            others.Select(o => new ChangeRules.PlannedWork(o.Id, o.Date, o.Subject, ChangeRules.Forms.NameOf(o.Form))), limit);

        var title = JournalWrite.Blank(input.Title);
        var dto = new Dto(work?.Id ?? 0, cls.Id, className, input.GroupId, null, input.SubjectId, subject, date, input.LessonNumber,
            ChangeRules.Forms.CodeOf(form), ChangeRules.Forms.NameOf(form), title, warnings);
        if (dryRun) return Outcome<Dto>.Ok(dto);

        var before = work is null ? null : Snapshot(work);
        work ??= db.ControlWorks.Add(new ControlWork
        {
            SchoolId = user.SchoolId!.Value, AcademicYearId = cls.AcademicYearId, CreatedAt = time.GetUtcNow(), CreatedById = user.Id,
        }).Entity;
        (work.AcademicYearId, work.SchoolClassId, work.TeachingGroupId, work.SubjectId, work.Date, work.LessonNumber, work.Form, work.Title) =
            (cls.AcademicYearId, cls.Id, input.GroupId, input.SubjectId, date, input.LessonNumber, form, title);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(before is null ? AuditEventType.SetupCreated : AuditEventType.SetupChanged,
            "controlWork", work.Id, before, Snapshot(work), ct: ct), ct);
        var group = input.GroupId is null ? null : await db.TeachingGroups.Where(g => g.Id == input.GroupId)
            .Select(g => g.Name).FirstOrDefaultAsync(ct);
        return Outcome<Dto>.Ok(dto with { Id = work.Id, Group = group });
    }

    public async Task<Outcome<int>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotManager;
        var work = await db.ControlWorks.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (work is null) return Problem.NotFound("Контрольная работа не найдена");
        db.ControlWorks.Remove(work);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "controlWork", id, Snapshot(work), null, ct: ct), ct);
        return Outcome<int>.Ok(id);
    }

    /// <summary>The school's weekly limit, from 1 to 10 works a week.</summary>
    public async Task<Outcome<int>> SetLimitAsync(int limit, CancellationToken ct)
    {
        if (!access.CanManageYear) return NotManager;
        if (limit is < 1 or > 10) return Problem.BadRequest("Недопустимая норма", "Норма контрольных работ в неделю — от 1 до 10.");
        var school = await db.Schools.FirstAsync(s => s.Id == user.SchoolId, ct);
        if (school.ControlWorksPerWeekLimit == limit) return Outcome<int>.Ok(limit);
        var before = new { controlWorksPerWeekLimit = school.ControlWorksPerWeekLimit };
        school.ControlWorksPerWeekLimit = limit;
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupChanged, "school", school.Id, before, new { controlWorksPerWeekLimit = limit }, ct: ct), ct);
        return Outcome<int>.Ok(limit);
    }

    private static object Snapshot(ControlWork w) => new
    {
        classId = w.SchoolClassId, groupId = w.TeachingGroupId, subjectId = w.SubjectId, date = w.Date, lessonNumber = w.LessonNumber,
        form = ChangeRules.Forms.CodeOf(w.Form), title = w.Title,
    };
}
