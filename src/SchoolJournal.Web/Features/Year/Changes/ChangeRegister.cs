using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Year.Changes;

/// <summary>The register of substitutions and moves (журнал замен) for GET /api/v1/substitutions, the page and its XLSX export.</summary>
public static class ChangeRegister
{
    /// <summary>A change as the register shows it: the lesson where it was when changed, what it was and what it became.</summary>
    public sealed record Row(int Id, string Kind, string KindName, int LessonId, DateOnly Date, int Number, string Classes, string Group,
        string Subject, string From, string To, int? FromTeacherId, int? ToTeacherId, DateOnly? ToDate, int? ToNumber,
        int? FromRoomId, int? ToRoomId, string? Reason, DateTimeOffset CreatedAt, string? CreatedBy, bool Latest);

    /// <summary>Changes of lessons that were, or became, dated within [From, To]; of a teacher (either side, or the lesson's) or a class.</summary>
    public sealed record Filter(DateOnly? From = null, DateOnly? To = null, int? TeacherId = null, int? ClassId = null, int? Id = null);

    public static async Task<List<Row>> LoadAsync(JournalDbContext db, Filter f, CancellationToken ct)
    {
        var q = db.LessonChanges.AsNoTracking();
        if (f.Id is int id) q = q.Where(c => c.Id == id);
        if (f.From is DateOnly from) q = q.Where(c => c.FromDate >= from || c.ToDate >= from);
        if (f.To is DateOnly to) q = q.Where(c => c.FromDate <= to || c.ToDate <= to);
        if (f.From is DateOnly a && f.To is DateOnly b)
            q = q.Where(c => (c.FromDate >= a && c.FromDate <= b) || (c.ToDate >= a && c.ToDate <= b));
        if (f.TeacherId is int t)
            q = q.Where(c => c.FromTeacherId == t || c.ToTeacherId == t || c.Lesson!.TeacherId == t || c.Lesson.SubstituteTeacherId == t);
        if (f.ClassId is int cls) q = q.Where(c => c.Lesson!.TeachingGroup!.Classes.Any(x => x.SchoolClassId == cls));
        var rows = await q.OrderBy(c => c.FromDate).ThenBy(c => c.FromNumber).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Kind, c.LessonId, c.FromDate, c.FromNumber, c.ToDate, c.ToNumber, c.FromTeacherId, c.ToTeacherId, c.FromRoomId, c.ToRoomId,
                c.Reason, c.CreatedAt, c.CreatedById,
                Group = c.Lesson!.TeachingGroup!.Name, Subject = c.Lesson.TeachingGroup.Subject!.Name,
                Classes = c.Lesson.TeachingGroup.Classes.Select(x => new ClassName(x.SchoolClass!.Grade, x.SchoolClass.Letter)).ToList(),
                Latest = !db.LessonChanges.Any(o => o.LessonId == c.LessonId && o.Id > c.Id),
            })
            .ToListAsync(ct);
        var staffIds = rows.SelectMany(r => new[] { r.FromTeacherId, r.ToTeacherId }).OfType<int>().Distinct().ToList();
        var staff = (await db.StaffMembers.Where(s => staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastName, s.FirstName, s.MiddleName }).ToListAsync(ct))
            .ToDictionary(s => s.Id, s => PersonName.Short(s.LastName, s.FirstName, s.MiddleName));
        var roomIds = rows.SelectMany(r => new[] { r.FromRoomId, r.ToRoomId }).OfType<int>().Distinct().ToList();
        var rooms = await db.Rooms.Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Number, ct);
        var userIds = rows.Select(r => r.CreatedById).OfType<string>().Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        string Teacher(int? sid) => sid is int s && staff.TryGetValue(s, out var n) ? n : "—";
        string Room(int? rid) => rid is int r && rooms.TryGetValue(r, out var n) ? $"каб. {n}" : "без кабинета";
        return [.. rows.Select(r =>
        {
            var (from, to) = r.Kind switch
            {
                LessonChangeKind.Substitution => (Teacher(r.FromTeacherId), Teacher(r.ToTeacherId)),
                LessonChangeKind.Move => ($"{r.FromDate:dd.MM.yyyy}, {r.FromNumber}-й урок", $"{r.ToDate:dd.MM.yyyy}, {r.ToNumber}-й урок"),
                LessonChangeKind.RoomChange => (Room(r.FromRoomId), Room(r.ToRoomId)),
                _ => ("по расписанию", "отменён"),
            };
            return new Row(r.Id, ChangeRules.KindCode(r.Kind), ChangeRules.KindName(r.Kind), r.LessonId, r.FromDate!.Value, r.FromNumber ?? 0,
                ClassName.Join(r.Classes), r.Group, r.Subject, from, to, r.FromTeacherId, r.ToTeacherId, r.ToDate, r.ToNumber,
                r.FromRoomId, r.ToRoomId, r.Reason, r.CreatedAt, r.CreatedById is { } u && users.TryGetValue(u, out var name) ? name : null,
                r.Latest);
        })];
    }

    public static readonly string[] XlsxHeaders =
        ["Дата", "Урок", "Класс", "Группа", "Предмет", "Вид", "Было", "Стало", "Причина", "Зарегистрировал", "Когда"];

    public static IEnumerable<IReadOnlyList<object?>> XlsxRows(IEnumerable<Row> rows, TimeSpan offset) => rows.Select(r => (IReadOnlyList<object?>)
        [r.Date, r.Number, r.Classes, r.Group, r.Subject, r.KindName, r.From, r.To, r.Reason, r.CreatedBy,
            r.CreatedAt.ToOffset(offset).ToString("dd.MM.yyyy HH:mm")]);
}
