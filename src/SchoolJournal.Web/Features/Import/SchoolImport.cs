using System.Text.Json;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Groups;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Import;

/// <summary>The preview of an upload; <see cref="BatchId"/> is null while a problem stands (then nothing can be confirmed).</summary>
public sealed record ImportPreview(int? BatchId, string Kind, string KindName, string FileName, string Sha256, int Created, int Changed,
    int Unchanged, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<ImportRowView> Rows);

public sealed record ImportDone(int BatchId, string Kind, int Created, int Changed, int Unchanged);

public sealed record ImportUndone(int BatchId, int Removed, int Restored);

public sealed record ImportBatchView(int Id, string Kind, string KindName, string FileName, string State, DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt, DateTimeOffset? UndoneAt, string? Summary);

/// <summary>
/// Импорт из таблиц (R-X-1): upload → preview (the file kept in an <see cref="ImportBatch"/> with its SHA-256) → confirm, which
/// plans the stored file again against the school as it is then and writes it in one transaction, or refuses with every
/// problem → undo as a whole until the first journal entry about what it created.
/// </summary>
public sealed class SchoolImport(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, ImportPlan plan, TimeProvider time,
    OneRoster.OneRosterUndo oneRoster)
{
    /// <summary>A OneRoster package's batch: confirmed on its own page, listed and undone here with the spreadsheets.</summary>
    public const string OneRosterKind = "oneroster";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на импорт",
        "Импорт из таблиц выполняют директор, заместитель директора и администратор.");

    public static Problem UnknownKind(string? kind) => Problem.BadRequest("Неизвестный вид импорта",
        $"«{kind}» — такого импорта нет. Можно: {string.Join(", ", ImportKind.All.Select(k => $"{k.Code} ({k.Name.ToLowerInvariant()})"))}.");

    public static readonly Problem NoFile = Problem.BadRequest("Файл не выбран", "Выберите файл XLSX или CSV (поле file).");

    public static readonly Problem TooLarge = Problem.BadRequest("Файл слишком большой", ImportFile.TooLarge);

    public async Task<Outcome<ImportPreview>> PreviewAsync(string? kindCode, string? fileName, byte[] content, CancellationToken ct)
    {
        if (!access.CanImport) return Refused;
        if (ImportKind.Find(kindCode) is not { } kind) return UnknownKind(kindCode);
        if (content.Length > ImportFile.MaxBytes) return TooLarge;
        var name = Path.GetFileName(fileName ?? "файл");
        if (name.Length > 200) name = name[..200];
        var (rows, problems) = ImportFile.Read(kind, fileName, content);
        var result = problems.Count > 0 ? new ImportPlan.Result([], problems) : await plan.MakeAsync(kind, rows, ct);
        var sha = ImportFile.Sha256(content);
        int? batchId = null;
        if (result.Problems.Count == 0)
        {
            var batch = new ImportBatch
            {
                SchoolId = user.SchoolId!.Value, Kind = kind.Code, FileName = name, Sha256 = sha, Content = content, State = ImportState.Previewed,
                CreatedById = user.Id!, CreatedAt = time.GetUtcNow(),
            };
            db.ImportBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            batchId = batch.Id;
        }
        return Outcome<ImportPreview>.Ok(new ImportPreview(batchId, kind.Code, kind.Name, name, sha, Count(result, RowAction.Create),
            Count(result, RowAction.Change), Count(result, RowAction.Same),
            [.. result.Problems.OrderBy(p => p.Row).ThenBy(p => kind.Headers.ToList().IndexOf(p.Column ?? ""))],
            [.. result.Rows.OrderBy(r => r.Line).Select(r => r.View)]));
    }

    private static int Count(ImportPlan.Result result, RowAction action) => result.Rows.Count(r => r.Action == action);

    public async Task<Outcome<ImportDone>> ConfirmAsync(int batchId, CancellationToken ct)
    {
        if (!access.CanImport) return Refused;
        if (await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId && b.Kind != OneRosterKind, ct) is not { } batch) return NotFound;
        if (batch.State != ImportState.Previewed)
            return Conflict("Импорт уже выполнен", batch.State == ImportState.Confirmed ? "Этот файл уже загружен." : "Этот импорт отменён.");
        var kind = ImportKind.Find(batch.Kind)!;
        if (ImportFile.Sha256(batch.Content) != batch.Sha256) return Conflict("Файл изменён", "Сохранённый файл не совпадает с просмотренным.");
        var (rows, fileProblems) = ImportFile.Read(kind, batch.FileName, batch.Content);
        var result = fileProblems.Count > 0 ? new ImportPlan.Result([], fileProblems) : await plan.MakeAsync(kind, rows, ct);
        if (result.Problems.Count > 0)
            return Conflict("Данные школы изменились после просмотра",
                "Загрузите файл снова и посмотрите, что изменилось. " + string.Join(" ", result.Problems.Take(10)));
        var writer = new ImportWriter(db, batch.SchoolId);
        foreach (var row in result.Rows)
            if (row.Apply is not null) await row.Apply(writer);
        batch.State = ImportState.Confirmed;
        batch.ConfirmedAt = time.GetUtcNow();
        var done = new ImportDone(batch.Id, kind.Code, Count(result, RowAction.Create), Count(result, RowAction.Change),
            Count(result, RowAction.Same));
        await audit.SaveAuditedAsync(db, async () =>
        {
            batch.Changes = JsonSerializer.Serialize(writer.Result(), Json);
            await writer.AuditAsync(audit, ct);
            await audit.RecordAsync(AuditEventType.ImportConfirmed, "import", batch.Id, null,
                new { kind = kind.Code, file = batch.FileName, sha256 = batch.Sha256, done.Created, done.Changed, done.Unchanged }, ct: ct);
        }, ct);
        return Outcome<ImportDone>.Ok(done);
    }

    public async Task<Outcome<ImportUndone>> UndoAsync(int batchId, CancellationToken ct)
    {
        if (!access.CanImport) return Refused;
        if (await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct) is not { } batch) return NotFound;
        if (batch.State != ImportState.Confirmed)
            return Conflict("Отменять нечего", batch.State == ImportState.Undone ? "Этот импорт уже отменён." : "Этот импорт не был подтверждён.");
        if (batch.Kind == OneRosterKind) return await oneRoster.UndoAsync(batch, ct);
        var changes = JsonSerializer.Deserialize<ImportChanges>(batch.Changes ?? "{}", Json) ?? new ImportChanges();
        if (await WhyNotAsync(changes, ct) is { } why) return Conflict("Отменить импорт нельзя", why);

        var students = changes.Students;
        var members = await db.GroupMemberships.Where(m => students.Contains(m.StudentId)).OrderBy(m => m.Id).ToListAsync(ct);
        var before = members.Select(m => (m.Id, Before: new { groupId = m.TeachingGroupId, m.StudentId, m.From, m.To })).ToList();
        db.GroupMemberships.RemoveRange(members);
        db.Enrolments.RemoveRange(await db.Enrolments.Where(e => students.Contains(e.StudentId)).ToListAsync(ct));
        var links = await db.StudentParents.Where(l => students.Contains(l.StudentId) || changes.Parents.Contains(l.ParentId)).ToListAsync(ct);
        var linkedParents = changes.Links.Select(x => x.ParentId).Distinct().ToList();
        links.AddRange((await db.StudentParents.Where(l => linkedParents.Contains(l.ParentId)).ToListAsync(ct))
            .Where(l => changes.Links.Contains(new ImportLink(l.StudentId, l.ParentId)) && !links.Contains(l)));
        db.StudentParents.RemoveRange(links);
        db.Students.RemoveRange(await db.Students.Where(s => students.Contains(s.Id)).ToListAsync(ct));
        db.Parents.RemoveRange(await db.Parents.Where(p => changes.Parents.Contains(p.Id)).ToListAsync(ct));
        db.StaffMembers.RemoveRange(await db.StaffMembers.Include(s => s.Positions).Where(s => changes.Staff.Contains(s.Id)).ToListAsync(ct));
        db.SchoolClasses.RemoveRange(await db.SchoolClasses.Where(c => changes.Classes.Contains(c.Id)).ToListAsync(ct));
        foreach (var r in changes.Restore) await RestoreAsync(r, ct);
        batch.State = ImportState.Undone;
        batch.UndoneAt = time.GetUtcNow();
        var removed = changes.Classes.Count + students.Count + changes.Parents.Count + changes.Staff.Count;
        try
        {
            await audit.SaveAuditedAsync(db, async () =>
            {
                foreach (var (id, b) in before) await audit.RecordAsync(AuditEventType.RosterChanged, GroupMembers.Entity, id, b, null, ct: ct);
                await audit.RecordAsync(AuditEventType.ImportUndone, "import", batch.Id, null,
                    new { kind = batch.Kind, file = batch.FileName, removed, restored = changes.Restore.Count, changes }, ct: ct);
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Conflict("Отменить импорт нельзя", "На созданные импортом записи уже ссылаются другие данные школы. Ничего не изменено.");
        }
        return Outcome<ImportUndone>.Ok(new ImportUndone(batch.Id, removed, changes.Restore.Count));
    }

    private async Task RestoreAsync(ImportRestore r, CancellationToken ct)
    {
        object? row = r.Entity switch
        {
            "student" => await db.Students.FirstOrDefaultAsync(x => x.Id == r.Id, ct),
            "parent" => await db.Parents.FirstOrDefaultAsync(x => x.Id == r.Id, ct),
            "staff" => await db.StaffMembers.FirstOrDefaultAsync(x => x.Id == r.Id, ct),
            _ => await db.SchoolClasses.FirstOrDefaultAsync(x => x.Id == r.Id, ct),
        };
        if (row is null) return;
        var entry = db.Entry(row);
        foreach (var (property, text) in r.Values)
            entry.Property(property).CurrentValue = ImportWriter.Value(entry.Property(property).Metadata.ClrType, text);
    }

    /// <summary>The first reason the import cannot be undone, in words the administrator can act on; null when it can.</summary>
    private async Task<string?> WhyNotAsync(ImportChanges c, CancellationToken ct)
    {
        const string Rule = "Импорт отменяется целиком, пока в журнале нет записей о созданных им учениках, классах и сотрудниках.";
        var students = c.Students;
        if (await JournalEntryAsync(db, students, Rule, ct) is { } entry) return entry;
        if (await LoginIssuedAsync(db, students, c.Parents, c.Staff, ct) is { } login) return login;
        var foreignLink = (await db.StudentParents.AsNoTracking().Where(l => students.Contains(l.StudentId) || c.Parents.Contains(l.ParentId))
            .Select(l => new { l.StudentId, l.ParentId, Parent = l.Parent!.LastName + " " + l.Parent.FirstName,
                Student = l.Student!.LastName + " " + l.Student.FirstName })
            .ToListAsync(ct)).FirstOrDefault(l => !c.Links.Contains(new ImportLink(l.StudentId, l.ParentId)));
        if (foreignLink is not null)
            return $"родитель {foreignLink.Parent} привязан к ученику {foreignLink.Student} другим импортом или вручную. " +
                "Сначала отмените тот импорт или уберите связь.";
        var classes = c.Classes;
        if (await db.Enrolments.Where(e => classes.Contains(e.SchoolClassId) && !students.Contains(e.StudentId))
                .Select(e => new { e.SchoolClass!.Grade, e.SchoolClass.Letter }).FirstOrDefaultAsync(ct) is { } occupied)
            return $"в классе {occupied.Grade}{occupied.Letter} уже есть ученики, зачисленные не этим импортом. {Rule}";
        if (await db.GroupClasses.Where(g => classes.Contains(g.SchoolClassId)).Select(g => new { g.SchoolClass!.Grade, g.SchoolClass.Letter })
                .FirstOrDefaultAsync(ct) is { } grouped)
            return $"у класса {grouped.Grade}{grouped.Letter} уже есть учебные группы. {Rule}";
        var staff = c.Staff;
        if (await db.TeachingAssignments.AnyAsync(a => staff.Contains(a.StaffMemberId), ct)
            || await db.ClassTeachers.AnyAsync(t => staff.Contains(t.StaffMemberId), ct)
            || await db.Lessons.AnyAsync(l => staff.Contains(l.TeacherId)
                || (l.SubstituteTeacherId != null && staff.Contains(l.SubstituteTeacherId.Value)), ct))
            return $"созданные импортом сотрудники уже ведут уроки, нагрузку или классное руководство. {Rule}";
        return null;
    }

    /// <summary>The first of these people who has been given a login, as the reason an import stays.</summary>
    internal static async Task<string?> LoginIssuedAsync(JournalDbContext db, List<int> students, List<int> parents, List<int> staff,
        CancellationToken ct)
    {
        var withLogin = await db.Students.Where(s => students.Contains(s.Id) && s.UserId != null).Select(s => s.LastName + " " + s.FirstName)
            .Concat(db.Parents.Where(p => parents.Contains(p.Id) && p.UserId != null).Select(p => p.LastName + " " + p.FirstName))
            .Concat(db.StaffMembers.Where(s => staff.Contains(s.Id) && s.UserId != null).Select(s => s.LastName + " " + s.FirstName))
            .FirstOrDefaultAsync(ct);
        return withLogin is null ? null
            : $"{withLogin} уже выдана учётная запись. Сначала закройте её на странице «Учётные записи» — или оставьте импорт.";
    }

    /// <summary>The first mark, attendance, day's absence or period grade of these students, as the reason an import stays.</summary>
    internal static async Task<string?> JournalEntryAsync(JournalDbContext db, List<int> students, string rule, CancellationToken ct)
    {
        Task<string> NameAsync(int id) => db.Students.Where(s => s.Id == id).Select(s => s.LastName + " " + s.FirstName).FirstAsync(ct);
        if (await db.Marks.Where(m => students.Contains(m.StudentId)).OrderBy(m => m.Lesson!.Date)
                .Select(m => new { m.StudentId, m.Value, m.Lesson!.Date }).FirstOrDefaultAsync(ct) is { } mark)
            return $"у ученика {await NameAsync(mark.StudentId)} уже есть отметка «{mark.Value}» за {mark.Date:dd.MM.yyyy}. {rule}";
        if (await db.Attendance.Where(a => students.Contains(a.StudentId))
                .Join(db.Lessons, a => a.LessonId, l => l.Id, (a, l) => new { a.StudentId, l.Date }).OrderBy(a => a.Date)
                .FirstOrDefaultAsync(ct) is { } absence)
            return $"у ученика {await NameAsync(absence.StudentId)} уже отмечена посещаемость за {absence.Date:dd.MM.yyyy}. {rule}";
        if (await db.DailyAbsences.Where(a => students.Contains(a.StudentId)).Select(a => (int?)a.StudentId).FirstOrDefaultAsync(ct) is int daily)
            return $"у ученика {await NameAsync(daily)} уже отмечен пропуск дня. {rule}";
        if (await db.PeriodGrades.Where(g => students.Contains(g.StudentId)).Select(g => (int?)g.StudentId).FirstOrDefaultAsync(ct) is int graded)
            return $"у ученика {await NameAsync(graded)} уже есть итоговая отметка. {rule}";
        return null;
    }

    public async Task<List<ImportBatchView>> ListAsync(CancellationToken ct)
    {
        var rows = await db.ImportBatches.AsNoTracking().Where(b => b.State != ImportState.Previewed)
            .OrderByDescending(b => b.Id).Take(50)
            .Select(b => new { b.Id, b.Kind, b.FileName, b.State, b.CreatedAt, b.ConfirmedAt, b.UndoneAt, b.Changes }).ToListAsync(ct);
        return [.. rows.Select(b =>
        {
            if (b.Kind == OneRosterKind)
            {
                var counts = OneRoster.OneRosterChanges.Read(b.Changes).Counts.Values.ToList();
                return new ImportBatchView(b.Id, b.Kind, "Пакет OneRoster", b.FileName, b.State == ImportState.Confirmed ? "confirmed" : "undone",
                    b.CreatedAt, b.ConfirmedAt, b.UndoneAt, $"создано: {counts.Sum(x => x[0])}, изменено: {counts.Sum(x => x[1])}, " +
                        $"закрыто: {counts.Sum(x => x[3])}");
            }
            var c = b.Changes is null ? null : JsonSerializer.Deserialize<ImportChanges>(b.Changes, Json);
            var summary = c is null ? null
                : $"создано: {c.Classes.Count + c.Students.Count + c.Parents.Count + c.Staff.Count}, связей: {c.Links.Count}, " +
                    $"изменено: {c.Restore.Count}";
            return new ImportBatchView(b.Id, b.Kind, ImportKind.Find(b.Kind)?.Name ?? b.Kind, b.FileName,
                b.State == ImportState.Confirmed ? "confirmed" : "undone", b.CreatedAt, b.ConfirmedAt, b.UndoneAt, summary);
        })];
    }

    private static readonly Problem NotFound = Problem.NotFound("Импорт не найден", "Загрузите файл снова: просмотренный импорт не найден.");

    private static Problem Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);
}
