using System.IO.Compression;
using CsvHelper;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// The current school as a OneRoster 1.2 CSV package in bulk mode (R-X-3, the export half): manifest.csv, orgs, academicSessions,
/// courses, classes, users, roles and enrollments, columns in the spec's order, UTF-8, RFC 4180, lower-case booleans, dates
/// yyyy-MM-dd; in bulk mode <c>status</c> and <c>dateLastModified</c> stay blank, so the package holds no date-time. Ids come from
/// <see cref="SourcedIds"/>. The mapping of the school's concepts is in docs/guides/admin.md, «OneRoster». What leaves is what the lists'
/// export lets leave (<see cref="ListExport"/>): the current year, its students now in a class, their parents, staff at work; no
/// birth dates, СНИЛС or sex (demographics.csv is absent).
/// </summary>
public sealed class OneRosterExport(JournalDbContext db, AccessService access, AuditLog audit, CurrentUser user, TimeProvider time)
{
    /// <summary>Every file of the 1.2 CSV binding, in the manifest's order.</summary>
    public static readonly string[] Files =
    [
        "academicSessions", "categories", "classes", "classResources", "courseResources", "courses", "demographics", "enrollments",
        "lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales", "orgs", "resources", "resultLearningObjectiveIds", "results",
        "resultScoreScales", "roles", "scoreScales", "userProfiles", "userResources", "users",
    ];

    /// <summary>The columns of the files this package holds, in the spec's order.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Headers = new Dictionary<string, string[]>
    {
        ["orgs"] = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        ["academicSessions"] = ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],
        ["courses"] = ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects",
            "subjectCodes"],
        ["classes"] = ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
            "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"],
        ["users"] = ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
            "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier", "preferredGivenName",
            "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"],
        ["roles"] = ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
            "userProfileSourcedId"],
        ["enrollments"] = ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
            "beginDate", "endDate"],
    };

    public static readonly Problem NoYear = new(StatusCodes.Status409Conflict, "Нет текущего учебного года",
        "OneRoster выгружает текущий учебный год: создайте его в разделе «Учебный год».");

    public async Task<Outcome<ExportFile>> ExportAsync(CancellationToken ct)
    {
        if (!access.CanExport) return ListExport.Refused;
        if (await BuildAsync(ct) is not { } package) return NoYear;
        var zip = Zip(package);
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        await audit.SaveAuditedAsync(db, async () =>
            await audit.RecordAsync(AuditEventType.DataExported, "export", "oneroster", null,
                new { list = "oneroster", format = "zip", rows = package.ToDictionary(f => f.Key, f => f.Value.Count) }, ct: ct), ct);
        return Outcome<ExportFile>.Ok(new ExportFile(zip, "application/zip", $"oneroster-{today:yyyy-MM-dd}.zip"));
    }

    /// <summary>Each file's rows without the header; null when the school has no current year.</summary>
    public async Task<Dictionary<string, List<string?[]>>?> BuildAsync(CancellationToken ct)
    {
        var yearId = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        if (await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == yearId, ct) is not { } year) return null;
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == user.SchoolId).Select(s => new { s.Id, s.Name }).SingleAsync(ct);
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var org = SourcedIds.Of("org", school.Id);
        var yearSid = SourcedIds.Of("year", year.Id);

        var periods = await db.StudyPeriods.AsNoTracking().Where(p => p.AcademicYearId == year.Id && p.Kind != PeriodKind.Year)
            .OrderBy(p => p.Start).ThenBy(p => p.Id).ToListAsync(ct);
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year.Id).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .ThenBy(c => c.Id).Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
        var classIds = classes.Select(c => c.Id).ToList();
        var groups = await db.TeachingGroups.AsNoTracking().Where(g => g.AcademicYearId == year.Id).OrderBy(g => g.Id)
            .Select(g => new { g.Id, g.Name, g.SubjectId, Subject = g.Subject!.Name, SubjectShort = g.Subject.ShortName,
                Classes = g.Classes.Select(c => c.SchoolClassId).ToList() })
            .ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var enrolments = (await db.Enrolments.AsNoTracking().Where(e => e.To == null && classIds.Contains(e.SchoolClassId))
                .Select(e => new { e.Id, e.StudentId, e.SchoolClassId, e.From }).ToListAsync(ct))
            .GroupBy(e => e.StudentId).Select(g => g.MaxBy(e => e.From)!).OrderBy(e => e.StudentId).ToList();
        var studentIds = enrolments.Select(e => e.StudentId).ToList();
        var students = await db.Students.AsNoTracking().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.UserId, s.LastName, s.FirstName, s.MiddleName }).ToDictionaryAsync(s => s.Id, ct);
        var links = await db.StudentParents.AsNoTracking().Where(l => studentIds.Contains(l.StudentId))
            .Select(l => new { l.StudentId, l.ParentId, l.Kind }).ToListAsync(ct);
        var parentIds = links.Select(l => l.ParentId).Distinct().ToList();
        var parents = await db.Parents.AsNoTracking().Where(p => parentIds.Contains(p.Id)).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.UserId, p.LastName, p.FirstName, p.MiddleName, p.Email, p.Phone }).ToListAsync(ct);
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null || s.DismissedOn > today).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.UserId, s.LastName, s.FirstName, s.MiddleName, s.Email, s.Phone, s.HiredOn,
                Positions = s.Positions.OrderBy(p => p.Id).Select(p => p.Kind).ToList() })
            .ToListAsync(ct);
        var staffIds = staff.Select(s => s.Id).ToList();
        var classTeachers = await db.ClassTeachers.AsNoTracking()
            .Where(t => t.To == null && classIds.Contains(t.SchoolClassId) && staffIds.Contains(t.StaffMemberId)).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.SchoolClassId, t.StaffMemberId, t.From }).ToListAsync(ct);
        var members = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.To == null && groupIds.Contains(m.TeachingGroupId) && studentIds.Contains(m.StudentId)).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.TeachingGroupId, m.StudentId, m.From }).ToListAsync(ct);
        var assignments = await db.TeachingAssignments.AsNoTracking()
            .Where(a => a.To == null && groupIds.Contains(a.TeachingGroupId) && staffIds.Contains(a.StaffMemberId)).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.TeachingGroupId, a.StaffMemberId, a.From }).ToListAsync(ct);
        var userIds = students.Values.Select(s => s.UserId).Concat(parents.Select(p => p.UserId)).Concat(staff.Select(s => s.UserId)).OfType<string>()
            .ToList();
        var logins = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => u.UserName, ct);

        var gradeOf = classes.ToDictionary(c => c.Id, c => c.Grade);
        var levelOf = classes.ToDictionary(c => c.Id, c => new SchoolClass { Grade = c.Grade, Letter = "" }.Level);
        // A period is a class's own, or its level's or the whole school's (the class journal's rule); a class is held in each of them.
        IEnumerable<string> Terms(IEnumerable<int> classIdsOfClass)
        {
            var ids = classIdsOfClass.ToList();
            var terms = periods.Where(p => p.SchoolClassId is int own ? ids.Contains(own)
                    : ids.Any(id => p.Level is null || p.Level == levelOf[id]))
                .Select(p => SourcedIds.Of("period", p.Id)).ToList();
            return terms.Count > 0 ? terms : [yearSid];
        }
        string Student(int id) => SourcedIds.Of("user", "student", id);
        string Parent(int id) => SourcedIds.Of("user", "parent", id);
        string Staff(int id) => SourcedIds.Of("user", "staff", id);
        string Login(string? userId, string sid) =>
            userId is not null && logins.TryGetValue(userId, out var login) && login is not null ? login : sid;

        var package = new Dictionary<string, List<string?[]>>
        {
            ["orgs"] = [[org, null, null, school.Name, "school", null, null]],
            ["academicSessions"] =
            [
                [yearSid, null, null, year.Name, "schoolYear", Date(year.Start), Date(year.End), null,
                    year.End.Year.ToString(CultureInfo.InvariantCulture)],
                .. periods.Select(p => new string?[]
                {
                    SourcedIds.Of("period", p.Id), null, null,
                    PeriodTitle(p, classes.FirstOrDefault(c => c.Id == p.SchoolClassId) is { } own ? $"{own.Grade}{own.Letter}" : null),
                    p.Kind == PeriodKind.HalfYear ? "semester" : "term", Date(p.Start), Date(p.End), yearSid,
                    year.End.Year.ToString(CultureInfo.InvariantCulture),
                }),
            ],
        };

        // Courses: one per parallel for the homerooms, one per subject and parallel (the lowest of a group's classes) for the groups.
        int? GroupGrade(List<int> ids) => ids.Where(gradeOf.ContainsKey).Select(id => (int?)gradeOf[id]).Min();
        var courses = new List<string?[]>();
        foreach (var grade in classes.Select(c => c.Grade).Distinct().Order())
            courses.Add([SourcedIds.Of("course", "homeroom", grade), null, null, yearSid, $"{grade} классы", $"HR-{grade:00}", Grade(grade), org,
                null, null]);
        foreach (var g in groups.Select(g => new { g.SubjectId, g.Subject, g.SubjectShort, Grade = GroupGrade(g.Classes) })
                     .DistinctBy(g => (g.SubjectId, g.Grade)).OrderBy(g => g.Grade).ThenBy(g => g.SubjectId))
            courses.Add([SourcedIds.Of("course", g.SubjectId, g.Grade?.ToString(CultureInfo.InvariantCulture) ?? ""), null, null, yearSid,
                g.Grade is { } gr ? $"{g.Subject}, {gr} класс" : g.Subject, g.Grade is { } c ? $"{g.SubjectShort}-{c:00}" : g.SubjectShort,
                g.Grade is { } x ? Grade(x) : null, org, g.Subject, null]);
        package["courses"] = courses;

        package["classes"] =
        [
            .. classes.Select(c => new string?[]
            {
                SourcedIds.Of("class", "homeroom", c.Id), null, null, $"{c.Grade}{c.Letter}", Grade(c.Grade),
                SourcedIds.Of("course", "homeroom", c.Grade), $"{c.Grade}{c.Letter}", "homeroom", null, org, List(Terms([c.Id])), null, null, null,
            }),
            .. groups.Select(g => new string?[]
            {
                SourcedIds.Of("class", "group", g.Id), null, null, g.Name,
                List(g.Classes.Where(gradeOf.ContainsKey).Select(id => gradeOf[id]).Distinct().Order().Select(Grade)),
                SourcedIds.Of("course", g.SubjectId, GroupGrade(g.Classes)?.ToString(CultureInfo.InvariantCulture) ?? ""), null, "scheduled", null,
                org, List(Terms(g.Classes)), g.Subject, null, null,
            }),
        ];

        var childrenOf = links.ToLookup(l => l.ParentId, l => l.StudentId);
        var parentsOf = links.ToLookup(l => l.StudentId, l => l.ParentId);
        package["users"] =
        [
            .. enrolments.Select(e => students[e.StudentId]).Select(s => User(Student(s.Id), s.UserId is not null, Login(s.UserId, Student(s.Id)),
                s.FirstName, s.LastName, s.MiddleName, null, null, List(parentsOf[s.Id].Order().Select(Parent)),
                Grade(gradeOf[enrolments.First(e => e.StudentId == s.Id).SchoolClassId]), org)),
            .. parents.Select(p => User(Parent(p.Id), p.UserId is not null, Login(p.UserId, Parent(p.Id)), p.FirstName, p.LastName, p.MiddleName,
                p.Email, p.Phone, List(childrenOf[p.Id].Order().Select(Student)), null, org)),
            .. staff.Select(s => User(Staff(s.Id), s.UserId is not null, Login(s.UserId, Staff(s.Id)), s.FirstName, s.LastName, s.MiddleName, s.Email,
                s.Phone, null, null, org)),
        ];

        var parentRole = links.GroupBy(l => l.ParentId)
            .ToDictionary(g => g.Key, g => g.Any(l => l.Kind is RepresentativeKind.Mother or RepresentativeKind.Father) ? "parent"
                : g.Any(l => l.Kind is RepresentativeKind.Guardian or RepresentativeKind.Trustee) ? "guardian" : "relative");
        package["roles"] =
        [
            .. enrolments.Select(e =>
                Role(SourcedIds.Of("role", "student", e.StudentId), Student(e.StudentId), "primary", "student", Date(e.From), org)),
            .. parents.Select(p => Role(SourcedIds.Of("role", "parent", p.Id), Parent(p.Id), "primary", parentRole[p.Id], null, org)),
            .. staff.SelectMany(s => StaffRoles(s.Positions).Select((role, i) =>
                Role(SourcedIds.Of("role", "staff", s.Id, role), Staff(s.Id), i == 0 ? "primary" : "secondary", role,
                    s.HiredOn is { } h ? Date(h) : null, org))),
        ];

        var firstTeacher = assignments.GroupBy(a => a.TeachingGroupId).ToDictionary(g => g.Key, g => g.First().Id);
        package["enrollments"] =
        [
            .. enrolments.Select(e => Enrollment(SourcedIds.Of("enrollment", "enrolment", e.Id),
                SourcedIds.Of("class", "homeroom", e.SchoolClassId), org, Student(e.StudentId), "student", false, e.From)),
            .. classTeachers.Select(t => Enrollment(SourcedIds.Of("enrollment", "classTeacher", t.Id),
                SourcedIds.Of("class", "homeroom", t.SchoolClassId), org, Staff(t.StaffMemberId), "teacher", true, t.From)),
            .. members.Select(m => Enrollment(SourcedIds.Of("enrollment", "membership", m.Id),
                SourcedIds.Of("class", "group", m.TeachingGroupId), org, Student(m.StudentId), "student", false, m.From)),
            .. assignments.Select(a => Enrollment(SourcedIds.Of("enrollment", "assignment", a.Id), SourcedIds.Of("class", "group", a.TeachingGroupId),
                org, Staff(a.StaffMemberId), "teacher", firstTeacher[a.TeachingGroupId] == a.Id, a.From)),
        ];
        return package;
    }

    private static string?[] User(string sid, bool enabled, string username, string given, string family, string? middle, string? email,
        string? phone, string? agents, string? grades, string org) =>
        [sid, null, null, Bool(enabled), username, null, given, family, middle, null, email, null, phone, agents, grades, null, null, null, null,
            null, org, null];

    private static string?[] Role(string sid, string user, string type, string role, string? begin, string org) =>
        [sid, null, null, user, type, role, begin, null, org, null];

    private static string?[] Enrollment(string sid, string cls, string org, string user, string role, bool primary, DateOnly begin) =>
        [sid, null, null, cls, org, user, role, Bool(primary), Date(begin), null];

    /// <summary>A member of staff's OneRoster roles, one per kind of position, the first position's first.</summary>
    public static IEnumerable<string> StaffRoles(IEnumerable<PositionKind> positions)
    {
        var roles = positions.Select(p => p switch
        {
            PositionKind.Director => "principal",
            PositionKind.Deputy => "siteAdministrator",
            PositionKind.Teacher => "teacher",
            PositionKind.SystemAdministrator => "systemAdministrator",
            PositionKind.Psychologist or PositionKind.SocialPedagogue => "counselor",
            _ => "aide",
        }).Distinct().ToList();
        return roles.Count > 0 ? roles : ["aide"];
    }

    /// <summary>«I четверть», «I четверть (5–9 классы)», «I четверть (5А)»: the periods of the levels share names and dates.</summary>
    private static string PeriodTitle(StudyPeriod p, string? className) => (className, p.Level) switch
    {
        ({ } name, _) => $"{p.Name} ({name})",
        (null, EducationLevel.Primary) => $"{p.Name} (1–4 классы)",
        (null, EducationLevel.Basic) => $"{p.Name} (5–9 классы)",
        (null, EducationLevel.Secondary) => $"{p.Name} (10–11 классы)",
        _ => p.Name,
    };

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>OneRoster's grade code: «05» for the 5th.</summary>
    private static string Grade(int grade) => grade.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>A multi-valued field: comma-separated in one (quoted) field; blank when empty.</summary>
    private static string? List(IEnumerable<string> values) => string.Join(',', values) is { Length: > 0 } text ? text : null;

    public static byte[] Zip(Dictionary<string, List<string?[]>> package)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            List<string?[]> manifest =
            [
                ["manifest.version", "1.0"],
                ["oneroster.version", "1.2"],
                .. Files.Select(f => new string?[] { $"file.{f}", package.ContainsKey(f) ? "bulk" : "absent" }),
                ["source.systemName", "SchoolJournal"],
                ["source.systemCode", "SchoolJournal"],
            ];
            Add(zip, "manifest.csv", ["propertyName", "value"], manifest);
            foreach (var file in Files.Where(package.ContainsKey)) Add(zip, file + ".csv", Headers[file], package[file]);
        }
        return buffer.ToArray();
    }

    // A fixed time on every entry: two exports of the same school are the same bytes.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void Add(ZipArchive zip, string name, string[] headers, List<string?[]> rows)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions
        {
            Separator = ',', WriteByteOrderMark = false,
            ShouldQuote = (field, _, _, _) => field.IndexOfAny(",\"\r\n") >= 0,
        });
        csv.WriteRecord(headers);
        foreach (var row in rows) csv.WriteRecord([.. row.Select(v => v ?? "")]);
    }
}
