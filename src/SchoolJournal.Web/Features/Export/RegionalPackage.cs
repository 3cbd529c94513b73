using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// Пакет для региональной системы и Госуслуг (R-X-4, R-DIARY-6): per student of the current year, for a period, his lessons (with their
/// homework), marks, period grades and attendance, as JSON following the versioned schema <c>wwwroot/schemas/regional-package-1.0.json</c>
/// (docs/formats/regional-package.md, decision 0018). Only students whose parents consented to the transfer leave
/// (<see cref="TransferConsent"/>); the others are counted. A delta carries what changed after the previous export to the same recipient;
/// each export is logged (<see cref="RegionalExport"/>) and audited (8013: counts and SHA-256, never a name).
/// </summary>
public sealed class RegionalPackage(JournalDbContext db, AccessService access, AuditLog audit, CurrentUser user, TimeProvider time)
{
    public const string SchemaVersion = "1.0";
    public const string SchemaId = "urn:schooljournal:regional-package:1.0";
    /// <summary>Where the schema is served (wwwroot); stable for every 1.x package.</summary>
    public const string SchemaUrl = "/schemas/regional-package-1.0.json";

    public static readonly IReadOnlyDictionary<string, string> Recipients = new Dictionary<string, string>
    {
        ["region"] = "региональная система",
        ["gosuslugi"] = "Госуслуги (личный кабинет родителя)",
    };

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на выгрузку",
        "Сведения об успеваемости для региональной системы и Госуслуг выгружают директор, заместитель директора и администратор.");

    public sealed record Request(string? Recipient, string? From, string? To, string? Mode);

    public sealed record LogRow(int Id, string Recipient, string SchemaVersion, DateOnly PeriodFrom, DateOnly PeriodTo, DateTimeOffset? Since,
        int Students, int WithoutConsent, string Sha256, string CreatedBy, DateTimeOffset CreatedAt);

    public async Task<Outcome<ExportFile>> ExportAsync(Request request, CancellationToken ct)
    {
        if (!access.CanExport) return Refused;
        if (await ProblemOfAsync(request, ct) is { } problem) return problem;
        var (recipient, from, to) = (request.Recipient!.Trim().ToLowerInvariant(), Date(request.From)!.Value, Date(request.To)!.Value);
        var delta = string.Equals(request.Mode?.Trim(), "delta", StringComparison.OrdinalIgnoreCase);
        var previous = delta
            ? await db.RegionalExports.AsNoTracking().Where(e => e.Recipient == recipient).OrderByDescending(e => e.Id)
                .Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(ct)
            : null;
        var now = time.GetUtcNow();
        var package = await BuildAsync(user.SchoolId!.Value, recipient, from, to, previous, now, ct);
        var bytes = Serialize(package);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var row = new RegionalExport
        {
            SchoolId = user.SchoolId!.Value, Recipient = recipient, SchemaVersion = SchemaVersion, PeriodFrom = from, PeriodTo = to,
            Since = previous, Students = package.Students.Count, WithoutConsent = package.Counts.WithoutConsent, Sha256 = sha,
            CreatedById = user.Id!, CreatedAt = now,
        };
        db.RegionalExports.Add(row);
        await audit.SaveAuditedAsync(db, async () =>
            await audit.RecordAsync(AuditEventType.RegionalExported, "regional-export", row.Id, null, new
            {
                recipient, schemaVersion = SchemaVersion, from, to, mode = package.Mode, since = previous, students = row.Students,
                withoutConsent = row.WithoutConsent, lessons = package.Counts.Lessons, marks = package.Counts.Marks,
                periodGrades = package.Counts.PeriodGrades, attendance = package.Counts.Attendance, removed = package.Counts.Removed, sha256 = sha,
            }, ct: ct), ct);
        var name = $"regional-{recipient}-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}{(previous is null ? "" : "-delta")}.json";
        return Outcome<ExportFile>.Ok(new ExportFile(bytes, "application/json", name));
    }

    public async Task<Outcome<List<LogRow>>> LogAsync(CancellationToken ct)
    {
        if (!access.CanExport) return Refused;
        var rows = await db.RegionalExports.AsNoTracking().OrderByDescending(e => e.Id).Take(200)
            .Select(e => new LogRow(e.Id, e.Recipient, e.SchemaVersion, e.PeriodFrom, e.PeriodTo, e.Since, e.Students, e.WithoutConsent, e.Sha256,
                db.Users.Where(u => u.Id == e.CreatedById).Select(u => u.DisplayName).FirstOrDefault() ?? "", e.CreatedAt))
            .ToListAsync(ct);
        return Outcome<List<LogRow>>.Ok(rows);
    }

    /// <summary>The first thing wrong with the request, in Russian; null when it can be built.</summary>
    private async Task<Problem?> ProblemOfAsync(Request r, CancellationToken ct)
    {
        var recipient = r.Recipient?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(recipient) || !Recipients.ContainsKey(recipient))
            return Problem.BadRequest("Неизвестный получатель",
                $"«{r.Recipient}» — такого получателя нет. Можно: region (региональная система) или gosuslugi (Госуслуги).");
        var mode = r.Mode?.Trim().ToLowerInvariant();
        if (mode is not (null or "" or "full" or "delta"))
            return Problem.BadRequest("Неизвестный режим",
                $"«{r.Mode}» — такого режима нет. Можно: full (всё за период) или delta (изменения после прошлой выгрузки).");
        if (Date(r.From) is not { } from || Date(r.To) is not { } to)
            return Problem.BadRequest("Не указан период", "Укажите начало и конец периода датами вида 2026-11-01 (from и to).");
        if (from > to)
            return Problem.BadRequest("Начало периода позже конца",
                $"Период с {from:dd.MM.yyyy} по {to:dd.MM.yyyy}: начало должно быть не позже конца.");
        var yearId = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        if (await db.AcademicYears.AsNoTracking().FirstOrDefaultAsync(y => y.Id == yearId, ct) is not { } year)
            return OneRosterExport.NoYear with { Detail = "Сведения выгружаются за текущий учебный год: создайте его в разделе «Учебный год»." };
        if (from < year.Start || to > year.End)
            return Problem.BadRequest("Период вне учебного года",
                $"Период должен лежать в учебном году {year.Name}: с {year.Start:dd.MM.yyyy} по {year.End:dd.MM.yyyy}.");
        return null;
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    // ---- The package (field names and meanings: docs/formats/regional-package.md) ----

    public sealed record Package(
        [property: JsonPropertyName("$schema")] string Schema, string SchemaVersion, SchoolPart School, string Recipient, PeriodPart Period,
        string Mode, DateTimeOffset? Since, DateTimeOffset GeneratedAt, CountsPart Counts, List<StudentPart> Students);

    public sealed record SchoolPart(string Id, string Name, string ShortName, string? Inn, string? Ogrn);

    public sealed record PeriodPart(DateOnly From, DateOnly To);

    public sealed record CountsPart(int Students, int WithoutConsent, int Lessons, int Marks, int PeriodGrades, int Attendance, int Removed);

    public sealed record StudentPart(string Id, string LastName, string FirstName, string? MiddleName, DateOnly BirthDate, string Class,
        bool Complete, List<LessonPart> Lessons, List<MarkPart> Marks, List<PeriodGradePart> PeriodGrades, List<AttendancePart> Attendance,
        List<RemovedPart> Removed);

    public sealed record LessonPart(string Id, DateOnly Date, int Number, string Start, string End, string Subject, string Teacher, string? Room,
        string Status, bool Changed, HomeworkPart? Homework);

    public sealed record HomeworkPart(string Text, DateOnly? DueDate);

    public sealed record MarkPart(string Id, string LessonId, DateOnly Date, string Subject, string Value, string WorkType, decimal Weight);

    public sealed record PeriodGradePart(string Id, string Subject, string Kind, string? Period, DateOnly? PeriodFrom, DateOnly? PeriodTo,
        string Value);

    public sealed record AttendancePart(string Id, string? LessonId, DateOnly Date, int? LessonNumber, string? Subject, string Code);

    public sealed record RemovedPart(string Kind, string Id);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Cyrillic as it is (half the bytes of \u escapes); the serializer still escapes what JSON needs. No indentation: a school's week is
        // megabytes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcConverter() },
    };

    public static byte[] Serialize(Package package) => JsonSerializer.SerializeToUtf8Bytes(package, Json);

    /// <summary>Moments in UTC with milliseconds and «Z», as the schema's date-time asks.</summary>
    private sealed class UtcConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static readonly AuditEventType[] LessonEvents =
    [
        AuditEventType.LessonChanged, AuditEventType.HomeworkSet, AuditEventType.HomeworkCleared, AuditEventType.LessonMoved,
        AuditEventType.LessonSubstituted, AuditEventType.LessonCancelled, AuditEventType.LessonRoomChanged,
    ];

    private static readonly AuditEventType[] RemovalEvents =
        [AuditEventType.MarkDeleted, AuditEventType.AttendanceCleared, AuditEventType.DailyAbsenceCleared, AuditEventType.PeriodGradeDeleted];

    /// <summary>
    /// The package of <paramref name="schoolId"/> for the dates; <paramref name="since"/> null builds it whole, otherwise only what was
    /// written after that moment (a student whose parent's consent was registered after it gets his whole period).
    /// </summary>
    public async Task<Package> BuildAsync(int schoolId, string recipient, DateOnly from, DateOnly to, DateTimeOffset? since, DateTimeOffset now,
        CancellationToken ct)
    {
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => new { s.Id, s.Name, s.ShortName }).SingleAsync(ct);
        var yearId = await db.AcademicYears.Where(y => y.SchoolId == schoolId && y.IsCurrent).OrderByDescending(y => y.Start).Select(y => y.Id)
            .FirstOrDefaultAsync(ct);

        // Students enrolled in a class of the year on some day of the period; his class is that of the latest such enrolment.
        var enrolments = (await db.Enrolments.AsNoTracking()
                .Where(e => e.SchoolId == schoolId && e.SchoolClass!.AcademicYearId == yearId && e.From <= to && (e.To == null || e.To >= from))
                .Select(e => new { e.StudentId, e.From, e.SchoolClass!.Grade, e.SchoolClass.Letter }).ToListAsync(ct))
            .GroupBy(e => e.StudentId).Select(g => g.MaxBy(e => e.From)!).ToList();
        var allIds = enrolments.Select(e => e.StudentId).ToList();
        var links = await db.StudentParents.AsNoTracking().Where(l => allIds.Contains(l.StudentId)).Select(l => new { l.StudentId, l.ParentId })
            .ToListAsync(ct);
        var parentIds = links.Select(l => l.ParentId).Distinct().ToList();
        var consents = (await db.PersonalDataConsents.AsNoTracking()
                .Where(c => parentIds.Contains(c.ParentId))
                .Where(c => !db.PersonalDataConsents.Any(later => later.ParentId == c.ParentId && later.Id > c.Id))
                .Select(c => new { c.ParentId, c.Given, c.Scope, c.RecordedAt }).ToListAsync(ct))
            .ToDictionary(c => c.ParentId);
        var parentsOf = links.ToLookup(l => l.StudentId, l => l.ParentId);
        var leaving = allIds.Where(id => TransferConsent.MayLeave(parentsOf[id].Select(p =>
            consents.TryGetValue(p, out var c) ? ((bool, ConsentScope)?)(c.Given, c.Scope) : null))).ToHashSet();
        // In a delta a student whose consent came after the previous export gets everything: the recipient has nothing of him yet.
        var whole = leaving.Where(id => since is null || parentsOf[id].Any(p =>
            consents.TryGetValue(p, out var c) && c.Given && c.Scope.HasFlag(ConsentScope.Transfer) && c.RecordedAt > since)).ToHashSet();
        bool New(int studentId, DateTimeOffset at) => whole.Contains(studentId) || at > since;
        var ids = leaving.ToList();

        var people = await db.Students.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName, s.BirthDate }).ToDictionaryAsync(s => s.Id, ct);
        var memberships = await db.GroupMemberships.AsNoTracking()
            .Where(m => ids.Contains(m.StudentId) && m.From <= to && (m.To == null || m.To >= from))
            .Select(m => new { m.StudentId, m.TeachingGroupId, m.From, m.To }).ToListAsync(ct);
        var groupIds = memberships.Select(m => m.TeachingGroupId).Distinct().ToList();
        var rows = await db.Lessons.AsNoTracking()
            .Where(l => groupIds.Contains(l.TeachingGroupId) && l.Date >= from && l.Date <= to)
            .Select(l => new
            {
                l.Id, l.TeachingGroupId, l.Date, l.Number, l.Start, l.End, l.Status, l.OriginalDate, l.SubstituteTeacherId,
                TeacherId = l.SubstituteTeacherId ?? l.TeacherId, l.RoomId, Subject = l.TeachingGroup!.Subject!.Name,
            })
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id).ToListAsync(ct);
        var rowIds = rows.Select(l => l.Id).ToList();
        var teacherIds = rows.Select(l => l.TeacherId).Distinct().ToList();
        var teachers = await db.StaffMembers.AsNoTracking().Where(t => teacherIds.Contains(t.Id))
            .Select(t => new { t.Id, t.LastName, t.FirstName, t.MiddleName })
            .ToDictionaryAsync(t => t.Id, t => PersonName.Short(t.LastName, t.FirstName, t.MiddleName), ct);
        var rooms = await db.Rooms.AsNoTracking().Select(r => new { r.Id, r.Number }).ToDictionaryAsync(r => r.Id, r => r.Number, ct);
        var changes = (await db.LessonChanges.AsNoTracking().Where(c => rowIds.Contains(c.LessonId)).Select(c => new { c.LessonId, c.CreatedAt })
            .ToListAsync(ct)).ToLookup(c => c.LessonId, c => c.CreatedAt);
        var homework = await db.Homework.AsNoTracking().Where(h => rowIds.Contains(h.LessonId))
            .Select(h => new { h.Id, h.LessonId, h.Text, h.DueDate, h.CreatedAt, h.UpdatedAt }).ToDictionaryAsync(h => h.LessonId, ct);
        var homeworkIds = homework.Values.Select(h => h.Id).ToList();
        var homeworkFor = (await db.Set<HomeworkStudent>().AsNoTracking().Where(h => homeworkIds.Contains(h.HomeworkId)).ToListAsync(ct))
            .ToLookup(h => h.HomeworkId, h => h.StudentId);
        var lessons = rows.Select(l => new
        {
            l.Id, l.TeachingGroupId, l.Date, l.Number, l.Start, l.End, l.Status, l.OriginalDate, l.SubstituteTeacherId, l.Subject,
            Teacher = teachers.GetValueOrDefault(l.TeacherId) ?? "",
            Room = l.RoomId is { } room ? rooms.GetValueOrDefault(room) : null,
            Changes = changes[l.Id].ToList(),
            Homework = homework.TryGetValue(l.Id, out var h)
                ? new { h.Text, h.DueDate, h.CreatedAt, h.UpdatedAt, For = homeworkFor[h.Id].ToList() }
                : null,
        }).ToList();
        var lessonIds = lessons.Select(l => l.Id).ToList();
        var lessonById = lessons.ToDictionary(l => l.Id);
        var marks = await db.Marks.AsNoTracking().Where(m => lessonIds.Contains(m.LessonId) && ids.Contains(m.StudentId))
            .Select(m => new { m.Id, m.LessonId, m.StudentId, m.Value, WorkType = m.WorkType!.Name, m.WorkType.Weight, m.CreatedAt, m.UpdatedAt })
            .OrderBy(m => m.Id).ToListAsync(ct);
        var attendance = await db.Attendance.AsNoTracking().Where(a => lessonIds.Contains(a.LessonId) && ids.Contains(a.StudentId))
            .Select(a => new { a.Id, a.LessonId, a.StudentId, a.Code, a.UpdatedAt }).OrderBy(a => a.Id).ToListAsync(ct);
        var daily = await db.DailyAbsences.AsNoTracking().Where(d => ids.Contains(d.StudentId) && d.Date >= from && d.Date <= to)
            .Select(d => new { d.Id, d.StudentId, d.Date, d.Code, d.CreatedAt }).OrderBy(d => d.Date).ThenBy(d => d.Id).ToListAsync(ct);
        // Period grades of the periods the dates touch, and the year's, exam and final grades (they have no period).
        var subjects = await db.TeachingGroups.AsNoTracking().Where(t => groupIds.Contains(t.Id)).Select(t => new { t.Id, t.Subject!.Name })
            .ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var periods = await db.StudyPeriods.AsNoTracking().Select(p => new { p.Id, p.Name, p.Start, p.End }).ToDictionaryAsync(p => p.Id, ct);
        var grades = (await db.PeriodGrades.AsNoTracking()
                .Where(g => ids.Contains(g.StudentId) && groupIds.Contains(g.TeachingGroupId))
                .Select(g => new { g.Id, g.StudentId, g.TeachingGroupId, g.StudyPeriodId, g.Kind, g.Value, g.CreatedAt, g.UpdatedAt })
                .OrderBy(g => g.Id).ToListAsync(ct))
            .Select(g => new
            {
                g.Id, g.StudentId, g.Kind, g.Value, g.CreatedAt, g.UpdatedAt, Subject = subjects.GetValueOrDefault(g.TeachingGroupId),
                Period = g.StudyPeriodId is { } pid ? periods.GetValueOrDefault(pid) : null,
            }).ToList();
        grades = [.. grades.Where(g => g.Period is null || (g.Period.Start <= to && g.Period.End >= from))];

        // What changed after the previous export: lessons by their changes, homework and audit events; removals by the audit log.
        var changedLessons = new HashSet<int>();
        var removals = new List<(int StudentId, string Kind, string Id)>();
        if (since is { } after)
        {
            var lessonKeys = lessonIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToHashSet();
            var events = (await db.AuditEvents.AsNoTracking()
                    .Where(e => e.SchoolId == schoolId && (LessonEvents.Contains(e.Type) || RemovalEvents.Contains(e.Type)))
                    .Select(e => new { e.Type, e.EntityId, e.At, e.Before }).ToListAsync(ct))
                .Where(e => e.At > after).ToList();
            foreach (var e in events.Where(e => LessonEvents.Contains(e.Type) && lessonKeys.Contains(e.EntityId)))
                changedLessons.Add(int.Parse(e.EntityId, CultureInfo.InvariantCulture));
            foreach (var e in events.Where(e => RemovalEvents.Contains(e.Type) && e.Before is not null))
            {
                using var before = JsonDocument.Parse(e.Before!);
                var student = Int(before.RootElement, "studentId");
                var lesson = Int(before.RootElement, "lessonId");
                if (student is not { } s || !leaving.Contains(s) || whole.Contains(s)) continue;
                var (kind, inPeriod) = e.Type switch
                {
                    AuditEventType.MarkDeleted => ("mark", lesson is { } l1 && lessonById.ContainsKey(l1)),
                    AuditEventType.AttendanceCleared => ("attendance", lesson is { } l2 && lessonById.ContainsKey(l2)),
                    AuditEventType.DailyAbsenceCleared => ("dailyAbsence", DateIn(before.RootElement, from, to)),
                    _ => ("periodGrade", true),
                };
                if (inPeriod) removals.Add((s, kind, SourcedIds.Of(kind, e.EntityId)));
            }
        }

        static JsonElement? Field(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object
                ? root.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                    .Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
        static int? Int(JsonElement root, string name) =>
            Field(root, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : null;
        static bool DateIn(JsonElement root, DateOnly from, DateOnly to) =>
            Field(root, "date") is { ValueKind: JsonValueKind.String } v && Date(v.GetString()) is { } d && d >= from && d <= to;

        bool LessonNew(int studentId, int lessonId)
        {
            if (since is null || whole.Contains(studentId) || changedLessons.Contains(lessonId)) return true;
            var l = lessonById[lessonId];
            return l.Changes.Any(c => c > since) || (l.Homework is { } h && (h.CreatedAt > since || h.UpdatedAt > since));
        }

        var membersOf = memberships.ToLookup(m => m.StudentId);
        var lessonsOf = lessons.ToLookup(l => l.TeachingGroupId);
        var marksOf = marks.ToLookup(m => m.StudentId);
        var attendanceOf = attendance.ToLookup(a => a.StudentId);
        var dailyOf = daily.ToLookup(d => d.StudentId);
        var gradesOf = grades.ToLookup(g => g.StudentId);
        var removedOf = removals.ToLookup(r => r.StudentId);
        var students = new List<StudentPart>();
        foreach (var e in enrolments.Where(e => leaving.Contains(e.StudentId)).OrderBy(e => e.Grade).ThenBy(e => e.Letter)
                     .ThenBy(e => people[e.StudentId].LastName).ThenBy(e => people[e.StudentId].FirstName).ThenBy(e => e.StudentId))
        {
            var id = e.StudentId;
            var p = people[id];
            var mine = membersOf[id].ToList();
            var own = mine.SelectMany(m => lessonsOf[m.TeachingGroupId].Where(l => m.From <= l.Date && (m.To == null || m.To >= l.Date)))
                .DistinctBy(l => l.Id).OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
                .Where(l => LessonNew(id, l.Id))
                .Select(l => new LessonPart(SourcedIds.Of("lesson", l.Id), l.Date, l.Number, Time(l.Start), Time(l.End), l.Subject,
                    l.Teacher,
                    l.Room, Status(l.Status), l.Changes.Count > 0 || l.OriginalDate is not null || l.SubstituteTeacherId is not null,
                    l.Homework is { } h && (h.For.Count == 0 || h.For.Contains(id)) ? new HomeworkPart(h.Text, h.DueDate) : null))
                .ToList();
            students.Add(new StudentPart(SourcedIds.Of("user", "student", id), p.LastName, p.FirstName, p.MiddleName, p.BirthDate,
                $"{e.Grade}{e.Letter}", since is null || whole.Contains(id), own,
                [.. marksOf[id].Where(m => New(id, m.CreatedAt) || (m.UpdatedAt is { } u && New(id, u))).Select(m =>
                    new MarkPart(SourcedIds.Of("mark", m.Id), SourcedIds.Of("lesson", m.LessonId), lessonById[m.LessonId].Date,
                        lessonById[m.LessonId].Subject, m.Value, m.WorkType, m.Weight))],
                [.. gradesOf[id].Where(g => New(id, g.CreatedAt) || (g.UpdatedAt is { } u && New(id, u))).Select(g =>
                    new PeriodGradePart(SourcedIds.Of("periodGrade", g.Id), g.Subject ?? "", Kind(g.Kind), g.Period?.Name, g.Period?.Start,
                        g.Period?.End, g.Value))],
                [
                    .. attendanceOf[id].Where(a => New(id, a.UpdatedAt)).Select(a => new AttendancePart(SourcedIds.Of("attendance", a.Id),
                        SourcedIds.Of("lesson", a.LessonId), lessonById[a.LessonId].Date, lessonById[a.LessonId].Number,
                        lessonById[a.LessonId].Subject, a.Code.ToRussian())),
                    .. dailyOf[id].Where(d => New(id, d.CreatedAt)).Select(d => new AttendancePart(SourcedIds.Of("dailyAbsence", d.Id), null,
                        d.Date, null, null, d.Code.ToRussian())),
                ],
                [.. removedOf[id].Select(r => new RemovedPart(r.Kind, r.Id))]));
        }

        var counts = new CountsPart(students.Count, allIds.Count - leaving.Count, students.Sum(s => s.Lessons.Count),
            students.Sum(s => s.Marks.Count),
            students.Sum(s => s.PeriodGrades.Count), students.Sum(s => s.Attendance.Count), students.Sum(s => s.Removed.Count));
        return new Package(SchemaId, SchemaVersion, new SchoolPart(SourcedIds.Of("org", school.Id), school.Name, school.ShortName, null, null),
            recipient, new PeriodPart(from, to), since is null ? "full" : "delta", since, now, counts, students);
    }

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Status(LessonStatus s) => s switch
    {
        LessonStatus.Held => "held",
        LessonStatus.Cancelled => "cancelled",
        _ => "planned",
    };

    private static string Kind(PeriodGradeKind k) => k switch
    {
        PeriodGradeKind.Year => "year",
        PeriodGradeKind.Exam => "exam",
        PeriodGradeKind.Final => "final",
        _ => "period",
    };
}
