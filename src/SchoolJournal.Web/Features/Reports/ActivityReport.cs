using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Reports;

/// <summary>
/// «Активность пользователей» (R-REP-11), for every login of the school: his last sign-in, whether he was active in the dates
/// (signed in, wrote into the journal — the audit log's marks, attendance, lessons and period grades —, or, a parent, opened
/// the diary), by role and class, and who has never signed in. The app keeps each login's last sign-in only, so a sign-in
/// inside the dates followed by a later one is known by the journal entries and diary visits of the dates, not by itself.
/// </summary>
public sealed class ActivityReport([FromKeyedServices(ReadRouting.Reads)] AccessService access, SchoolCalendar calendar,
    CurrentUser user, [FromKeyedServices(ReadRouting.Reads)] JournalDbContext db)
{
    public sealed record UserRow(string UserId, string Login, string Name, IReadOnlyList<string> Roles, string Classes,
        DateTimeOffset? LastSignIn, bool Active, int JournalEntries, DateTimeOffset? LastDiaryVisit)
    {
        public bool NeverSignedIn => LastSignIn is null;
    }

    /// <summary>A role (<see cref="Role"/> null: every login, each once).</summary>
    public sealed record RoleRow(string? Role, string Name, int Users, int Active, int NeverSignedIn, int JournalEntries, int DiaryOpened);

    public sealed record Result(string Rule, DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<RoleRow> Roles, RoleRow Total,
        IReadOnlyList<UserRow> Users);

    public static readonly Problem NotAllowed = new(StatusCodes.Status403Forbidden, "Отчёт недоступен",
        "Активность пользователей видят директор и заместитель директора.");

    public const string Rule = "Учитываются открытые учётные записи школы. «Последний вход» — последний успешный вход (страница "
        + "или API); приложение хранит только последний вход, поэтому «активен в эти даты» — последний вход попал в даты, или в "
        + "эти даты пользователь вносил записи в журнал (отметки, посещаемость, темы и задания, отметки за период — по журналу "
        + "аудита), или родитель открывал дневник. «Ни разу не входил» — у учётной записи нет ни одного входа. Класс ученика — "
        + "его класс сегодня, родителя — классы его детей, классного руководителя — класс, который он ведёт. Пользователь с "
        + "несколькими ролями считается в каждой, в строке «Все пользователи» — один раз. Даты — по времени школы.";

    public async Task<Outcome<Result>> LoadAsync(DateOnly? from, DateOnly? to, string? role, int? classId, CancellationToken ct)
    {
        if (!access.ReadsSchoolReports) return NotAllowed;
        if (PlanFulfilmentReport.CheckDates(from, to) is { } bad) return bad;
        if (role is not null && !Roles.All.Contains(role))
            return Problem.BadRequest("Неизвестная роль", $"role может быть одной из: {string.Join(", ", Roles.All)}.");
        if (classId is int id && !await db.SchoolClasses.AnyAsync(c => c.Id == id, ct)) return Problem.NotFound("Класс не найден");
        var now = await calendar.NowAsync(ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(now.TimeZone);
        var (first, last) = (from!.Value, to!.Value);
        DateTimeOffset Start(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(d.ToDateTime(TimeOnly.MinValue)));
        var (since, until) = (Start(first).ToUniversalTime(), Start(last.AddDays(1)).ToUniversalTime());
        bool In(DateTimeOffset? at) => at is { } t && t >= since && t < until;

        var schoolId = user.SchoolId;
        var users = await db.Users.AsNoTracking().Where(u => u.SchoolId == schoolId && u.ClosedAt == null)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LastSignInAt }).ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles
                    join r in db.Roles on ur.RoleId equals r.Id
                    join u in db.Users on ur.UserId equals u.Id
                    where u.SchoolId == schoolId
                    select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Name!);

        // Each login's classes: a student's today, a parent's children's, a class teacher's own.
        var today = now.Today;
        var studentClasses = await db.Enrolments.AsNoTracking()
            .Where(e => e.Student!.UserId != null && e.From <= today && (e.To == null || e.To >= today))
            .Select(e => new { UserId = e.Student!.UserId!, e.SchoolClassId }).ToListAsync(ct);
        var parentClasses = await (from p in db.StudentParents
                where p.Parent!.UserId != null
                join e in db.Enrolments on p.StudentId equals e.StudentId
                where e.From <= today && (e.To == null || e.To >= today)
                select new { UserId = p.Parent!.UserId!, e.SchoolClassId }).ToListAsync(ct);
        var leaderClasses = await db.ClassTeachers.AsNoTracking()
            .Where(t => t.StaffMember!.UserId != null && t.From <= today && (t.To == null || t.To >= today)
                && db.AcademicYears.Any(y => y.Id == t.SchoolClass!.AcademicYearId && y.IsCurrent))
            .Select(t => new { UserId = t.StaffMember!.UserId!, t.SchoolClassId }).ToListAsync(ct);
        var classesOf = studentClasses.Concat(parentClasses).Concat(leaderClasses).ToLookup(c => c.UserId, c => c.SchoolClassId);
        var classNames = await db.SchoolClasses.AsNoTracking().Select(c => new { c.Id, c.Grade, c.Letter })
            .ToDictionaryAsync(c => c.Id, c => $"{c.Grade}{c.Letter}", ct);

        // Journal entries of the dates: SQLite cannot compare a DateTimeOffset, so the moments are read and compared here.
        var entries = (await db.AuditEvents.AsNoTracking()
                .Where(e => e.ActorUserId != null && e.Type >= AuditEventType.MarkCreated && e.Type < AuditEventType.PeriodLocked)
                .Select(e => new { e.ActorUserId, e.At }).ToListAsync(ct))
            .Where(e => In(e.At)).GroupBy(e => e.ActorUserId!).ToDictionary(g => g.Key, g => g.Count());
        var (fromMs, untilMs) = (since.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds());
        var visits = await db.DiaryAcknowledgments.AsNoTracking()
            .Where(a => a.AtMs >= fromMs && a.AtMs < untilMs)
            .Join(db.Parents.Where(p => p.UserId != null), a => a.ParentId, p => p.Id, (a, p) => new { p.UserId, a.AtMs })
            .GroupBy(v => v.UserId).Select(g => new { UserId = g.Key!, Last = g.Max(v => v.AtMs) })
            .ToDictionaryAsync(v => v.UserId, ct);

        var ru = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), false);
        var rows = users.Select(u =>
            {
                var own = classesOf[u.Id].Distinct().ToList();
                var journal = entries.GetValueOrDefault(u.Id);
                var diary = visits.GetValueOrDefault(u.Id);
                return (ClassIds: own, Row: new UserRow(u.Id, u.UserName ?? "", u.DisplayName,
                    [.. roles[u.Id].OrderBy(r => Array.IndexOf(Roles.All, r))],
                    string.Join(", ", own.Select(c => classNames.GetValueOrDefault(c) ?? "").Order(StringComparer.Ordinal)),
                    u.LastSignInAt, In(u.LastSignInAt) || journal > 0 || diary is not null, journal,
                    diary is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(diary.Last)));
            })
            .Where(x => (role is null || x.Row.Roles.Contains(role)) && (classId is null || x.ClassIds.Contains(classId.Value)))
            .Select(x => x.Row)
            .OrderBy(r => Array.IndexOf(Roles.All, r.Roles.FirstOrDefault() ?? "")).ThenBy(r => r.Name, ru).ToList();

        RoleRow Summarise(string? key, string name, IReadOnlyCollection<UserRow> of) => new(key, name, of.Count, of.Count(r => r.Active),
            of.Count(r => r.NeverSignedIn), of.Sum(r => r.JournalEntries), of.Count(r => r.LastDiaryVisit is not null));
        var byRole = Roles.All.Where(r => role is null || r == role)
            .Select(r => Summarise(r, Roles.Title(r), [.. rows.Where(u => u.Roles.Contains(r))])).Where(r => r.Users > 0).ToList();
        return Outcome<Result>.Ok(new Result(Rule, first, last, now.TimeZone, byRole, Summarise(null, "Все пользователи", rows), rows));
    }

    public static ReportFile ToFile(Result r)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone);
        string? Local(DateTimeOffset? at) =>
            at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) : null;
        static IReadOnlyList<object?> Counts(RoleRow x) => [x.Name, x.Users, x.Active, x.NeverSignedIn, x.JournalEntries, x.DiaryOpened];
        return new ReportFile($"Активность пользователей {r.From:dd.MM.yyyy}–{r.To:dd.MM.yyyy}", [r.Rule],
            ["Роль", "Пользователей", "Активны в эти даты", "Ни разу не входили", "Записей в журнал", "Родителей открывали дневник"],
            [.. r.Roles.Select(Counts), Counts(r.Total)],
            [
                new ReportFile.Part("Пользователи", ["Пользователь", "Логин", "Роли", "Классы", "Последний вход", "Активен в эти даты",
                        "Записей в журнал", "Последний раз открывал дневник в эти даты"],
                    [.. r.Users.Select(u => (IReadOnlyList<object?>)[u.Name, u.Login, string.Join(", ", u.Roles.Select(Roles.Title)), u.Classes,
                        Local(u.LastSignIn) ?? "ни разу не входил", u.Active ? "да" : "нет", u.JournalEntries, Local(u.LastDiaryVisit)])]),
            ]);
    }
}
