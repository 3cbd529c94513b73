using System.Security.Cryptography;
using System.Text.Json;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>
/// What a teacher's signature of a group's journal for a period covers (R-JRN-11): its lessons (date, number, topic, homework), marks,
/// attendance and period grades, written as compact JSON in one fixed order — by ids, invariant formats, no names that a rename
/// would change — so the same data always gives the same bytes and the same SHA-256, on SQLite and on PostgreSQL.
/// </summary>
public static class JournalDocument
{
    public const int Version = 1;

    public static async Task<byte[]> BuildAsync(JournalDbContext db, int groupId, int periodId, CancellationToken ct)
    {
        var period = await db.StudyPeriods.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == periodId)
            .Select(p => new { p.Start, p.End }).FirstAsync(ct);
        var lessons = await db.Lessons.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.TeachingGroupId == groupId && l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled)
            .OrderBy(l => l.Id).Select(l => new { l.Id, l.Date, l.Number, l.Topic, Homework = l.Homework != null ? l.Homework.Text : null })
            .ToListAsync(ct);
        var ids = lessons.Select(l => l.Id).ToList();
        var marks = await db.Marks.IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.LessonId)).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.LessonId, m.StudentId, m.Value, m.WorkTypeId, m.Comment, m.IsMakeUp }).ToListAsync(ct);
        var attendance = await db.Attendance.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.LessonId))
            .OrderBy(a => a.LessonId).ThenBy(a => a.StudentId).Select(a => new { a.LessonId, a.StudentId, a.Code, a.LateMinutes }).ToListAsync(ct);
        var grades = await db.PeriodGrades.IgnoreQueryFilters().AsNoTracking()
            .Where(g => g.TeachingGroupId == groupId && g.StudyPeriodId == periodId).OrderBy(g => g.StudentId).ThenBy(g => g.Kind)
            .Select(g => new { g.StudentId, g.Kind, g.Value }).ToListAsync(ct);

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("document", "journal");
            w.WriteNumber("version", Version);
            w.WriteNumber("groupId", groupId);
            w.WriteNumber("periodId", periodId);
            w.WriteString("start", Day(period.Start));
            w.WriteString("end", Day(period.End));
            w.WriteStartArray("lessons");
            foreach (var l in lessons)
            {
                w.WriteStartObject();
                w.WriteNumber("id", l.Id);
                w.WriteString("date", Day(l.Date));
                w.WriteNumber("number", l.Number);
                w.WriteString("topic", l.Topic);
                w.WriteString("homework", l.Homework);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("marks");
            foreach (var m in marks)
            {
                w.WriteStartObject();
                w.WriteNumber("id", m.Id);
                w.WriteNumber("lessonId", m.LessonId);
                w.WriteNumber("studentId", m.StudentId);
                w.WriteString("value", m.Value);
                w.WriteNumber("workTypeId", m.WorkTypeId);
                w.WriteString("comment", m.Comment);
                w.WriteBoolean("makeUp", m.IsMakeUp);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("attendance");
            foreach (var a in attendance)
            {
                w.WriteStartObject();
                w.WriteNumber("lessonId", a.LessonId);
                w.WriteNumber("studentId", a.StudentId);
                w.WriteString("code", a.Code.ToString());
                if (a.LateMinutes is int late) w.WriteNumber("lateMinutes", late);
                else w.WriteNull("lateMinutes");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("grades");
            foreach (var g in grades)
            {
                w.WriteStartObject();
                w.WriteNumber("studentId", g.StudentId);
                w.WriteString("kind", g.Kind.ToString());
                w.WriteString("value", g.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
