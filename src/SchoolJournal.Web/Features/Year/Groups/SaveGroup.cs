using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Groups;

public sealed record GroupInput(int? SubjectId, string? Kind, string? Name, IReadOnlyList<int>? ClassIds, int? GradingSystemId,
    int? BellScheduleId, int? DaysPerWeek, int? Shift, string? Note);

public sealed record GroupDto(int Id, string Name, int SubjectId, string Subject, string Kind, IReadOnlyList<int> ClassIds,
    IReadOnlyList<string> Classes,
    int GradingSystemId, string GradingSystem, int? BellScheduleId, int? DaysPerWeek, int? Shift, string? Note, IReadOnlyList<string> Teachers,
    int Members);

/// <summary>Who writes a group (R-YEAR-6): the year's managers any; a class teacher the sub-groups of his own class only.</summary>
public static class GroupAccess
{
    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права менять группу",
        "Группы и их состав меняют директор, заместитель директора и администратор; классный руководитель — только подгруппы своего класса.");

    /// <summary>Those who may write some group: refused before anything is looked up.</summary>
    public static bool MayWriteAny(AccessService access) => access.WritesSomeGroups;

    public static async Task<bool> CanWriteAsync(AccessService access, GroupKind kind, IReadOnlyCollection<int> classIds, CancellationToken ct) =>
        access.CanManageYear || (kind == GroupKind.SubGroup && classIds.Count == 1 && await access.CanEditClassGroupsAsync(classIds.First(), ct));

    /// <summary>The group's card and members: the year's managers, and staff who read its journal.</summary>
    public static async Task<bool> CanReadAsync(AccessService access, int groupId, CancellationToken ct) =>
        access.CanManageYear || await access.CanReadJournalGridAsync(groupId, ct);
}

/// <summary>Creates, changes and deletes a group: POST/PUT/DELETE /api/v1/groups and the pages /Year/Groups.</summary>
public sealed class SaveGroup(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit)
{
    public const int NameMax = 200;
    public const int NoteMax = 500;

    public async Task<Outcome<GroupDto>> CreateAsync(GroupInput input, CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return GroupAccess.Refused;
        var (valid, problem) = await ValidateAsync(input, ct);
        if (problem is not null) return problem;
        if (!await GroupAccess.CanWriteAsync(access, valid!.Kind, valid.ClassIds, ct)) return GroupAccess.Refused;
        var group = new TeachingGroup { SchoolId = user.SchoolId!.Value, Name = valid.Name, AcademicYearId = valid.YearId };
        Apply(group, valid);
        db.TeachingGroups.Add(group);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupCreated, "group", group.Id, null, Snapshot(group), ct: ct), ct);
        return Outcome<GroupDto>.Ok((await GroupQueries.GroupAsync(db, group.Id, ct))!);
    }

    public async Task<Outcome<GroupDto>> UpdateAsync(int id, GroupInput input, CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return GroupAccess.Refused;
        var group = await db.TeachingGroups.Include(g => g.Classes).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problem.NotFound("Группа не найдена");
        if (!await GroupAccess.CanWriteAsync(access, group.Kind, [.. group.Classes.Select(c => c.SchoolClassId)], ct)) return GroupAccess.Refused;
        var (valid, problem) = await ValidateAsync(input, ct);
        if (problem is not null) return problem;
        if (!await GroupAccess.CanWriteAsync(access, valid!.Kind, valid.ClassIds, ct)) return GroupAccess.Refused;
        var before = Snapshot(group);
        Apply(group, valid);
        await audit.SaveAuditedAsync(db,
            () => audit.RecordAsync(AuditEventType.SetupChanged, "group", group.Id, before, Snapshot(group), ct: ct), ct);
        return Outcome<GroupDto>.Ok((await GroupQueries.GroupAsync(db, group.Id, ct))!);
    }

    /// <summary>Only a group without lessons: a journal once kept is never deleted with its group.</summary>
    public async Task<Outcome<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return GroupAccess.Refused;
        var group = await db.TeachingGroups.Include(g => g.Classes).Include(g => g.Members).Include(g => g.Assignments)
            .FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return Problem.NotFound("Группа не найдена");
        if (!await GroupAccess.CanWriteAsync(access, group.Kind, [.. group.Classes.Select(c => c.SchoolClassId)], ct)) return GroupAccess.Refused;
        var lessons = await db.Lessons.CountAsync(l => l.TeachingGroupId == id, ct);
        if (lessons > 0)
            return new Problem(StatusCodes.Status409Conflict, "У группы есть уроки",
                $"У группы {lessons} урок(ов) в журнале: такую группу удалить нельзя. Завершите участие учеников или оставьте группу без " +
                    "расписания.");
        var before = new
        {
            Group = Snapshot(group),
            Members = group.Members.Select(m => new { m.StudentId, m.From, m.To }).ToList(),
            Teachers = group.Assignments.Select(a => new { a.StaffMemberId, a.HoursPerWeek }).ToList(),
        };
        db.GroupMemberships.RemoveRange(group.Members);
        db.TeachingAssignments.RemoveRange(group.Assignments);
        db.TeachingGroups.Remove(group);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.SetupDeleted, "group", id, before, null, ct: ct), ct);
        return Outcome<bool>.Ok(true);
    }

    private sealed record Valid(int YearId, int SubjectId, GroupKind Kind, string Name, List<int> ClassIds, int GradingSystemId,
        int? BellScheduleId, int? DaysPerWeek, int? Shift, string? Note);

    private static void Apply(TeachingGroup group, Valid v)
    {
        group.AcademicYearId = v.YearId;
        group.SubjectId = v.SubjectId;
        group.Kind = v.Kind;
        group.Name = v.Name;
        group.GradingSystemId = v.GradingSystemId;
        group.BellScheduleId = v.BellScheduleId;
        group.DaysPerWeek = v.DaysPerWeek;
        group.Shift = v.Shift;
        group.Note = v.Note;
        group.Classes.RemoveAll(c => !v.ClassIds.Contains(c.SchoolClassId));
        foreach (var id in v.ClassIds.Where(id => group.Classes.All(c => c.SchoolClassId != id)))
            group.Classes.Add(new GroupClass { SchoolClassId = id });
    }

    private static object Snapshot(TeachingGroup g) => new
    {
        g.Name, g.SubjectId, Kind = GroupRules.Kinds.CodeOf(g.Kind), ClassIds = g.Classes.Select(c => c.SchoolClassId).Order().ToList(),
        g.GradingSystemId, g.BellScheduleId, g.DaysPerWeek, g.Shift, g.Note,
    };

    private async Task<(Valid?, Problem?)> ValidateAsync(GroupInput input, CancellationToken ct)
    {
        static Problem Bad(string title, string detail) => Problem.BadRequest(title, detail);
        if (input.SubjectId is not int subjectId) return (null, Bad("Не указан предмет", "Укажите предмет группы (subjectId)."));
        var subject = await db.Subjects.AsNoTracking()
            .Where(s => s.Id == subjectId).Select(s => new { s.Name, s.GradingSystemId }).FirstOrDefaultAsync(ct);
        if (subject is null) return (null, Bad("Предмет не найден", "В школе нет предмета с таким номером."));
        if (GroupRules.Kinds.Parse(input.Kind) is not GroupKind kind)
            return (null,
                Bad("Неизвестный вид группы",
                    "Вид группы: wholeClass (весь класс), subGroup (подгруппа), stream (поток), individual (ИУП), extracurricular (внеурочная)."));
        var classIds = (input.ClassIds ?? []).Distinct().ToList();
        if (GroupRules.ClassesProblem(kind, classIds.Count) is { } classesProblem) return (null, Bad("Неверный состав классов", classesProblem));
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => classIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Grade, c.Letter, c.AcademicYearId, c.GradingSystemId }).ToListAsync(ct);
        if (classes.Count != classIds.Count) return (null, Bad("Класс не найден", "Один из классов группы не найден в школе."));
        if (classes.Select(c => c.AcademicYearId).Distinct().Count() > 1)
            return (null, Bad("Классы разных учебных годов", "Все классы группы должны быть одного учебного года."));
        var name = string.IsNullOrWhiteSpace(input.Name)
            ? $"{subject.Name} {string.Join(", ", classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter).Select(c => $"{c.Grade}{c.Letter}"))}"
            : input.Name.Trim();
        if (name.Length > NameMax) return (null, Problem.TooLong("Название группы", NameMax));
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > NoteMax }) return (null, Problem.TooLong("Примечание", NoteMax));
        if (GroupRules.RegimeProblem(input.DaysPerWeek, input.Shift) is { } regime) return (null, Bad("Неверный режим работы", regime));
        if (input.BellScheduleId is int bells && !await db.BellSchedules.AnyAsync(b => b.Id == bells, ct))
            return (null, Bad("Расписание звонков не найдено", "В школе нет расписания звонков с таким номером."));
        int grading;
        if (input.GradingSystemId is int given)
        {
            if (!await db.GradingSystems.AnyAsync(g => g.Id == given, ct))
                return (null, Bad("Система оценивания не найдена", "В школе нет системы оценивания с таким номером."));
            grading = given;
        }
        else
        {
            var fivePoint = await db.GradingSystems.Where(g => g.Kind == GradingKind.FivePoint)
                .OrderBy(g => g.Id).Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
            var classGrading = classes.Select(c => c.GradingSystemId).FirstOrDefault(g => g is not null);
            if (GroupRules.DefaultGrading(subject.GradingSystemId, classGrading, fivePoint) is not int chosen)
                return (null,
                    Bad("Нет системы оценивания",
                        "В школе нет пятибалльной системы оценивания: укажите систему оценивания группы (gradingSystemId)."));
            grading = chosen;
        }
        return (new Valid(classes[0].AcademicYearId, subjectId, kind, name, classIds, grading, input.BellScheduleId, input.DaysPerWeek, input.Shift,
            note), null);
    }
}
