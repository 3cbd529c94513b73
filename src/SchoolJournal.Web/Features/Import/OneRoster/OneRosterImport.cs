using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Export;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Import.OneRoster;

/// <summary>How many rows of one kind the import creates, changes, leaves alone and closes (a stay or membership that ends).</summary>
public sealed record ImportCount(string What, int Created, int Changed, int Unchanged, int Closed);

/// <summary>The outcome of a package: with problems nothing is written; <see cref="Applied"/> is false for a dry run.</summary>
public sealed record OneRosterResult(string Mode, bool Applied, IReadOnlyList<ImportCount> Counts, IReadOnlyList<PackageProblem> Problems,
    IReadOnlyList<PackageProblem> Warnings, IReadOnlyList<string> Notes)
{
    /// <summary>The import's batch once written: <c>POST /api/v1/imports/{batchId}/undo</c> takes it back.</summary>
    public int? BatchId { get; init; }

    public int Count(string what, Func<ImportCount, int> field) => Counts.FirstOrDefault(c => c.What == what) is { } c ? field(c) : 0;
}

/// <summary>
/// OneRoster 1.2 CSV import (R-X-1, bulk and delta), the reverse of <see cref="OneRosterExport"/>: the whole package is checked
/// (<see cref="OneRosterPackage"/>), then everything is planned on the school's tracked rows and written in one transaction, or, for a
/// dry run, thrown away. Rows are found by the ids of earlier imports (<see cref="ExternalId"/>), then by our own export's ids (only in a
/// package of this very school, and when the name agrees), then by name (and birth date). Nothing is ever deleted: <c>tobedeleted</c>
/// closes a stay in a class, a group membership, a teaching assignment or dismisses a member of staff. The mapping is decision 0014.
/// </summary>
public sealed partial class OneRosterImport(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public const string System = "oneroster";

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на импорт",
        "Импорт OneRoster выполняют директор, заместитель директора и администратор.");

    public static readonly Problem NoYear = new(StatusCodes.Status409Conflict, "Нет текущего учебного года",
        "Классы и группы из пакета попадают в текущий учебный год: создайте его в разделе «Учебный год».");

    public static readonly Problem NoGrading = new(StatusCodes.Status409Conflict, "Нет системы оценивания",
        "Учебным группам нужна система оценивания: заведите её в справочниках.");

    public const string Classes = "Классы", Groups = "Учебные группы", Subjects = "Предметы", Students = "Ученики", Parents = "Родители",
        Staff = "Сотрудники", Links = "Связи ученик — представитель", Enrolments = "Зачисления в классы", ClassTeachers = "Классные руководители",
        Members = "Составы групп", Assignments = "Нагрузка учителей", Sessions = "Учебные годы и периоды", Ids = "Идентификаторы OneRoster";

    private readonly Dictionary<string, int[]> _counts = new();
    private readonly List<string> _notes = [];
    private readonly List<PackageProblem> _warnings = [];

    private void Count(string what, int action, int n = 1)
    {
        if (!_counts.TryGetValue(what, out var c)) _counts[what] = c = new int[4];
        c[action] += n;
    }

    private const int Create = 0, Change = 1, Same = 2, Close = 3;

    /// <summary>
    /// Checks the package and, unless <paramref name="dryRun"/>, writes it with what the undo needs on an <see cref="ImportBatch"/>: the
    /// previewed one the page confirms (<paramref name="batch"/>), or a new one named <paramref name="fileName"/> for the API.
    /// </summary>
    public async Task<Outcome<OneRosterResult>> RunAsync(byte[] content, bool dryRun, bool strict, CancellationToken ct,
        ImportBatch? batch = null, string? fileName = null)
    {
        if (!access.CanImport) return Refused;
        var schoolId = user.SchoolId!.Value;
        var ext = await db.ExternalIds.Where(e => e.System == System).ToListAsync(ct);
        var extMap = ext.ToDictionary(e => (e.Kind, e.Key));
        var s = new State { SchoolId = schoolId };
        await s.LoadAsync(db, ct);
        var pkg = OneRosterPackage.Read(content, (kind, key) => extMap.ContainsKey((kind, key)) || s.Own.ContainsKey(key), strict);
        if (pkg.Problems.Count > 0)
            return Outcome<OneRosterResult>.Ok(new OneRosterResult(pkg.Mode, false, [], pkg.Problems, pkg.Warnings, []));
        if (s.Year is null) return NoYear;
        _warnings.AddRange(pkg.Warnings);
        var today = await SchoolCalendar.TodayAsync(db, schoolId, time, ct);

        // Orgs: the school of the package is ours; the others (districts, departments, other schools) stay outside.
        var orgs = pkg.Rows("orgs");
        var ownOrg = SourcedIds.Of("org", schoolId);
        s.TrustOwn = orgs.Any(o => o.Id == ownOrg) || (orgs.Count == 0 && (pkg.Rows("classes").Any(c => c["schoolSourcedId"] == ownOrg)
            || pkg.Rows("enrollments").Any(e => e["schoolSourcedId"] == ownOrg) || pkg.Rows("roles").Any(r => r["orgSourcedId"] == ownOrg)));
        var schools = orgs.Where(o => o["type"] == "school").ToList();
        var ours = schools.FirstOrDefault(o => extMap.TryGetValue(("org", o.Id), out var e) && e.EntityId == schoolId)
            ?? schools.FirstOrDefault(o => o.Id == ownOrg)
            ?? (schools.Count == 1 ? schools[0] : schools.FirstOrDefault(o => o["name"] == s.SchoolName || o["name"] == s.SchoolShortName));
        if (ours is null && schools.Count > 1)
            return Problem.BadRequest("Какая школа пакета — ваша?",
                $"В orgs.csv несколько школ ({string.Join(", ", schools.Select(o => $"«{o["name"]}»"))}), " +
                "и ни одна не совпадает с вашей по названию. " +
                "Выгрузите пакет одной школы.");
        var ourOrgs = new HashSet<string>(ext.Where(e => e.Kind == "org").Select(e => e.Key), StringComparer.Ordinal) { ownOrg };
        if (ours is not null)
        {
            ourOrgs.Add(ours.Id);
            s.Keep("org", ours.Id, "school", schoolId);
        }
        foreach (var o in orgs.Where(o => o != ours))
            _notes.Add($"Организация «{o["name"]}» (<code>{o["type"]}</code>) не импортируется: журнал ведёт одну школу.");
        var orgType = orgs.ToDictionary(o => o.Id, o => o["type"]);
        bool Ours(string? org) => org is null || ourOrgs.Contains(org) || (orgType.TryGetValue(org, out var t) && t != "school");

        // Academic sessions: matched with the school's years and periods by their dates; the calendar itself is set up in «Учебный год».
        foreach (var a in pkg.Rows("academicSessions"))
        {
            var (start, end) = (DateOnly.Parse(a["startDate"]!, CultureInfo.InvariantCulture),
                DateOnly.Parse(a["endDate"]!, CultureInfo.InvariantCulture));
            (string, int)? hit = s.Resolve(extMap, "academicSession", a.Id) is { } r ? r
                : a["type"] == "schoolYear" ? s.YearsList.FirstOrDefault(y => y.Start == start && y.End == end) is { } y ? ("year", y.Id) : null
                : s.Periods.FirstOrDefault(p => p.Start == start && p.End == end) is { } p ? ("period", p.Id) : null;
            if (hit is { } h) { s.Keep("academicSession", a.Id, h.Item1, h.Item2); Count(Sessions, Same); }
            else _notes.Add($"Период «{a["title"]}» ({start:dd.MM.yyyy}–{end:dd.MM.yyyy}) не совпал по датам " +
                "ни с учебным годом, ни с периодом школы: " +
                "не импортируется (годы и четверти заводятся в разделе «Учебный год»).");
        }

        // Courses → subjects: the first of «subjects», else the title; a course only of homerooms is no subject.
        var classRows = pkg.Rows("classes").Where(c => Ours(c["schoolSourcedId"])).ToList();
        var homeroomCourses = classRows.Where(c => c["classType"] == "homeroom").Select(c => c["courseSourcedId"]!).ToHashSet();
        var scheduledCourses = classRows.Where(c => c["classType"] != "homeroom").Select(c => c["courseSourcedId"]!).ToHashSet();
        var subjectOf = new Dictionary<string, Subject>(StringComparer.Ordinal);
        var subjectsSeen = new HashSet<Subject>();
        foreach (var c in pkg.Rows("courses"))
        {
            if (homeroomCourses.Contains(c.Id) && !scheduledCourses.Contains(c.Id)) continue;
            if (c.ToBeDeleted) { _notes.Add($"Курс «{c["title"]}» отмечен к удалению: предметы не удаляются."); continue; }
            var name = c.List("subjects").FirstOrDefault() ?? c["title"]!;
            Subject? subject = s.Resolve(extMap, "course", c.Id) is ("subject", var id) ? s.SubjectList.FirstOrDefault(x => x.Id == id) : null;
            subject ??= s.SubjectList.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
            if (subject is null)
            {
                subject = new Subject { SchoolId = schoolId, Name = Cut(name, 200), ShortName = Cut(name, 20), Component = SubjectComponent.Federal,
                    SortOrder = s.SubjectList.Count == 0 ? 1 : s.SubjectList.Max(x => x.SortOrder) + 1 };
                db.Subjects.Add(subject);
                s.SubjectList.Add(subject);
                Count(Subjects, Create);
            }
            else if (!subjectsSeen.Contains(subject)) Count(Subjects, Same);
            subjectsSeen.Add(subject);
            subjectOf[c.Id] = subject;
            s.Keep("course", c.Id, subject);
        }

        // Classes: homerooms → classes of the current year («5А»), the others → teaching groups.
        var homerooms = new Dictionary<string, SchoolClass>(StringComparer.Ordinal);
        var groups = new Dictionary<string, TeachingGroup>(StringComparer.Ordinal);
        var newGroups = new List<TeachingGroup>();
        foreach (var c in pkg.Rows("classes"))
        {
            if (!Ours(c["schoolSourcedId"])) { _notes.Add($"Класс «{c["title"]}» другой организации пропущен."); continue; }
            if (c.ToBeDeleted)
            {
                _notes.Add($"Класс «{c["title"]}» отмечен к удалению: классы и группы с их журналами не удаляются, закрываются только составы.");
            }
            if (c["classType"] == "homeroom")
            {
                var known = s.Resolve(extMap, "class", c.Id) is ("class", var id) ? s.ClassList.FirstOrDefault(x => x.Id == id) : null;
                if (known is not null && !extMap.ContainsKey(("class", c.Id)) && known.Name != c["title"]) known = null; // another installation's id
                if (known is null && ParseClass(c["title"]!) is not { } parsed && ParseClass(c["classCode"] ?? "") is not { } _)
                {
                    _warnings.Add(new("classes.csv", c.Line, "title",
                        $"«{c["title"]}» не похоже на название класса («5А»): класс и его зачисления пропущены."));
                    continue;
                }
                var (grade, letter) = known is not null ? (known.Grade, known.Letter)
                    : (ParseClass(c["title"]!) ?? ParseClass(c["classCode"]!))!.Value;
                known ??= s.ClassList.FirstOrDefault(x => x.Grade == grade && x.Letter == letter);
                if (known is null)
                {
                    if (c.ToBeDeleted) continue;
                    known = new SchoolClass { SchoolId = schoolId, AcademicYearId = s.Year.Id, Grade = grade, Letter = letter };
                    db.SchoolClasses.Add(known);
                    s.ClassList.Add(known);
                    Count(Classes, Create);
                }
                else Count(Classes, Same);
                homerooms[c.Id] = known;
                s.Keep("class", c.Id, known);
            }
            else
            {
                if (!subjectOf.TryGetValue(c["courseSourcedId"]!, out var subject)
                    && !(s.Resolve(extMap, "course", c["courseSourcedId"]!) is ("subject", var sid)
                        && (subject = s.SubjectList.FirstOrDefault(x => x.Id == sid)) is not null))
                {
                    _warnings.Add(new("classes.csv", c.Line, "courseSourcedId", "предмет курса не найден: группа пропущена."));
                    continue;
                }
                var known = s.Resolve(extMap, "class", c.Id) is ("group", var id) ? s.GroupList.FirstOrDefault(x => x.Id == id) : null;
                if (known is not null && !extMap.ContainsKey(("class", c.Id)) && known.Name != c["title"]) known = null; // another installation's id
                known ??= s.GroupList.FirstOrDefault(g => g.Name == c["title"] && (g.SubjectId == subject.Id || g.Subject == subject));
                if (known is null)
                {
                    if (c.ToBeDeleted) continue;
                    if (s.Grading is not { } grading) return NoGrading;
                    known = new TeachingGroup { SchoolId = schoolId, AcademicYearId = s.Year.Id, Subject = subject, Name = Cut(c["title"]!, 200),
                        Kind = GroupKind.Stream, GradingSystemId = grading };
                    db.TeachingGroups.Add(known);
                    s.GroupList.Add(known);
                    newGroups.Add(known);
                    Count(Groups, Create);
                }
                else Count(Groups, Same);
                groups[c.Id] = known;
                s.Keep("class", c.Id, known);
            }
        }

        // Users: their kind by their roles at the school (primary first), else by their enrolments.
        var roles = pkg.Rows("roles").Where(r => Ours(r["orgSourcedId"]) && !r.ToBeDeleted)
            .OrderBy(r => r["roleType"] == "primary" ? 0 : 1).ToLookup(r => r["userSourcedId"]!);
        var enrollRows = pkg.Rows("enrollments");
        var demographics = pkg.Rows("demographics").ToDictionary(d => d.Id);
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        var roleOf = new Dictionary<string, string>(StringComparer.Ordinal);
        int noBirth = 0, passwords = 0;
        foreach (var u in pkg.Rows("users"))
        {
            var role = roles[u.Id].Select(r => r["role"]!).FirstOrDefault()
                ?? enrollRows.Where(e => e["userSourcedId"] == u.Id).Select(e => e["role"]!).FirstOrDefault();
            var kind = KindOfRole(role);
            if (kind is null)
            {
                _notes.Add($"Пользователь <code>{u.Id}</code> без роли в школе пропущен.");
                continue;
            }
            if (u["password"] is not null) passwords++;
            demographics.TryGetValue(u.Id, out var demo);
            var birth = demo?["birthDate"] is { } b ? DateOnly.Parse(b, CultureInfo.InvariantCulture) : (DateOnly?)null;
            var (last, first, middle) = (Cut(u["familyName"]!, 100), Cut(u["givenName"]!, 100), u["middleName"] is { } m ? Cut(m, 100) : null);
            Person? person = s.Resolve(extMap, "user", u.Id) is ({ } type, var id) && type == kind ? s.Find(kind, id) : null;
            if (person is not null && s.Own.ContainsKey(u.Id) && !extMap.ContainsKey(("user", u.Id))
                && (person.LastName != last || person.FirstName != first))
                person = null; // our id from another installation: the names disagree
            // By name only a person no other id of this package or of an earlier import names: two users of one name stay two.
            person ??= s.Match(kind, last, first, middle, birth, p => !people.ContainsValue(p) && !s.Named(ext, p));
            if (u.ToBeDeleted)
            {
                if (person is not null) Leave(s, kind, person, Date(u["dateLastModified"]), today);
                continue;
            }
            if (person is null)
            {
                person = kind switch
                {
                    "student" => new Student { SchoolId = schoolId, LastName = last, FirstName = first, MiddleName = middle,
                        BirthDate = birth ?? default,
                        Gender = demo?["sex"] switch { "male" => Gender.Male, "female" => Gender.Female, _ => default } },
                    "parent" => new Parent { SchoolId = schoolId, LastName = last, FirstName = first, MiddleName = middle,
                        Email = u["email"], Phone = u["phone"] },
                    _ => new StaffMember { SchoolId = schoolId, LastName = last, FirstName = first, MiddleName = middle,
                        Email = u["email"], Phone = u["phone"],
                        HiredOn = roles[u.Id].Select(r => r["beginDate"]).Where(d => d is not null)
                            .Select(d => (DateOnly?)DateOnly.Parse(d!, CultureInfo.InvariantCulture)).Min(),
                        Positions = [.. Positions(roles[u.Id].Select(r => r["role"]!).DefaultIfEmpty(role!))] },
                };
                if (kind == "student" && birth is null) noBirth++;
                db.Add(person);
                s.Add(kind, person);
                Count(What(kind), Create);
            }
            else
            {
                var changed = false;
                void Set<T>(T current, T value, Action<T> set) { if (!Equals(current, value)) { set(value); changed = true; } }
                Set(person.LastName, last, v => person.LastName = v);
                Set(person.FirstName, first, v => person.FirstName = v);
                if (middle is not null) Set(person.MiddleName, middle, v => person.MiddleName = v);
                if (person is Student st && birth is { } bd) Set(st.BirthDate, bd, v => st.BirthDate = v);
                if (person is Parent pa)
                {
                    if (u["email"] is { } e) Set(pa.Email, e, v => pa.Email = v);
                    if (u["phone"] is { } ph) Set(pa.Phone, ph, v => pa.Phone = v);
                }
                if (person is StaffMember sm)
                {
                    if (u["email"] is { } e) Set(sm.Email, e, v => sm.Email = v);
                    if (u["phone"] is { } ph) Set(sm.Phone, ph, v => sm.Phone = v);
                }
                Count(What(kind), changed ? Change : Same);
            }
            people[u.Id] = person;
            roleOf[u.Id] = roles[u.Id].Select(r => r["role"]!).FirstOrDefault() ?? role!;
            s.Keep("user", u.Id, person);
        }
        if (noBirth > 0) _notes.Add($"У новых учеников ({noBirth}) в пакете нет даты рождения и пола (<code>demographics.csv</code>): " +
            "заполните их в личных делах.");
        if (passwords > 0) _notes.Add($"Пароли из пакета ({passwords}) не импортируются: учётные записи выдаются в журнале.");

        // Agents: a student's parents (and a parent's children) → «представитель»; agents of staff have no counterpart.
        Person? Person(string id) => people.TryGetValue(id, out var p) ? p
            : s.Resolve(extMap, "user", id) is ({ } t, var pid) ? s.Find(t, pid) : null;
        var linksSeen = new HashSet<(Student, Parent)>();
        foreach (var u in pkg.Rows("users").Where(u => !u.ToBeDeleted && people.ContainsKey(u.Id)))
            foreach (var agent in u.List("agentSourcedIds"))
            {
                var (student, parent, parentSid) = (people[u.Id], Person(agent)) switch
                {
                    (Student st, Parent pa) => (st, pa, agent),
                    (Parent pa, Student st) => (st, pa, u.Id),
                    _ => ((Student?)null, (Parent?)null, ""),
                };
                if (student is null || parent is null)
                {
                    _notes.Add($"Связь <code>agentSourcedIds</code> пользователя <code>{u.Id}</code> с <code>{agent}</code> пропущена: " +
                        "в журнале представителями бывают только родители учеников.");
                    continue;
                }
                if (!linksSeen.Add((student, parent))) continue; // a link named from both sides counts once
                if (s.LinkList.Any(l => (l.Student == student || (student.Id != 0 && l.StudentId == student.Id))
                        && (l.Parent == parent || (parent.Id != 0 && l.ParentId == parent.Id))))
                {
                    Count(Links, Same);
                    continue;
                }
                var sex = demographics.TryGetValue(parentSid, out var d) ? d["sex"] : null;
                var link = new StudentParent { Student = student, Parent = parent, Kind = roleOf.GetValueOrDefault(parentSid) switch
                {
                    "guardian" => RepresentativeKind.Guardian,
                    "parent" when sex == "female" => RepresentativeKind.Mother,
                    "parent" when sex == "male" => RepresentativeKind.Father,
                    _ => RepresentativeKind.Other,
                } };
                if (student.Id != 0) link.StudentId = student.Id;
                if (parent.Id != 0) link.ParentId = parent.Id;
                db.StudentParents.Add(link);
                s.LinkList.Add(link);
                Count(Links, Create);
            }

        // Enrollments → stays in classes, class teachers, group memberships, teaching load; tobedeleted closes them.
        var skipped = 0;
        foreach (var e in enrollRows)
        {
            var cls = e["classSourcedId"]!;
            if (!Ours(e["schoolSourcedId"])) { skipped++; continue; }
            var p = Person(e["userSourcedId"]!);
            var from = e["beginDate"] is { } bd ? DateOnly.Parse(bd, CultureInfo.InvariantCulture) : s.Year.Start;
            var to = e["endDate"] is { } ed ? DateOnly.Parse(ed, CultureInfo.InvariantCulture) : Date(e["dateLastModified"]) ?? today;
            SchoolClass? hr = homerooms.GetValueOrDefault(cls)
                ?? (s.Resolve(extMap, "class", cls) is ("class", var cid) ? s.ClassList.FirstOrDefault(x => x.Id == cid) : null);
            TeachingGroup? gr = groups.GetValueOrDefault(cls)
                ?? (s.Resolve(extMap, "class", cls) is ("group", var gid) ? s.GroupList.FirstOrDefault(x => x.Id == gid) : null);
            var role = e["role"];
            switch (p, role, hr, gr)
            {
                case (Student st, "student", { } c, _):
                {
                    var open = s.EnrolmentList.FirstOrDefault(x => x.To == null && Is(x.Student, x.StudentId, st)
                        && Is(x.SchoolClass, x.SchoolClassId, c));
                    if (e.ToBeDeleted)
                    {
                        if (open is null) { Count(Enrolments, Same); break; }
                        open.To = Max(open.From, to);
                        open.LeaveReason = LeaveReason.Withdrawal;
                        foreach (var m in s.MemberList.Where(m => m.To == null && Is(m.Student, m.StudentId, st)
                                     && s.GroupClassIds(m).Contains(c.Id)))
                        {
                            m.To = Max(m.From, to);
                            Count(Members, Close);
                        }
                        Count(Enrolments, Close);
                    }
                    else if (open is not null) Count(Enrolments, Same);
                    else if (s.EnrolmentList.FirstOrDefault(x => x.To == null && Is(x.Student, x.StudentId, st)) is { } other)
                        _warnings.Add(new("enrollments.csv", e.Line, "classSourcedId",
                            $"ученик уже в классе {s.ClassName(other)}: перевод делается в разделе «Движение учеников»; строка пропущена."));
                    else
                    {
                        var row = new Enrolment { SchoolId = schoolId, Student = st, SchoolClass = c, From = from, Reason = EnrolmentReason.Arrival,
                            Order = "Импорт OneRoster" };
                        if (st.Id != 0) row.StudentId = st.Id;
                        if (c.Id != 0) row.SchoolClassId = c.Id;
                        db.Enrolments.Add(row);
                        s.EnrolmentList.Add(row);
                        Count(Enrolments, Create);
                    }
                    break;
                }
                case (StaffMember sm, "teacher", { } c, _):
                {
                    var open = s.ClassTeacherList.FirstOrDefault(x => x.To == null && Is(x.StaffMember, x.StaffMemberId, sm)
                        && Is(x.SchoolClass, x.SchoolClassId, c));
                    if (e.ToBeDeleted) { if (open is not null) { open.To = Max(open.From, to); Count(ClassTeachers, Close); } }
                    else if (open is not null) Count(ClassTeachers, Same);
                    else
                    {
                        var row = new ClassTeacher { SchoolId = schoolId, StaffMember = sm, SchoolClass = c, From = from };
                        db.ClassTeachers.Add(row);
                        s.ClassTeacherList.Add(row);
                        Count(ClassTeachers, Create);
                    }
                    break;
                }
                case (Student st, "student", null, { } g):
                {
                    var open = s.MemberList.FirstOrDefault(x => x.To == null && Is(x.Student, x.StudentId, st)
                        && Is(x.TeachingGroup, x.TeachingGroupId, g));
                    if (e.ToBeDeleted) { if (open is not null) { open.To = Max(open.From, to); Count(Members, Close); } }
                    else if (open is not null) Count(Members, Same);
                    else
                    {
                        var row = new GroupMembership { SchoolId = schoolId, Student = st, TeachingGroup = g, From = from };
                        db.GroupMemberships.Add(row);
                        s.MemberList.Add(row);
                        Count(Members, Create);
                    }
                    break;
                }
                case (StaffMember sm, "teacher", null, { } g):
                {
                    var open = s.AssignmentList.FirstOrDefault(x => x.To == null && Is(x.StaffMember, x.StaffMemberId, sm)
                        && Is(x.TeachingGroup, x.TeachingGroupId, g));
                    if (e.ToBeDeleted) { if (open is not null) { open.To = Max(open.From, to); Count(Assignments, Close); } }
                    else if (open is not null) Count(Assignments, Same);
                    else
                    {
                        var row = new TeachingAssignment { SchoolId = schoolId, StaffMember = sm, TeachingGroup = g, From = from };
                        db.TeachingAssignments.Add(row);
                        s.AssignmentList.Add(row);
                        Count(Assignments, Create);
                    }
                    break;
                }
                default:
                    skipped++;
                    break;
            }
        }
        if (skipped > 0)
            _notes.Add($"Записей <code>enrollments.csv</code> пропущено: {skipped} (другая организация, пропущенный класс или пользователь, " +
                "роль <code>administrator</code>/<code>proctor</code>, ученик как учитель и наоборот).");

        // A new group's classes: the homerooms of its students.
        foreach (var g in newGroups)
        {
            var classIds = s.MemberList.Where(m => m.TeachingGroup == g && m.To == null)
                .Select(m => s.EnrolmentList.FirstOrDefault(x => x.To == null && Is(x.Student, x.StudentId, m.Student!)))
                .OfType<Enrolment>().Select(x => x.SchoolClass!).Distinct().ToList();
            foreach (var c in classIds) g.Classes.Add(new GroupClass { SchoolClass = c });
            var members = s.MemberList.Count(m => m.TeachingGroup == g && m.To == null);
            g.Kind = classIds.Count != 1 ? GroupKind.Stream
                : members >= s.EnrolmentList.Count(x => x.To == null && x.SchoolClass == classIds[0]) ? GroupKind.WholeClass : GroupKind.SubGroup;
        }

        var newIds = s.Kept.Where(k => !s.Own.ContainsKey(k.Key.Key) && !(extMap.TryGetValue(k.Key, out var x)
            && x.EntityType == k.Value.Type && k.Value.Id() == x.EntityId)).ToList();
        Count(Ids, Create, newIds.Count(k => !extMap.ContainsKey(k.Key)));
        Count(Ids, Change, newIds.Count(k => extMap.ContainsKey(k.Key)));
        Count(Ids, Same, s.Kept.Count - newIds.Count);

        var counts = _counts.Select(c => new ImportCount(c.Key, c.Value[0], c.Value[1], c.Value[2], c.Value[3])).ToList();
        var result = new OneRosterResult(pkg.Mode, !dryRun, counts, [], _warnings, _notes.Distinct().ToList());
        if (dryRun)
        {
            db.ChangeTracker.Clear();
            return Outcome<OneRosterResult>.Ok(result);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changes = new OneRosterChanges.Recorder(db);
        await db.SaveChangesAsync(ct);
        var now = time.GetUtcNow();
        foreach (var ((kind, key), (type, id)) in newIds)
        {
            if (extMap.TryGetValue((kind, key), out var old)) { old.EntityType = type; old.EntityId = id(); old.ImportedAt = now; }
            else db.ExternalIds.Add(new ExternalId { SchoolId = schoolId, System = System, Kind = kind, Key = key,
                EntityType = type, EntityId = id(), ImportedAt = now });
        }
        changes.Capture();
        if (batch is null)
        {
            var name = Path.GetFileName(fileName ?? "пакет.zip");
            batch = new ImportBatch { SchoolId = schoolId, Kind = SchoolImport.OneRosterKind, FileName = name.Length > 200 ? name[..200] : name,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = [],
                CreatedById = user.Id!, CreatedAt = now };
            db.ImportBatches.Add(batch);
        }
        batch.State = ImportState.Confirmed;
        batch.ConfirmedAt = now;
        batch.Content = [];
        await db.SaveChangesAsync(ct);
        batch.Changes = changes.Json(counts);
        await audit.RecordAsync(AuditEventType.OneRosterImported, "import", batch.Id, null,
            new { mode = pkg.Mode, counts = counts.ToDictionary(c => c.What, c => new { c.Created, c.Changed, c.Unchanged, c.Closed }),
                warnings = _warnings.Count }, ct: ct);
        await db.SaveChangesAsync(ct);
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<OneRosterResult>.Ok(result with { BatchId = batch.Id });
    }

    private void Leave(State s, string kind, Person person, DateOnly? date, DateOnly today)
    {
        var day = date ?? today;
        switch (person)
        {
            case Student st:
                foreach (var e in s.EnrolmentList.Where(e => e.To == null && Is(e.Student, e.StudentId, st)))
                {
                    e.To = Max(e.From, day);
                    e.LeaveReason = LeaveReason.Withdrawal;
                    Count(Enrolments, Close);
                }
                foreach (var m in s.MemberList.Where(m => m.To == null && Is(m.Student, m.StudentId, st)))
                {
                    m.To = Max(m.From, day);
                    Count(Members, Close);
                }
                break;
            case StaffMember sm when sm.DismissedOn is null:
                sm.DismissedOn = day;
                Count(Staff, Close);
                foreach (var a in s.AssignmentList.Where(a => a.To == null && Is(a.StaffMember, a.StaffMemberId, sm)))
                {
                    a.To = Max(a.From, day);
                    Count(Assignments, Close);
                }
                foreach (var t in s.ClassTeacherList.Where(t => t.To == null && Is(t.StaffMember, t.StaffMemberId, sm)))
                {
                    t.To = Max(t.From, day);
                    Count(ClassTeachers, Close);
                }
                break;
            case Parent:
                _notes.Add("Родители, отмеченные к удалению, остаются в журнале вместе со связями с детьми.");
                break;
        }
        _ = kind;
    }

    private static bool Is(object? nav, int id, object target) => ReferenceEquals(nav, target) || (id != 0 && id == Id(target));

    private static int Id(object o) => o switch
    {
        SchoolClass c => c.Id,
        TeachingGroup g => g.Id,
        Person p => p.Id,
        _ => 0,
    };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly? Date(string? dateTime) => dateTime is { Length: >= 10 } d ? DateOnly.Parse(d[..10], CultureInfo.InvariantCulture) : null;

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;

    private static string What(string kind) => kind switch { "student" => Students, "parent" => Parents, _ => Staff };

    public static string? KindOfRole(string? role) => role switch
    {
        null => null,
        "student" => "student",
        "parent" or "guardian" or "relative" => "parent",
        _ => "staff",
    };

    public static IEnumerable<StaffPosition> Positions(IEnumerable<string> roles) => roles.Select(r => r switch
    {
        "principal" => (PositionKind.Director, "директор"),
        "siteAdministrator" or "districtAdministrator" or "administrator" => (PositionKind.Deputy, "заместитель директора"),
        "teacher" => (PositionKind.Teacher, "учитель"),
        "systemAdministrator" => (PositionKind.SystemAdministrator, "администратор"),
        "counselor" => (PositionKind.Psychologist, "педагог-психолог"),
        _ => (PositionKind.Other, "сотрудник"),
    }).Distinct().Select(p => new StaffPosition { Kind = p.Item1, Title = p.Item2 });

    [GeneratedRegex(@"^\s*(\d{1,2})\s*[-«""]?\s*([А-ЯЁа-яё]{0,2})[»""]?\s*(класс)?\s*$")]
    private static partial Regex ClassPattern();

    public static (int Grade, string Letter)? ParseClass(string text) =>
        ClassPattern().Match(text) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 11 and var g
            ? (g, m.Groups[2].Value.ToUpperInvariant()) : null;

    /// <summary>The school's rows as the import sees and changes them.</summary>
    private sealed class State
    {
        public int SchoolId;
        public string SchoolName = "", SchoolShortName = "";
        public AcademicYear? Year;
        public List<AcademicYear> YearsList = [];
        public List<StudyPeriod> Periods = [];
        public List<SchoolClass> ClassList = [];
        public List<Subject> SubjectList = [];
        public List<TeachingGroup> GroupList = [];
        public int? Grading;
        public List<Student> StudentList = [];
        public List<Parent> ParentList = [];
        public List<StaffMember> StaffList = [];
        public List<StudentParent> LinkList = [];
        public List<Enrolment> EnrolmentList = [];
        public List<ClassTeacher> ClassTeacherList = [];
        public List<GroupMembership> MemberList = [];
        public List<TeachingAssignment> AssignmentList = [];
        /// <summary>Our own export's sourcedIds of this school's rows: key → (entity type, id).</summary>
        public Dictionary<string, (string Type, int Id)> Own = new(StringComparer.Ordinal);
        public bool TrustOwn;
        /// <summary>Every package id the import found a row for: (kind, key) → (entity type, the row's id once saved).</summary>
        public Dictionary<(string Kind, string Key), (string Type, Func<int> Id)> Kept = new();

        public async Task LoadAsync(JournalDbContext db, CancellationToken ct)
        {
            var school = await db.Schools.AsNoTracking().SingleAsync(x => x.Id == SchoolId, ct);
            (SchoolName, SchoolShortName) = (school.Name, school.ShortName);
            var yearId = await SchoolCalendar.CurrentYearIdAsync(db, ct);
            YearsList = await db.AcademicYears.ToListAsync(ct);
            Year = YearsList.FirstOrDefault(y => y.Id == yearId);
            Periods = await db.StudyPeriods.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
            ClassList = await db.SchoolClasses.Where(c => c.AcademicYearId == yearId).ToListAsync(ct);
            SubjectList = await db.Subjects.OrderBy(x => x.Id).ToListAsync(ct);
            GroupList = await db.TeachingGroups.Include(g => g.Classes).Where(g => g.AcademicYearId == yearId).ToListAsync(ct);
            Grading = await db.GradingSystems.OrderBy(g => g.Kind != GradingKind.FivePoint).ThenBy(g => g.Id)
                .Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
            StudentList = await db.Students.ToListAsync(ct);
            ParentList = await db.Parents.ToListAsync(ct);
            StaffList = await db.StaffMembers.Include(x => x.Positions).ToListAsync(ct);
            LinkList = await db.StudentParents.ToListAsync(ct);
            EnrolmentList = await db.Enrolments.Where(e => e.To == null).ToListAsync(ct);
            var classIds = ClassList.Select(c => c.Id).ToList();
            var groupIds = GroupList.Select(g => g.Id).ToList();
            ClassTeacherList = await db.ClassTeachers.Where(t => t.To == null && classIds.Contains(t.SchoolClassId)).ToListAsync(ct);
            MemberList = await db.GroupMemberships.Where(m => m.To == null && groupIds.Contains(m.TeachingGroupId)).ToListAsync(ct);
            AssignmentList = await db.TeachingAssignments.Where(a => a.To == null && groupIds.Contains(a.TeachingGroupId)).ToListAsync(ct);

            Own[SourcedIds.Of("org", SchoolId)] = ("school", SchoolId);
            foreach (var y in YearsList) Own[SourcedIds.Of("year", y.Id)] = ("year", y.Id);
            foreach (var p in Periods) Own[SourcedIds.Of("period", p.Id)] = ("period", p.Id);
            foreach (var c in ClassList) Own[SourcedIds.Of("class", "homeroom", c.Id)] = ("class", c.Id);
            foreach (var g in GroupList) Own[SourcedIds.Of("class", "group", g.Id)] = ("group", g.Id);
            foreach (var x in SubjectList)
                foreach (var grade in Enumerable.Range(1, 11).Select(i => i.ToString(CultureInfo.InvariantCulture)).Append(""))
                    Own[SourcedIds.Of("course", x.Id, grade)] = ("subject", x.Id);
            foreach (var x in StudentList) Own[SourcedIds.Of("user", "student", x.Id)] = ("student", x.Id);
            foreach (var x in ParentList) Own[SourcedIds.Of("user", "parent", x.Id)] = ("parent", x.Id);
            foreach (var x in StaffList) Own[SourcedIds.Of("user", "staff", x.Id)] = ("staff", x.Id);
        }

        public (string Type, int Id)? Resolve(Dictionary<(string, string), ExternalId> ext, string kind, string key) =>
            ext.TryGetValue((kind, key), out var e) ? (e.EntityType, e.EntityId) : TrustOwn && Own.TryGetValue(key, out var o) ? o : null;

        public Person? Find(string type, int id) => type switch
        {
            "student" => StudentList.FirstOrDefault(x => x.Id == id),
            "parent" => ParentList.FirstOrDefault(x => x.Id == id),
            "staff" => StaffList.FirstOrDefault(x => x.Id == id),
            _ => null,
        };

        public bool Named(List<ExternalId> ext, Person p) =>
            p.Id != 0 && ext.Any(e => e.Kind == "user" && e.EntityId == p.Id
                && e.EntityType == p switch { Student => "student", Parent => "parent", _ => "staff" });

        public Person? Match(string kind, string last, string first, string? middle, DateOnly? birth, Func<Person, bool> free)
        {
            IEnumerable<Person> all = (kind switch { "student" => StudentList, "parent" => (IEnumerable<Person>)ParentList, _ => StaffList })
                .Where(free);
            var named = all.Where(p => p.LastName == last && p.FirstName == first && (middle is null || p.MiddleName == middle)).ToList();
            if (kind == "student" && birth is { } b) named = [.. named.Where(p => ((Student)p).BirthDate == b)];
            return named.Count == 1 ? named[0] : null;
        }

        public void Add(string kind, Person p)
        {
            switch (p)
            {
                case Student x: StudentList.Add(x); break;
                case Parent x: ParentList.Add(x); break;
                case StaffMember x: StaffList.Add(x); break;
            }
            _ = kind;
        }

        public void Keep(string kind, string key, string type, int id) => Kept[(kind, key)] = (type, () => id);

        public void Keep(string kind, string key, object row) => Kept[(kind, key)] = row switch
        {
            Subject x => ("subject", () => x.Id),
            SchoolClass x => ("class", () => x.Id),
            TeachingGroup x => ("group", () => x.Id),
            Student x => ("student", () => x.Id),
            Parent x => ("parent", () => x.Id),
            StaffMember x => ("staff", () => x.Id),
            _ => throw new ArgumentException("Неизвестная запись", nameof(row)),
        };

        public IEnumerable<int> GroupClassIds(GroupMembership m) =>
            GroupList.FirstOrDefault(g => g == m.TeachingGroup || g.Id == m.TeachingGroupId)?.Classes.Select(c => c.SchoolClassId) ?? [];

        public string ClassName(Enrolment e) =>
            (e.SchoolClass ?? ClassList.FirstOrDefault(c => c.Id == e.SchoolClassId)) is { } c ? c.Name : "другого года";
    }
}
