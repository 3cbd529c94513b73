using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Rows written in bulk, without an audited write each (the demo school's generated past): a few baseline events record every mark's
/// and attendance row's <see cref="JournalState.Key"/>, so <c>verify</c> holds them to their state from the start (decision record 0012).
/// </summary>
public static class JournalBaseline
{
    /// <summary>Rows per event: an event stays under 150 KB; the default demo school needs 20.</summary>
    public const int RowsPerEvent = 5000;

    private const string Reason = "исходные записи демонстрационной школы";

    public static async Task RecordAsync(JournalDbContext db, AuditLog audit, int school, CancellationToken ct)
    {
        var marks = await db.Marks.IgnoreQueryFilters().AsNoTracking().Where(m => m.SchoolId == school).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.StudentId, m.LessonId, m.Value, WorkType = m.WorkType!.Name, m.Comment }).ToListAsync(ct);
        foreach (var chunk in marks.Chunk(RowsPerEvent))
            await RecordAsync(audit, school, JournalState.Mark, chunk[0].Id, chunk[^1].Id,
                chunk.ToDictionary(m => Id(m.Id), m => JournalState.MarkKey(m.StudentId, m.LessonId, m.Value, m.WorkType, m.Comment)), ct);
        var attendance = await db.Attendance.IgnoreQueryFilters().AsNoTracking().Where(a => a.SchoolId == school).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.LessonId, a.StudentId, a.Code, a.LateMinutes }).ToListAsync(ct);
        foreach (var chunk in attendance.Chunk(RowsPerEvent))
            await RecordAsync(audit, school, JournalState.Attendance, chunk[0].Id, chunk[^1].Id,
                chunk.ToDictionary(a => Id(a.Id), a => JournalState.AttendanceKey(a.LessonId, a.StudentId, a.Code.ToRussian(), a.LateMinutes)), ct);
        await audit.SaveAsync(ct);
    }

    private static Task<AuditEvent> RecordAsync(AuditLog audit, int school, string entity, int first, int last, Dictionary<string, string> rows,
        CancellationToken ct) =>
        audit.RecordAsync(AuditEventType.JournalBaseline, JournalState.Baseline, $"{entity}:{Id(first)}-{Id(last)}", null,
            new JournalState.BaselineRows(entity, rows), Reason, school, ct);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
