using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Groups;

public sealed record SplitInput(int? SubjectId, string? By, DateOnly? From);

/// <summary>
/// «Разделить класс на подгруппы»: the class's students on a day go into two new sub-groups of a subject,
/// alphabetically in halves or boys and girls: «Английский язык 5А (1 гр.)» and «(2 гр.)». POST /api/v1/classes/{id}/split and /Year/Groups.
/// </summary>
public sealed class SplitClass(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<GroupDto>>> HandleAsync(int classId, SplitInput input, CancellationToken ct)
    {
        if (!GroupAccess.MayWriteAny(access)) return GroupAccess.Refused;
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new { c.Id, c.Grade, c.Letter, c.AcademicYearId, c.GradingSystemId }).FirstOrDefaultAsync(ct);
        if (cls is null) return Problem.NotFound("Класс не найден");
        if (!await access.CanEditClassGroupsAsync(classId, ct)) return GroupAccess.Refused;
        if (input.SubjectId is not int subjectId)
            return Problem.BadRequest("Не указан предмет", "Укажите предмет, по которому класс делится на подгруппы (subjectId).");
        var subject = await db.Subjects.AsNoTracking()
            .Where(s => s.Id == subjectId).Select(s => new { s.Name, s.GradingSystemId }).FirstOrDefaultAsync(ct);
        if (subject is null) return Problem.BadRequest("Предмет не найден", "В школе нет предмета с таким номером.");
        if (GroupRules.ParseSplit(input.By) is not GroupRules.SplitBy by)
            return Problem.BadRequest("Неизвестный способ деления",
                "Способ деления: alphabet (по алфавиту, пополам) или gender (мальчики и девочки).");
        if (input.From is not DateOnly from)
            return Problem.BadRequest("Не указана дата", "Укажите, с какого дня действуют подгруппы (from, в виде 2026-09-01).");
        var className = $"{cls.Grade}{cls.Letter}";
        var names = new[] { GroupRules.SubGroupName(subject.Name, className, 1), GroupRules.SubGroupName(subject.Name, className, 2) };
        if (await db.TeachingGroups.AnyAsync(g => g.AcademicYearId == cls.AcademicYearId && names.Contains(g.Name), ct))
            return new Problem(StatusCodes.Status409Conflict, "Подгруппы уже есть",
                $"В классе {className} уже есть подгруппы «{names[0]}» или «{names[1]}»: меняйте их состав на странице группы.");
        var students = await db.Enrolments.AsNoTracking()
            .Where(e => e.SchoolClassId == classId && e.From <= from && (e.To == null || e.To >= from))
            .Select(e => new GroupRules.SplitStudent(e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.Student.Gender))
            .ToListAsync(ct);
        if (students.Count == 0)
            return Problem.BadRequest("В классе нет учеников", $"{from:dd.MM.yyyy} в классе {className} нет учеников: делить некого.");
        var fivePoint = await db.GradingSystems.Where(g => g.Kind == GradingKind.FivePoint)
            .OrderBy(g => g.Id).Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
        if (GroupRules.DefaultGrading(subject.GradingSystemId, cls.GradingSystemId, fivePoint) is not int grading)
            return Problem.BadRequest("Нет системы оценивания",
                "В школе нет пятибалльной системы оценивания: создайте подгруппы по одной с указанием системы оценивания.");

        var (first, second) = GroupRules.Split(students.DistinctBy(s => s.Id), by);
        var groups = new[] { first, second }.Select((half, i) => new TeachingGroup
        {
            SchoolId = user.SchoolId!.Value, AcademicYearId = cls.AcademicYearId, SubjectId = subjectId, Kind = GroupKind.SubGroup,
            Name = names[i], GradingSystemId = grading, Note = GroupRules.SplitNote(by, i + 1),
            Classes = [new GroupClass { SchoolClassId = classId }],
            Members = [.. half.Select(s => new GroupMembership { SchoolId = user.SchoolId!.Value, StudentId = s.Id, From = from })],
        }).ToList();
        db.TeachingGroups.AddRange(groups);
        await audit.SaveAuditedAsync(db, async () =>
        {
            foreach (var g in groups)
            {
                await audit.RecordAsync(AuditEventType.SetupCreated, "group", g.Id, null, new
                {
                    g.Name, g.SubjectId, Kind = GroupRules.Kinds.CodeOf(g.Kind), ClassIds = new[] { classId }, g.GradingSystemId, g.Note,
                }, ct: ct);
                foreach (var m in g.Members)
                    await audit.RecordAsync(AuditEventType.RosterChanged, GroupMembers.Entity, m.Id, null,
                        new { groupId = g.Id, m.StudentId, m.From, m.To }, ct: ct);
            }
        }, ct);
        var result = new List<GroupDto>();
        foreach (var g in groups) result.Add((await GroupQueries.GroupAsync(db, g.Id, ct, from))!);
        return Outcome<IReadOnlyList<GroupDto>>.Ok(result);
    }
}
