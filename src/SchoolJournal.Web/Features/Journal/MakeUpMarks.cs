using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>
/// Зачёт пропущенной темы (R-JRN-8): the mark goes into the lesson of the missed topic, so it may only be given to a
/// student who was absent from that lesson; his absence stays in the journal next to it. A make-up is by nature
/// entered after the lesson's day, so deadline rules should not count it as late.
/// </summary>
public static class MakeUpMarks
{
    /// <summary>Null when the student missed the lesson (the lesson's own Н/Б/У, else the class teacher's mark for the day).</summary>
    public static async Task<Problem?> RefusalAsync(int lessonId, DateOnly date, int studentId, JournalDbContext db, CancellationToken ct)
    {
        var code = await db.Attendance.Where(a => a.LessonId == lessonId && a.StudentId == studentId)
            .Select(a => (AttendanceCode?)a.Code).FirstOrDefaultAsync(ct)
            ?? await db.DailyAbsences.Where(d => d.StudentId == studentId && d.Date == date)
                .Select(d => (AttendanceCode?)d.Code).FirstOrDefaultAsync(ct);
        return code is AttendanceCode.Absent or AttendanceCode.Ill or AttendanceCode.Excused
            ? null
            : Problem.BadRequest("Ученик не пропускал этот урок",
                "Отметка за пропущенную тему ставится в урок этой темы только ученику, который его пропустил («Н», «Б» или «У»). Для " +
                    "присутствовавшего поставьте обычную отметку.");
    }
}
