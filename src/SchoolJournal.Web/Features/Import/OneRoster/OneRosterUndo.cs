using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Import.OneRoster;

/// <summary>
/// «Отменить импорт» of a OneRoster package (R-X-1): the rows it added are removed and the rows it changed (closed stays, renamed
/// people, re-pointed ids) get their earlier values back, in one transaction — refused while the journal already holds something about
/// what it created (marks, attendance, lessons, logins), while a row it changed has been changed again since, or while a later OneRoster
/// import stands on it (they are taken back newest first).
/// </summary>
public sealed class OneRosterUndo(JournalDbContext db, AuditLog audit, TimeProvider time)
{
    private const string Rule = "Импорт отменяется целиком, пока в журнале нет записей о созданных им учениках, группах и сотрудниках.";

    public async Task<Outcome<ImportUndone>> UndoAsync(ImportBatch batch, CancellationToken ct)
    {
        if (await db.ImportBatches.Where(b => b.Kind == SchoolImport.OneRosterKind && b.State == ImportState.Confirmed && b.Id > batch.Id)
                .OrderBy(b => b.Id).Select(b => new { b.Id, b.FileName }).FirstOrDefaultAsync(ct) is { } later)
            return Conflict($"после него загружен пакет «{later.FileName}» (импорт № {later.Id}), который мог опереться на этот. " +
                "Пакеты отменяются по одному, начиная с последнего.");
        var c = OneRosterChanges.Read(batch.Changes);
        if (await WhyNotAsync(c, ct) is { } why) return Conflict(why);

        var changed = new List<(object Row, OneRosterChanges.RowChange Change)>();
        foreach (var m in c.Modified)
        {
            var row = await FindAsync(m.Entity, m.Key, ct);
            var entry = row is null ? null : db.Entry(row);
            if (entry is null || m.After.Any(a => OneRosterChanges.Text(entry.Property(a.Key).CurrentValue) != a.Value))
                return Conflict($"{What(m.Entity)} изменено после импорта (или удалено). Исправьте вручную или оставьте импорт.");
            changed.Add((row!, m));
        }
        foreach (var (row, m) in changed)
        {
            var entry = db.Entry(row);
            foreach (var (property, text) in m.Before)
                entry.Property(property).CurrentValue = ImportWriter.Value(entry.Property(property).Metadata.ClrType, text);
        }
        var removed = 0;
        foreach (var a in Enumerable.Reverse(c.Added))
            if (await FindAsync(a.Entity, a.Key, ct) is { } row)
            {
                db.Remove(row);
                removed++;
            }
        batch.State = ImportState.Undone;
        batch.UndoneAt = time.GetUtcNow();
        try
        {
            await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.OneRosterImportUndone, "import", batch.Id, null,
                new { file = batch.FileName, removed, restored = changed.Count }, ct: ct), ct);
        }
        catch (DbUpdateException)
        {
            return Conflict("на созданные импортом записи уже ссылаются другие данные школы (расписание, нагрузка, журнал). Ничего не изменено.");
        }
        return Outcome<ImportUndone>.Ok(new ImportUndone(batch.Id, removed, changed.Count));
    }

    private async Task<string?> WhyNotAsync(OneRosterChanges c, CancellationToken ct)
    {
        var students = c.AddedIds<Student>();
        if (await SchoolImport.JournalEntryAsync(db, students, Rule, ct) is { } entry) return entry;
        var parents = c.AddedIds<Parent>();
        var staff = c.AddedIds<StaffMember>();
        if (await SchoolImport.LoginIssuedAsync(db, students, parents, staff, ct) is { } login) return login;
        var groups = c.AddedIds<TeachingGroup>();
        if (await db.Lessons.Where(l => groups.Contains(l.TeachingGroupId) || staff.Contains(l.TeacherId)
                || (l.SubstituteTeacherId != null && staff.Contains(l.SubstituteTeacherId.Value)))
                .OrderBy(l => l.Date).Select(l => new { l.Date, l.TeachingGroup!.Name }).FirstOrDefaultAsync(ct) is { } lesson)
            return $"по созданным импортом группам или учителям уже есть уроки (первый — «{lesson.Name}» {lesson.Date:dd.MM.yyyy}). {Rule}";
        return null;
    }

    private async Task<object?> FindAsync(string entity, List<string?> key, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"Нет такой сущности: {entity}.");
        var values = type.FindPrimaryKey()!.Properties.Select((p, i) => ImportWriter.Value(p.ClrType, key[i])).ToArray();
        return await db.FindAsync(type.ClrType, values, ct);
    }

    private static string What(string entity) => entity[(entity.LastIndexOf('.') + 1)..] switch
    {
        nameof(Student) => "Ученик",
        nameof(Parent) => "Родитель",
        nameof(StaffMember) => "Сотрудник",
        nameof(Enrolment) => "Зачисление в класс",
        nameof(GroupMembership) => "Членство в учебной группе",
        nameof(TeachingAssignment) => "Нагрузка учителя",
        nameof(ClassTeacher) => "Классное руководство",
        nameof(ExternalId) => "Идентификатор OneRoster",
        nameof(TeachingGroup) => "Учебная группа",
        nameof(SchoolClass) => "Класс",
        nameof(Subject) => "Предмет",
        _ => "Запись",
    };

    private static Problem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Отменить импорт нельзя", detail);
}
