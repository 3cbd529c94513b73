using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Year.Groups;

public sealed record ArrivalInput(string? LastName, string? FirstName, string? MiddleName, DateOnly? BirthDate, string? Gender, int? ClassId,
    DateOnly? Date, string? Order);

public sealed record TransferInput(int? ClassId, DateOnly? Date, string? Order);

public sealed record WithdrawalInput(DateOnly? Date, string? Order, string? Reason);

public sealed record GroupRef(int Id, string Name);

/// <summary>What a movement did: the student's stay, the groups he joined and left, the sub-groups of his class still to choose.</summary>
public sealed record MovementDto(int StudentId, string DisplayName, MovementRow Enrolment, IReadOnlyList<GroupRef> Joined,
    IReadOnlyList<GroupRef> Left,
    IReadOnlyList<GroupRef> SubGroupsToChoose);

public sealed record MovementRow(int Id, int ClassId, string ClassName, DateOnly From, DateOnly? To, string Reason, string? LeaveReason,
    string? Order);

/// <summary>
/// Движение обучающихся (R-YEAR-14): arrival, transfer between classes, withdrawal. Marks and attendance stay on the
/// student; the old journal keeps showing him up to his last day there. Only those who manage the year write: the
/// movement follows the director's order (приказ), the class teacher reads the history.
/// </summary>
public sealed class StudentMovement(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public const int NameMax = 100;
    public const int OrderMax = 200;
    public const int ReasonMax = 500;

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на движение обучающихся",
        "Прибытие, перевод и выбытие оформляют директор, заместитель директора и администратор по приказу директора.");

    public async Task<Outcome<MovementDto>> ArriveAsync(ArrivalInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return Refused;
        var last = input.LastName?.Trim();
        var first = input.FirstName?.Trim();
        var middle = string.IsNullOrWhiteSpace(input.MiddleName) ? null : input.MiddleName.Trim();
        if (string.IsNullOrEmpty(last) || string.IsNullOrEmpty(first)) return Problem.BadRequest("Не указано имя", "Укажите фамилию и имя ученика.");
        if (last.Length > NameMax || first.Length > NameMax || middle is { Length: > NameMax })
            return Problem.TooLong("Фамилия, имя, отчество", NameMax);
        if (input.BirthDate is not DateOnly birth) return Problem.BadRequest("Не указана дата рождения", "Укажите дату рождения в виде 2015-03-01.");
        if (ParseGender(input.Gender) is not Gender gender) return Problem.BadRequest("Не указан пол", "Пол: male (мужской) или female (женский).");
        if (input.ClassId is not int classId) return Problem.BadRequest("Не указан класс", "Укажите класс, в который прибывает ученик (classId).");
        var (cls, classProblem) = await ClassAsync(classId, ct);
        if (classProblem is not null) return classProblem;
        if (input.Date is not DateOnly date) return Problem.BadRequest("Не указана дата", "Укажите дату прибытия в виде 2026-11-23.");
        if (date < cls!.YearStart || date > cls.YearEnd) return OutsideYear(cls);
        if (birth >= date) return Problem.BadRequest("Неверная дата рождения", "Дата рождения должна быть раньше даты прибытия.");
        if (OrderProblem(input.Order) is { } orderProblem) return orderProblem;

        var student = new Student { SchoolId = School, LastName = last, FirstName = first, MiddleName = middle, BirthDate = birth, Gender = gender };
        var enrolment = new Enrolment { SchoolId = School, SchoolClassId = classId, From = date, Reason = EnrolmentReason.Arrival,
            Order = Clean(input.Order) };
        student.Enrolments.Add(enrolment);
        db.Students.Add(student);
        var joined = await JoinWholeClassGroupsAsync(student, classId, date, new HashSet<int>(), ct);
        await audit.SaveAuditedAsync(db, async () =>
        {
            await audit.RecordAsync(AuditEventType.StudentMoved, "student", student.Id, null,
                new { movement = "arrival", classId, date, order = enrolment.Order, student = student.FullName,
                    groups = joined.Select(g => g.Group.Id).ToList() }, ct: ct);
            foreach (var (_, m) in joined) await RecordRosterAsync(m, null, ct);
        }, ct);
        return Outcome<MovementDto>.Ok(await DtoAsync(student.Id, enrolment.Id, joined, [], classId, date, ct));
    }

    public async Task<Outcome<MovementDto>> TransferAsync(int studentId, TransferInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return Refused;
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return Problem.NotFound("Ученик не найден");
        if (input.ClassId is not int classId) return Problem.BadRequest("Не указан класс", "Укажите класс, в который переводится ученик (classId).");
        var (cls, classProblem) = await ClassAsync(classId, ct);
        if (classProblem is not null) return classProblem;
        if (input.Date is not DateOnly date)
            return Problem.BadRequest("Не указана дата", "Укажите дату перевода — первый день в новом классе, в виде 2026-11-23.");
        if (OrderProblem(input.Order) is { } orderProblem) return orderProblem;
        var current = await CurrentEnrolmentAsync(studentId, ct);
        if (current is null || current.To is not null) return NotEnrolled;
        if (current.SchoolClassId == classId)
            return Problem.BadRequest("Ученик уже в этом классе", "Перевод в тот же класс невозможен: выберите другой класс.");
        if (date <= current.From)
            return Problem.BadRequest("Дата раньше начала обучения в классе",
                $"Ученик учится в нынешнем классе с {current.From:dd.MM.yyyy}: дата перевода должна быть позже этого дня.");
        if (date < cls!.YearStart || date > cls.YearEnd) return OutsideYear(cls);

        var before = Row(current);
        current.To = date.AddDays(-1);
        current.LeaveReason = LeaveReason.Transfer;
        var next = new Enrolment { SchoolId = School, StudentId = studentId, SchoolClassId = classId, From = date, Reason = EnrolmentReason.Transfer,
            Order = Clean(input.Order) };
        db.Enrolments.Add(next);
        // Groups of the old class that the new class shares (a stream) go on; the others end the day before.
        var left = await EndMembershipsAsync(studentId, date.AddDays(-1),
            g => g.Classes.Any(c => c.SchoolClassId == current.SchoolClassId) && g.Classes.All(c => c.SchoolClassId != classId), ct);
        var keep = await db.GroupMemberships.Where(m => m.StudentId == studentId && (m.To == null || m.To >= date))
            .Select(m => m.TeachingGroupId).ToListAsync(ct);
        var kept = keep.Except(left.Select(l => l.Group.Id)).ToHashSet();
        var student = await db.Students.FirstAsync(s => s.Id == studentId, ct);
        var joined = await JoinWholeClassGroupsAsync(student, classId, date, kept, ct);
        await audit.SaveAuditedAsync(db, async () =>
        {
            await audit.RecordAsync(AuditEventType.StudentMoved, "student", studentId, before,
                new { movement = "transfer", fromClassId = before.ClassId, classId, date, order = next.Order,
                    groups = joined.Select(g => g.Group.Id).ToList(), leftGroups = left.Select(g => g.Group.Id).ToList() }, ct: ct);
            foreach (var (_, m, was) in left) await RecordRosterAsync(m, was, ct);
            foreach (var (_, m) in joined) await RecordRosterAsync(m, null, ct);
        }, ct);
        return Outcome<MovementDto>.Ok(await DtoAsync(studentId, next.Id, joined, left.Select(l => l.Group).ToList(), classId, date, ct));
    }

    public async Task<Outcome<MovementDto>> WithdrawAsync(int studentId, WithdrawalInput input, CancellationToken ct)
    {
        if (!access.CanManageYear) return Refused;
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return Problem.NotFound("Ученик не найден");
        if (input.Date is not DateOnly date)
            return Problem.BadRequest("Не указана дата", "Укажите дату выбытия — последний день обучения, в виде 2026-11-23.");
        if (OrderProblem(input.Order) is { } orderProblem) return orderProblem;
        var reason = Clean(input.Reason);
        if (reason is { Length: > ReasonMax }) return Problem.TooLong("Причина выбытия", ReasonMax);
        var current = await CurrentEnrolmentAsync(studentId, ct);
        if (current is null || current.To is not null) return NotEnrolled;
        if (date < current.From)
            return Problem.BadRequest("Дата раньше начала обучения в классе",
                $"Ученик учится в нынешнем классе с {current.From:dd.MM.yyyy}: дата выбытия не может быть раньше этого дня.");

        var before = Row(current);
        current.To = date;
        current.LeaveReason = LeaveReason.Withdrawal;
        var left = await EndMembershipsAsync(studentId, date, _ => true, ct);
        var account = date <= access.Today() ? await Accounts.AccountClosing.CloseLeaverAsync(db, studentId, date, time.GetUtcNow(), ct) : null;
        await audit.SaveAuditedAsync(db, async () =>
        {
            await audit.RecordAsync(AuditEventType.StudentMoved, "student", studentId, before,
                new { movement = "withdrawal", classId = current.SchoolClassId, date, order = Clean(input.Order),
                    leftGroups = left.Select(g => g.Group.Id).ToList() },
                reason: reason, ct: ct);
            foreach (var (_, m, was) in left) await RecordRosterAsync(m, was, ct);
            if (account is not null)
                await audit.RecordAsync(AuditEventType.AccountClosed, Account.AccountAudit.Entity, account.Id, null,
                    new { closed = true, studentId }, account.ClosedReason, ct: ct);
        }, ct);
        return Outcome<MovementDto>.Ok(await DtoAsync(studentId, current.Id, [], left.Select(l => l.Group).ToList(), null, date, ct));
    }

    /// <summary>The student's stays in classes, first to last.</summary>
    public static async Task<List<MovementRow>> HistoryAsync(JournalDbContext db, int studentId, CancellationToken ct)
    {
        var rows = await db.Enrolments.AsNoTracking().Where(e => e.StudentId == studentId)
            .Select(e => new { Enrolment = e, e.SchoolClass!.Grade, e.SchoolClass.Letter }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Enrolment.From).ThenBy(r => r.Enrolment.Id).Select(r => Row(r.Enrolment, $"{r.Grade}{r.Letter}"))];
    }

    public static string ReasonTitle(EnrolmentReason reason) => reason switch
    {
        EnrolmentReason.Arrival => "прибытие",
        EnrolmentReason.Transfer => "перевод",
        _ => "перевод в следующий класс",
    };

    public static string? LeaveTitle(LeaveReason? reason) => reason switch
    {
        null => null,
        LeaveReason.Transfer => "перевод",
        LeaveReason.Withdrawal => "выбытие",
        LeaveReason.Graduation => "выпуск",
        _ => "перевод в следующий класс",
    };

    private static MovementRow Row(Enrolment e, string className = "") =>
        new(e.Id, e.SchoolClassId, className, e.From, e.To, ReasonTitle(e.Reason), LeaveTitle(e.LeaveReason), e.Order);

    private int School => user.SchoolId!.Value;

    private static readonly Problem NotEnrolled = Problem.BadRequest("Ученик не учится в школе",
        "У ученика нет текущего зачисления в класс: он уже выбыл.");

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Problem? OrderProblem(string? order) => Clean(order) is { Length: > OrderMax } ? Problem.TooLong("Приказ", OrderMax) : null;

    private static Problem OutsideYear(ClassInfo cls) => Problem.BadRequest("Дата вне учебного года",
        $"Учебный год класса {cls.Name} идёт с {cls.YearStart:dd.MM.yyyy} по {cls.YearEnd:dd.MM.yyyy}.");

    public static Gender? ParseGender(string? gender) => gender?.Trim().ToLowerInvariant() switch
    {
        "male" or "m" or "м" or "мужской" or "1" => Gender.Male,
        "female" or "f" or "ж" or "женский" or "2" => Gender.Female,
        _ => null,
    };

    private sealed record ClassInfo(int Id, string Name, DateOnly YearStart, DateOnly YearEnd);

    private async Task<(ClassInfo?, Problem?)> ClassAsync(int classId, CancellationToken ct)
    {
        var cls = await db.SchoolClasses.AsNoTracking().Where(c => c.Id == classId)
            .Select(c =>
                new { c.Id, c.Grade, c.Letter,
                    Year = db.AcademicYears.Where(y => y.Id == c.AcademicYearId).Select(y => new { y.Start, y.End, y.IsClosed }).First() })
            .FirstOrDefaultAsync(ct);
        if (cls is null) return (null, Problem.BadRequest("Класс не найден", "В школе нет класса с таким номером."));
        if (cls.Year.IsClosed)
            return (null, Problem.BadRequest("Учебный год закрыт", "Учебный год этого класса закрыт: движение в нём не оформляется."));
        return (new ClassInfo(cls.Id, $"{cls.Grade}{cls.Letter}", cls.Year.Start, cls.Year.End), null);
    }

    /// <summary>The stay that is open, or the last one.</summary>
    private Task<Enrolment?> CurrentEnrolmentAsync(int studentId, CancellationToken ct) =>
        db.Enrolments.Where(e => e.StudentId == studentId)
            .OrderByDescending(e => e.To == null).ThenByDescending(e => e.From).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);

    /// <summary>Starts memberships from <paramref name="date"/> in the class's whole-class groups of its year, except those he is in
    /// already.</summary>
    private async Task<List<(GroupRef Group, GroupMembership Member)>> JoinWholeClassGroupsAsync(Student student, int classId, DateOnly date,
        IReadOnlySet<int> skip, CancellationToken ct)
    {
        var groups = await db.TeachingGroups.AsNoTracking()
            .Where(g => g.Kind == GroupKind.WholeClass && g.Classes.Any(c => c.SchoolClassId == classId))
            .OrderBy(g => g.Id).Select(g => new GroupRef(g.Id, g.Name)).ToListAsync(ct);
        var result = new List<(GroupRef, GroupMembership)>();
        foreach (var g in groups.Where(g => !skip.Contains(g.Id)))
        {
            var m = new GroupMembership { SchoolId = School, TeachingGroupId = g.Id, Student = student, From = date };
            db.GroupMemberships.Add(m);
            result.Add((g, m));
        }
        return result;
    }

    /// <summary>Ends at <paramref name="last"/> every stay of the student in the chosen groups that goes past it; a stay that would start later is
    /// removed.</summary>
    private async Task<List<(GroupRef Group, GroupMembership Member, object Before)>> EndMembershipsAsync(int studentId, DateOnly last,
        System.Linq.Expressions.Expression<Func<TeachingGroup, bool>> which, CancellationToken ct)
    {
        var groups = db.TeachingGroups.Where(which).Select(g => g.Id);
        var rows = await db.GroupMemberships.Where(m => m.StudentId == studentId
            && (m.To == null || m.To > last) && groups.Contains(m.TeachingGroupId))
            .Include(m => m.TeachingGroup).OrderBy(m => m.Id).ToListAsync(ct);
        var result = new List<(GroupRef, GroupMembership, object)>();
        foreach (var m in rows)
        {
            var before = new { groupId = m.TeachingGroupId, m.StudentId, m.From, m.To };
            if (m.From > last) db.GroupMemberships.Remove(m);
            else m.To = last;
            result.Add((new GroupRef(m.TeachingGroupId, m.TeachingGroup!.Name), m, before));
        }
        return result;
    }

    private Task<AuditEvent> RecordRosterAsync(GroupMembership m, object? before, CancellationToken ct) =>
        audit.RecordAsync(AuditEventType.RosterChanged, GroupMembers.Entity, m.Id, before,
            db.Entry(m).State == EntityState.Deleted ? null : new { groupId = m.TeachingGroupId, m.StudentId, m.From, m.To }, ct: ct);

    private async Task<MovementDto> DtoAsync(int studentId, int enrolmentId, List<(GroupRef Group, GroupMembership Member)> joined,
        List<GroupRef> left,
        int? classId, DateOnly date, CancellationToken ct)
    {
        var s = await db.Students.AsNoTracking()
            .Where(s => s.Id == studentId).Select(s => new { s.LastName, s.FirstName, s.MiddleName }).FirstAsync(ct);
        var row = (await HistoryAsync(db, studentId, ct)).First(r => r.Id == enrolmentId);
        var subGroups = classId is int c
            ? await db.TeachingGroups.AsNoTracking()
                .Where(g => g.Kind == GroupKind.SubGroup && g.Classes.Any(x => x.SchoolClassId == c)
                    && !g.Members.Any(m => m.StudentId == studentId && (m.To == null || m.To >= date)))
                .OrderBy(g => g.Id).Select(g => new GroupRef(g.Id, g.Name)).ToListAsync(ct)
            : [];
        return new MovementDto(studentId, PersonName.Full(s.LastName, s.FirstName, s.MiddleName), row, [.. joined.Select(j => j.Group)], left,
            subGroups);
    }
}
