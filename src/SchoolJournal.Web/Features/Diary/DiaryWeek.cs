using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Year.Changes;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.ReadModels;

namespace SchoolJournal.Web.Features.Diary;

/// <summary>
/// One student's diary over a span of dates (a week for the page, up to 62 days for the API): the lessons of the groups he
/// belonged to on each date, with his marks, absences and homework, the class teacher's daily absences, holidays and
/// the class's control works. Two round trips: the student with everything around the lessons, then the lessons.
/// </summary>
public sealed record DiaryWeek(
    int StudentId, string StudentName, IReadOnlyList<DiaryWeek.Child> Own, string? ClassName,
    DateOnly From, DateOnly To, IReadOnlyList<DiaryWeek.Day> Days, IReadOnlyList<DiaryWeek.HolidayRow> Holidays)
{
    public sealed record Child(int Id, string Name);

    public sealed record Day(DateOnly Date, IReadOnlyList<LessonRow> Lessons, DailyRow? Absence, IReadOnlyList<ControlRow> ControlWorks,
        string? Holiday);

    /// <param name="Teacher">Who teaches it: the substitute when there is one.</param>
    /// <param name="RegularTeacher">The timetable's teacher, only when a substitute teaches.</param>
    /// <param name="MovedFrom">Set on the lesson's new place: where the timetable had it.</param>
    /// <param name="MovedTo">Set on a lesson's old place, shown only as a note: where it went (no marks, no homework there).</param>
    public sealed record LessonRow(int LessonId, int Number, TimeOnly Start, TimeOnly End, string Subject, string Teacher,
        string? RegularTeacher, string? Room, bool RoomChanged, string? Topic, HomeworkRow? Homework, IReadOnlyList<MarkRow> Marks,
        AbsenceRow? Absence, bool Cancelled, Slot? MovedFrom, Slot? MovedTo)
    {
        public bool Substituted => RegularTeacher is not null;
    }

    public sealed record Slot(DateOnly Date, int Number)
    {
        public override string ToString() => $"{Date:dd.MM}, {Number} урок";
    }

    /// <param name="Due">The date it is due: the one the teacher set, else the group's next lesson.</param>
    public sealed record HomeworkRow(string Text, DateOnly? Due, IReadOnlyList<AttachmentRow> Attachments);

    public sealed record AttachmentRow(int Id, string FileName)
    {
        public string Url => $"/api/v1/homework/attachments/{Id}";
    }

    public sealed record MarkRow(int Id, string Value, string WorkType, decimal Weight, string? Comment);

    public sealed record AbsenceRow(string Code, int? LateMinutes, string? Comment)
    {
        public override string ToString() => LateMinutes is int m ? $"{Code} ({m} мин)" : Code;
    }

    public sealed record DailyRow(string Code, string? Comment);

    public sealed record ControlRow(string Subject, string Form, int? LessonNumber, string? Title);

    public sealed record HolidayRow(string Name, DateOnly Start, DateOnly End);

    public DateOnly Monday => WeekStart(From);

    /// <summary>The Monday of the week <paramref name="date"/> falls in.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The days a week shows: Monday to Saturday, and Sunday only when something stands on it.</summary>
    public static IReadOnlyList<DateOnly> WeekDays(DateOnly monday, bool sundayUsed) =>
        [.. Enumerable.Range(0, sundayUsed ? 7 : 6).Select(monday.AddDays)];

    /// <summary>
    /// Loads the diary of <paramref name="studentId"/>, or of the caller's own first student when null, if the caller may
    /// read it; null otherwise. The access rule and the caller's own students are the access service's cached sets; the
    /// student's dates are a read model kept in <paramref name="cache"/> until a save touches the student, one of his groups'
    /// lesson sets or one of the lessons shown (issue 16).
    /// </summary>
    public static async Task<DiaryWeek?> LoadAsync(JournalDbContext db, AccessService access, ReadCache cache, int? schoolId,
        int? studentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (schoolId is not int school) return null;
        var own = await access.OwnStudentListAsync(ct);
        int sid;
        if (studentId is int id)
        {
            if (!(await access.DiaryReadableStudentSetAsync(ct)).Contains(id)) return null;
            sid = id;
        }
        else if (own.Count > 0) sid = own[0].Id;
        else return null;

        var key = new WeekKey(sid, from, to);
        if (!cache.TryGet<DiaryWeek>(key, out var week))
        {
            var built = cache.Generation;
            var read = await ReadAsync(db, school, sid, from, to, ct);
            if (read is null) return null;
            (week, var deps) = read.Value;
            cache.Set(key, week, built, [ReadDep.School(school), .. deps]);
        }
        return week with { Own = [.. own.Select(o => new Child(o.Id, $"{o.LastName} {o.FirstName}"))] };
    }

    private sealed record WeekKey(int StudentId, DateOnly From, DateOnly To);

    /// <summary>The student's dates from the database, with what they were read from (<see cref="ReadDep"/>).</summary>
    private static async Task<(DiaryWeek Week, List<long> Deps)?> ReadAsync(JournalDbContext db, int schoolId, int sid,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        // Everything around the lessons in one query, hung on the school's row.
        var head = await db.Schools.AsNoTracking()
            .Where(sc => sc.Id == schoolId)
            .Select(sc => new
            {
                Student = db.Students.Where(st => st.SchoolId == sc.Id && st.Id == sid)
                    .Select(st => new { st.Id, st.LastName, st.FirstName, st.MiddleName }).ToList(),
                Classes = db.Enrolments.Where(e => e.SchoolId == sc.Id && e.StudentId == sid && e.From <= to && (e.To == null || e.To >= from))
                    .Select(e => new { e.From, e.SchoolClass!.Grade, e.SchoolClass.Letter }).ToList(),
                Groups = db.GroupMemberships.Where(m => m.SchoolId == sc.Id && m.StudentId == sid && m.From <= to && (m.To == null || m.To >= from))
                    .Select(m => m.TeachingGroupId).ToList(),
                Daily = db.DailyAbsences.Where(d => d.SchoolId == sc.Id && d.StudentId == sid && d.Date >= from && d.Date <= to)
                    .Select(d => new { d.Date, d.Code, d.Comment }).ToList(),
                Holidays = db.Holidays.Where(h => h.SchoolId == sc.Id && h.Start <= to && h.End >= from && (h.Grade == null
                        || db.Enrolments.Any(e => e.StudentId == sid
                            && e.SchoolClass!.Grade == h.Grade && e.From <= to && (e.To == null || e.To >= from))))
                    .Select(h => new { h.Name, h.Start, h.End }).ToList(),
                Works = db.ControlWorks.Where(c => c.SchoolId == sc.Id && c.Date >= from && c.Date <= to
                        && db.Enrolments.Any(e => e.StudentId == sid
                            && e.SchoolClassId == c.SchoolClassId && e.From <= c.Date && (e.To == null || e.To >= c.Date))
                        && (c.TeachingGroupId == null
                            || db.GroupMemberships.Any(m => m.StudentId == sid && m.TeachingGroupId == c.TeachingGroupId)))
                    .Select(c => new { c.Date, c.LessonNumber, c.Form, c.Title, Subject = c.Subject!.Name }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        var student = head?.Student.FirstOrDefault();
        if (head is null || student is null) return null;

        // The student's groups of these dates, read with the head and passed as a list: SQLite then reads lessons by its
        // (group, date) index instead of scanning the year's lessons (bench/diary.sh), and PostgreSQL, which misjudged the
        // sub-query under the tenancy filters of a 100-school district and walked every lesson of the week, plans it in 3 ms
        // (bench/district.sh, 2.57× the single school's cost before).
        var groups = head.Groups.Distinct().ToList();
        var rows = await db.Lessons.AsNoTracking()
            .Where(l => groups.Contains(l.TeachingGroupId)
                        && ((l.Date >= from && l.Date <= to) || (l.OriginalDate >= from && l.OriginalDate <= to))
                        && db.GroupMemberships.Any(m => m.StudentId == sid && m.TeachingGroupId == l.TeachingGroupId
                                                        && m.From <= l.Date && (m.To == null || m.To >= l.Date)))
            .OrderBy(l => l.Date).ThenBy(l => l.Number).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.Date, l.Number, l.Start, l.End, l.Status, l.OriginalDate, l.OriginalNumber, l.Topic,
                Subject = l.TeachingGroup!.Subject!.Name,
                Teacher = new { l.Teacher!.LastName, l.Teacher.FirstName, l.Teacher.MiddleName },
                Substitute = db.StaffMembers.Where(t => t.Id == l.SubstituteTeacherId)
                    .Select(t => new { t.LastName, t.FirstName, t.MiddleName }).FirstOrDefault(),
                Room = db.Rooms.Where(r => r.Id == l.RoomId).Select(r => r.Number).FirstOrDefault(),
                RoomChanged = db.LessonChanges.Any(c => c.LessonId == l.Id && c.Kind == LessonChangeKind.RoomChange),
                HomeworkText = l.Homework == null ? null : l.Homework.Text,
                HomeworkDue = l.Homework == null ? null : l.Homework.DueDate,
                // Homework for a part of the group is the listed students' only.
                HomeworkMine = l.Homework != null && (!l.Homework.Students.Any() || l.Homework.Students.Any(h => h.StudentId == sid)),
                Attachments = db.HomeworkAttachments.Where(a => a.HomeworkId == l.Homework!.Id).OrderBy(a => a.Id)
                    .Select(a => new AttachmentRow(a.Id, a.FileName)).ToList(),
                NextLesson = db.Lessons.Where(n => n.TeachingGroupId == l.TeachingGroupId && n.Status != LessonStatus.Cancelled
                        && (n.Date > l.Date || (n.Date == l.Date && n.Number > l.Number)))
                    .OrderBy(n => n.Date).ThenBy(n => n.Number).Select(n => (DateOnly?)n.Date).FirstOrDefault(),
                Marks = l.Marks.Where(m => m.StudentId == sid).OrderBy(m => m.Id)
                    .Select(m => new MarkRow(m.Id, m.Value, m.WorkType!.Name, m.WorkType.Weight, m.Comment)).ToList(),
                Absence = l.Attendance.Where(a => a.StudentId == sid)
                    .Select(a => new { a.Code, a.LateMinutes, a.Comment }).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var lessons = new List<(DateOnly Date, LessonRow Row)>();
        foreach (var l in rows)
        {
            var teacher = PersonName.Short(l.Teacher.LastName, l.Teacher.FirstName, l.Teacher.MiddleName);
            var substitute = l.Substitute is null ? null : PersonName.Short(l.Substitute.LastName, l.Substitute.FirstName, l.Substitute.MiddleName);
            var moved = l.OriginalDate is DateOnly od && (od != l.Date || l.OriginalNumber != l.Number)
                ? new Slot(od, l.OriginalNumber ?? l.Number) : null;
            var homework = l.HomeworkMine && l.HomeworkText is not null
                ? new HomeworkRow(l.HomeworkText, l.HomeworkDue ?? l.NextLesson, l.Attachments) : null;
            var absence = l.Absence is null ? null : new AbsenceRow(l.Absence.Code.ToRussian(), l.Absence.LateMinutes, l.Absence.Comment);
            if (l.Date >= from && l.Date <= to)
                lessons.Add(
                    (l.Date, new LessonRow(l.Id, l.Number, l.Start, l.End, l.Subject, substitute ?? teacher, substitute is null ? null : teacher,
                    l.Room, l.RoomChanged, l.Topic, homework, l.Marks, absence, l.Status == LessonStatus.Cancelled, moved, null)));
            // The old place keeps a note, so a parent who remembers the timetable sees where the lesson went.
            if (moved is not null && moved.Date != l.Date && moved.Date >= from && moved.Date <= to)
                lessons.Add((moved.Date, new LessonRow(l.Id, moved.Number, l.Start, l.End, l.Subject, substitute ?? teacher, null,
                    null, false, null, null, [], null, false, null, new Slot(l.Date, l.Number))));
        }

        var daily = head.Daily.ToDictionary(d => d.Date, d => new DailyRow(d.Code.ToRussian(), d.Comment));
        var holidays = head.Holidays.OrderBy(h => h.Start).Select(h => new HolidayRow(h.Name, h.Start, h.End)).ToList();
        var days = new List<Day>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var d = date;
            days.Add(new Day(d,
                [.. lessons.Where(x => x.Date == d).Select(x => x.Row).OrderBy(r => r.Number).ThenBy(r => r.MovedTo is null ? 0 : 1)],
                daily.GetValueOrDefault(d),
                [.. head.Works.Where(w => w.Date == d).OrderBy(w => w.LessonNumber ?? 99)
                    .Select(w => new ControlRow(w.Subject, ChangeRules.Forms.NameOf(w.Form), w.LessonNumber, w.Title))],
                holidays.FirstOrDefault(h => h.Start <= d && d <= h.End)?.Name));
        }

        var cls = head.Classes.OrderBy(c => c.From).LastOrDefault();
        List<long> deps = [ReadDep.Student(sid), .. head.Groups.Select(ReadDep.Group), .. rows.Select(r => ReadDep.Lesson(r.Id))];
        return (new DiaryWeek(sid, PersonName.Full(student.LastName, student.FirstName, student.MiddleName), [],
            cls is null ? null : $"{cls.Grade}{cls.Letter}", from, to, days, holidays), deps);
    }
}
