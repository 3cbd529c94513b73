using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Journal;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// The data half of <c>verify</c> (R-ARCH-4): every mark and every attendance row must be in the state its last audit event
/// recorded. A row changed, added or deleted behind the app's back is named with its id. The demo school's generated rows are
/// covered by baseline events (<see cref="AuditEventType.JournalBaseline"/>, decision record 0012) that record each row's
/// <see cref="Key"/>; every other event records the row itself, and the check compares keys of both alike.
/// </summary>
public sealed class JournalState(JournalDbContext db)
{
    public const string Mark = "mark", Attendance = "attendance", Baseline = "baseline";

    /// <summary>More than this many differences in a school are counted, not listed.</summary>
    public const int MaxListed = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly AuditEventType[] Types =
    [
        AuditEventType.MarkCreated, AuditEventType.MarkChanged, AuditEventType.MarkDeleted,
        AuditEventType.AttendanceSet, AuditEventType.AttendanceCleared, AuditEventType.JournalBaseline,
    ];

    /// <summary>What a baseline event records: the generated rows of one kind, id → <see cref="Key"/>.</summary>
    public sealed record BaselineRows(string Entity, Dictionary<string, string> Rows);

    /// <summary>A short digest of a row's audited fields: what the baseline stores and what the check compares.</summary>
    public static string Key(params object?[] fields)
    {
        var text = string.Join('\u001f', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture) ?? "\u2400"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static string MarkKey(int studentId, int lessonId, string value, string workType, string? comment) =>
        Key(studentId, lessonId, value, workType, comment);

    public static string AttendanceKey(int lessonId, int studentId, string? code, int? lateMinutes) =>
        Key(lessonId, studentId, code, lateMinutes);

    /// <summary>What the last event of a row said: its sequence, and the row's key (null: the row was deleted).</summary>
    private sealed record Recorded(long Sequence, string? Key, string? Value);

    public async Task<IReadOnlyList<string>> CheckAsync(int school, CancellationToken ct = default)
    {
        var recorded = new Dictionary<(string Entity, int Id), Recorded>();
        await foreach (var e in db.AuditEvents.IgnoreQueryFilters().AsNoTracking()
                           .Where(e => e.SchoolId == school && Types.Contains(e.Type)).OrderBy(e => e.Sequence)
                           .Select(e => new { e.Sequence, e.Type, e.Entity, e.EntityId, e.After })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Type == AuditEventType.JournalBaseline)
            {
                var rows = Read<BaselineRows>(e.After);
                foreach (var (id, key) in rows?.Rows ?? [])
                    if (int.TryParse(id, CultureInfo.InvariantCulture, out var rowId)) recorded[(rows!.Entity, rowId)] = new(e.Sequence, key, null);
                continue;
            }
            if (e.Entity is not (Mark or Attendance) || !int.TryParse(e.EntityId, CultureInfo.InvariantCulture, out var entityId)) continue;
            recorded[(e.Entity, entityId)] = e.After is null ? new(e.Sequence, null, null) : e.Entity == Mark ? FromMark(e.Sequence, e.After)
                : FromAttendance(e.Sequence, e.After);
        }

        var problems = new List<string>();
        await foreach (var m in db.Marks.IgnoreQueryFilters().AsNoTracking().Where(m => m.SchoolId == school).OrderBy(m => m.Id)
                           .Select(m => new { m.Id, m.StudentId, m.LessonId, m.Value, WorkType = m.WorkType!.Name, m.Comment })
                           .AsAsyncEnumerable().WithCancellation(ct))
            Compare(recorded, problems, Mark, m.Id, MarkKey(m.StudentId, m.LessonId, m.Value, m.WorkType, m.Comment), m.Value);
        await foreach (var a in db.Attendance.IgnoreQueryFilters().AsNoTracking().Where(a => a.SchoolId == school).OrderBy(a => a.Id)
                           .Select(a => new { a.Id, a.LessonId, a.StudentId, a.Code, a.LateMinutes })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var code = a.Code.ToRussian();
            Compare(recorded, problems, Attendance, a.Id, AttendanceKey(a.LessonId, a.StudentId, code, a.LateMinutes), code);
        }
        foreach (var ((entity, id), last) in recorded.OrderBy(r => r.Key.Entity == Mark ? 0 : 1).ThenBy(r => r.Key.Id))
            if (last.Key is not null)
                problems.Add($"{Title(entity)} № {id} удалена в обход приложения: по журналу аудита (событие № {last.Sequence}) она есть");

        return problems.Count <= MaxListed
            ? problems
            : [.. problems.Take(MaxListed), $"и ещё расхождений данных с журналом аудита: {problems.Count - MaxListed}"];
    }

    private static void Compare(Dictionary<(string, int), Recorded> recorded, List<string> problems, string entity, int id, string key, string value)
    {
        if (!recorded.Remove((entity, id), out var last))
            problems.Add($"{Title(entity)} № {id} добавлена в обход приложения: в журнале аудита о ней нет событий");
        else if (last.Key is null)
            problems.Add($"{Title(entity)} № {id} есть в базе, хотя по журналу аудита (событие № {last.Sequence}) она удалена");
        else if (last.Key != key)
            problems.Add($"{Title(entity)} № {id} изменена в обход приложения: в базе «{value}», " + (last.Value is null
                ? $"а событие № {last.Sequence} записало другое состояние"
                : $"а событие № {last.Sequence} записало «{last.Value}»"));
    }

    private static string Title(string entity) => entity == Mark ? "Отметка" : "Отметка посещаемости";

    private static Recorded FromMark(long sequence, string after) => Read<JournalWrite.MarkSnapshot>(after) is { } m
        ? new(sequence, MarkKey(m.StudentId, m.LessonId, m.Value, m.WorkType, m.Comment), m.Value)
        : new(sequence, "?", null);

    private static Recorded FromAttendance(long sequence, string after) => Read<JournalApi.AttendanceDto>(after) is { } a
        ? new(sequence, AttendanceKey(a.LessonId, a.StudentId, a.Code, a.LateMinutes), a.Code)
        : new(sequence, "?", null);

    private static T? Read<T>(string? json) where T : class
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
