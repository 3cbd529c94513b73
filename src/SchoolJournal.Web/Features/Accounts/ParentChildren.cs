using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Parents;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// A parent's children on his account (R-ROLE-1, «Учётные записи»): the system administrator links a parent's account to a
/// student of the school — who the parent is to him (мать, отец, опекун…) — or removes the link; the diary shows exactly the
/// linked children. Each change in one transaction with its audit event (<see cref="AuditEventType.RosterChanged"/>).
/// </summary>
public sealed class ParentChildren(JournalDbContext db, UserManager<AppUser> users, AccessService access, CurrentUser me, AuditLog audit,
    TimeProvider time)
{
    public const string Entity = "student-parent";

    public sealed record Child(int StudentId, string Name, string? Class, string Kind);
    public sealed record Choice(int StudentId, string Name, string Class);
    /// <summary>kind: mother, father, guardian, trustee or other.</summary>
    public sealed record LinkInput(int? StudentId, string? Kind);

    /// <summary>The kinds as the API and the page name them, with their Russian words.</summary>
    public static readonly (string Code, RepresentativeKind Kind)[] Kinds =
    [
        ("mother", RepresentativeKind.Mother), ("father", RepresentativeKind.Father), ("guardian", RepresentativeKind.Guardian),
        ("trustee", RepresentativeKind.Trustee), ("other", RepresentativeKind.Other),
    ];

    private sealed record LinkState(int ParentId, int StudentId, string Kind);

    private static Problem NotAParent => Problem.BadRequest("Это не учётная запись родителя",
        "Детей связывают только с учётной записью родителя (законного представителя).");

    /// <summary>The parent's children with the class each is in today; null when the account is not a parent's of this school.</summary>
    public async Task<Outcome<IReadOnlyList<Child>>> ListAsync(string accountId, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return AccountAdmin.Refused;
        if (await ParentIdAsync(accountId, ct) is not { } parentId) return NotAParent;
        var today = await SchoolCalendar.TodayAsync(db, me.SchoolId, time, ct);
        var rows = await db.Set<StudentParent>().AsNoTracking().Where(l => l.ParentId == parentId)
            .Select(l => new
            {
                l.StudentId, l.Student!.LastName, l.Student.FirstName, l.Student.MiddleName, l.Kind,
                Class = l.Student.Enrolments.Where(e => e.From <= today && (e.To == null || e.To >= today))
                    .Select(e => new ClassName(e.SchoolClass!.Grade, e.SchoolClass.Letter)).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<Child>>.Ok([.. rows.OrderBy(r => r.LastName).ThenBy(r => r.FirstName)
            .Select(r => new Child(r.StudentId, PersonName.Full(r.LastName, r.FirstName, r.MiddleName), r.Class?.ToString(),
                ParentRules.KindName(r.Kind)))]);
    }

    /// <summary>The school's students in a class today, by class and name: what the page offers to link.</summary>
    public async Task<IReadOnlyList<Choice>> ChoicesAsync(CancellationToken ct)
    {
        var today = await SchoolCalendar.TodayAsync(db, me.SchoolId, time, ct);
        var rows = await db.Set<Enrolment>().AsNoTracking()
            .Where(e => e.SchoolId == me.SchoolId && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new { e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.SchoolClass!.Grade,
                e.SchoolClass.Letter })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Grade).ThenBy(r => r.Letter, StringComparer.Ordinal).ThenBy(r => r.LastName).ThenBy(r => r.FirstName)
            .Select(r => new Choice(r.StudentId, PersonName.Full(r.LastName, r.FirstName, r.MiddleName), $"{r.Grade}{r.Letter}"))];
    }

    public async Task<Outcome<IReadOnlyList<Child>>> LinkAsync(string accountId, LinkInput input, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return AccountAdmin.Refused;
        if (await ParentIdAsync(accountId, ct) is not { } parentId) return NotAParent;
        if (input.StudentId is not { } studentId || string.IsNullOrWhiteSpace(input.Kind))
            return Problem.BadRequest("Не указан ребёнок",
                "Передайте studentId — ученика школы — и kind: mother, father, guardian, trustee или other.");
        if (Kinds.FirstOrDefault(k => k.Code == input.Kind.Trim()) is not { Code: not null } found)
            return Problem.BadRequest("Неизвестное родство", "kind — одно из: mother, father, guardian, trustee, other.");
        var kind = found.Kind;
        if (!await db.Students.AnyAsync(s => s.Id == studentId && s.SchoolId == me.SchoolId, ct))
            return Problem.BadRequest("Ученик не найден", $"В школе нет ученика с номером {studentId}.");
        if (await db.Set<StudentParent>().AnyAsync(l => l.ParentId == parentId && l.StudentId == studentId, ct))
            return new Problem(StatusCodes.Status409Conflict, "Ребёнок уже связан с этим родителем",
                "Эта связь уже есть; чтобы изменить родство, уберите связь и добавьте её заново.");
        db.Add(new StudentParent { ParentId = parentId, StudentId = studentId, Kind = kind });
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.RosterChanged, Entity, studentId, null,
            new LinkState(parentId, studentId, ParentRules.KindName(kind)), schoolId: me.SchoolId, ct: ct), ct);
        return await ListAsync(accountId, ct);
    }

    public async Task<Outcome<IReadOnlyList<Child>>> UnlinkAsync(string accountId, int studentId, CancellationToken ct)
    {
        if (!access.CanManageAccounts) return AccountAdmin.Refused;
        if (await ParentIdAsync(accountId, ct) is not { } parentId) return NotAParent;
        var link = await db.Set<StudentParent>().FirstOrDefaultAsync(l => l.ParentId == parentId && l.StudentId == studentId, ct);
        if (link is null) return Problem.NotFound("Такой связи нет");
        db.Remove(link);
        await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.RosterChanged, Entity, studentId,
            new LinkState(parentId, studentId, ParentRules.KindName(link.Kind)), null, schoolId: me.SchoolId, ct: ct), ct);
        return await ListAsync(accountId, ct);
    }

    private async Task<int?> ParentIdAsync(string accountId, CancellationToken ct)
    {
        var inSchool = await users.Users.AnyAsync(u => u.Id == accountId && u.SchoolId != null && u.SchoolId == me.SchoolId, ct);
        return inSchool ? await db.Parents.Where(p => p.UserId == accountId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) : null;
    }
}
