using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// Logins and initial passwords for a class (R-SEC-3): its students, their parents or both — the whole class or the persons
/// named — in one transaction with its ledger lines and audit events. A person who has a login keeps it: a parent with
/// children in two classes has one account whichever class issues first; his password is issued again only when asked
/// (<see cref="Request.Reissue"/>), and then the old one stops working. Closed and locked accounts are left to the
/// administrator.
/// </summary>
public sealed class IssueCredentials(JournalDbContext db, Infrastructure.ReadModels.ReadCacheInterceptor readCache, UserManager<AppUser> users,
    AccessService access, AuditLog audit,
    Credentials credentials)
{
    /// <summary>
    /// <see cref="Who"/>: students, parents or both; <see cref="PersonIds"/>: student ids (students, both) or parent ids (parents).
    /// </summary>
    public sealed record Request(string? Who, IReadOnlyList<int>? PersonIds, bool Reissue);

    public sealed record IssuedDto(int PersonId, string Kind, string Name, string Login, string InitialPassword);
    public sealed record SkippedDto(int PersonId, string Kind, string Name, string Login, string Reason);
    public sealed record Result(int SchoolId, string ClassName, IReadOnlyList<IssuedDto> Issued, IReadOnlyList<SkippedDto> Skipped,
        IReadOnlyList<CredentialSlips.Slip> Slips);

    private sealed record Target(Credentials.Person Person, string? UserId, string Who);

    public static readonly string[] WhoValues = ["students", "parents", "both"];

    public static Problem Refused => new(StatusCodes.Status403Forbidden, "Нет права выдавать логины этому классу",
        "Логины и пароли ученикам и родителям класса выдаёт его классный руководитель или системный администратор.");

    public async Task<Outcome<Result>> HandleAsync(int classId, Request request, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c => new { c.Grade, c.Letter, c.SchoolId }).FirstOrDefaultAsync(ct);
        if (cls is null) return Problem.NotFound("Класс не найден");
        if (!await access.CanIssueCredentialsAsync(classId, ct)) return Refused;
        var who = request.Who?.Trim().ToLowerInvariant();
        if (who is null || !WhoValues.Contains(who))
            return Problem.BadRequest("Не указано, кому выдать логины",
                "Поле who: students — ученикам, parents — родителям, both — ученикам и их родителям.");
        var className = $"{cls.Grade}{cls.Letter}";
        var targets = await TargetsAsync(classId, className, who, ct);
        if (request.PersonIds is { Count: > 0 } ids)
        {
            var kind = who == "parents" ? CredentialHolder.Parent : CredentialHolder.Student;
            var known = targets.Where(t => t.Person.Holder == kind).Select(t => t.Person.Id).ToHashSet();
            if (ids.Where(id => !known.Contains(id)).Select(id => (int?)id).FirstOrDefault() is int stranger)
                return Problem.BadRequest("Человек не из этого класса",
                    $"{(kind == CredentialHolder.Parent ? "Родителя" : "Ученика")} с номером {stranger} нет среди "
                    + $"{(kind == CredentialHolder.Parent ? "родителей учеников" : "учеников")} {className} класса.");
            targets = await ChosenAsync(targets, [.. ids], who, ct);
        }

        var issued = new List<IssuedDto>();
        var skipped = new List<SkippedDto>();
        var slips = new List<CredentialSlips.Slip>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var target in targets)
        {
            var person = target.Person;
            var kindCode = Credentials.Code(person.Holder);
            var account = target.UserId is null ? null : await users.FindByIdAsync(target.UserId);
            string password;
            if (account is null)
            {
                var (created, pwd, error) = await credentials.CreateAsync(person, cls.SchoolId, [Credentials.RoleOf(person.Holder)], null, classId);
                if (created is null) return Problem.BadRequest("Логин не создан", $"{person.FullName}: {error}");
                await LinkAsync(person, created.Id, ct);
                (account, password) = (created, pwd);
            }
            else
            {
                if (!await users.IsInRoleAsync(account, Credentials.RoleOf(person.Holder)))
                    await users.AddToRoleAsync(account, Credentials.RoleOf(person.Holder));
                var reason = account.ClosedAt is not null ? "учётная запись закрыта — её открывает системный администратор"
                    : await users.IsLockedOutAsync(account) ? "учётная запись заблокирована — обратитесь к системному администратору"
                    : !request.Reissue ? "логин уже выдан; новый пароль — только по просьбе «выдать пароль заново»"
                    : null;
                if (reason is not null)
                {
                    skipped.Add(new(person.Id, kindCode, person.FullName, account.UserName!, reason));
                    continue;
                }
                var (pwd, error) = await credentials.ReissueAsync(account, person, classId);
                if (error is not null) return Problem.BadRequest("Пароль не выдан", $"{person.FullName}: {error}");
                password = pwd;
            }
            issued.Add(new(person.Id, kindCode, person.FullName, account.UserName!, password));
            slips.Add(new(person.FullName, target.Who, account.UserName!, password));
        }
        await credentials.RecordAsync(audit, cls.SchoolId, ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Result>.Ok(new Result(cls.SchoolId, className, issued, skipped, slips));
    }

    /// <summary>The class's students today, then their parents (each parent once, however many children he has in it), by name.</summary>
    private async Task<List<Target>> TargetsAsync(int classId, string className, string who, CancellationToken ct)
    {
        var today = access.Today();
        var students = await db.Students.AsNoTracking()
            .Where(s => db.Enrolments.Any(e => e.StudentId == s.Id && e.SchoolClassId == classId && e.From <= today
                && (e.To == null || e.To >= today)))
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.LastName, s.FirstName, s.MiddleName, s.UserId,
                Parents = s.Parents.Select(p => new { p.ParentId, p.Parent!.LastName, p.Parent.FirstName, p.Parent.MiddleName, p.Parent.UserId })
                    .ToList(),
            })
            .ToListAsync(ct);
        var targets = new List<Target>();
        if (who != "parents")
            targets.AddRange(students.Select(s => new Target(
                new(CredentialHolder.Student, s.Id, s.LastName, s.FirstName, s.MiddleName), s.UserId, $"Обучающийся {className} класса")));
        if (who != "students")
            targets.AddRange(students.SelectMany(s => s.Parents.Select(p => (p, Child: $"{s.LastName} {s.FirstName}")))
                .GroupBy(x => x.p.ParentId)
                .Select(g => (P: g.First().p, Children: string.Join(", ", g.Select(x => x.Child))))
                .OrderBy(x => x.P.LastName).ThenBy(x => x.P.FirstName).ThenBy(x => x.P.ParentId)
                .Select(x => new Target(new(CredentialHolder.Parent, x.P.ParentId, x.P.LastName, x.P.FirstName, x.P.MiddleName), x.P.UserId,
                    $"Родитель (законный представитель): {x.Children}, {className} класс")));
        return targets;
    }

    /// <summary>The persons asked for; with «both», the students asked for and their parents.</summary>
    private async Task<List<Target>> ChosenAsync(List<Target> targets, List<int> ids, string who, CancellationToken ct)
    {
        if (who != "both") return [.. targets.Where(t => ids.Contains(t.Person.Id))];
        var parents = (await db.StudentParents.AsNoTracking().Where(sp => ids.Contains(sp.StudentId)).Select(sp => sp.ParentId).ToListAsync(ct))
            .ToHashSet();
        return [.. targets.Where(t => t.Person.Holder == CredentialHolder.Student ? ids.Contains(t.Person.Id) : parents.Contains(t.Person.Id))];
    }

    private async Task LinkAsync(Credentials.Person person, string userId, CancellationToken ct)
    {
        if (person.Holder == CredentialHolder.Student)
            await db.Students.Where(s => s.Id == person.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.UserId, userId), ct);
        else
            await db.Parents.Where(p => p.Id == person.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.UserId, userId), ct);
        // Who a login is (its student or parent record) is what the access sets are built from.
        readCache.Touched(db, db.CurrentSchoolId is int school and > 0 ? [Infrastructure.ReadModels.ReadDep.School(school)] : []);
    }
}
