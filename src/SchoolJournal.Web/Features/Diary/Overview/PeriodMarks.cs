using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Journal;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Diary.Overview;

/// <summary>
/// A student's marks by subject for a study period with the weighted average the journal shows (<see cref="Averages"/>)
/// and the period grade, and his grades of the whole year (every period, year, exam, final). Four round trips
/// whatever the number of subjects: the student's year, his groups, the period's marks, the year's grades.
/// </summary>
public sealed class PeriodMarks([FromKeyedServices(ReadRouting.Reads)] JournalDbContext db, TimeProvider time)
{
    public sealed record PeriodDto(int Id, string Name, DateOnly Start, DateOnly End);

    public sealed record MarkDto(DateOnly Date, string Value, string WorkType, decimal Weight, string? Comment, bool IsMakeUp, bool IsLate);

    /// <summary>
    /// One journal's line: marks, average and period grade are per teaching group, as the journal has them
    /// (<see cref="Averages.PerJournal"/>). <paramref name="Journal"/> names the group when the subject has two journals
    /// in the period (a student who moved class); null otherwise.
    /// </summary>
    public sealed record SubjectDto(int SubjectId, string Subject, IReadOnlyList<MarkDto> Marks, decimal? Average, string? PeriodGrade,
        string? YearGrade, string? ExamGrade, string? FinalGrade, int GroupId, string? Journal);

    /// <summary>GET /api/v1/students/{studentId}/marks.</summary>
    public sealed record MarksDto(PeriodDto Period, IReadOnlyList<SubjectDto> Subjects);

    /// <summary>One subject's line of the «Год» table: the grade of each period in <see cref="Report.Periods"/> order, then the year's.</summary>
    public sealed record YearRow(int SubjectId, string Subject, IReadOnlyList<string?> PeriodGrades, string? Year, string? Exam, string? Final);

    public sealed record Report(string StudentName, string? ClassName, MarksDto Marks, IReadOnlyList<PeriodDto> Periods, IReadOnlyList<YearRow> Year);

    public static readonly Problem NoPeriod = Problem.NotFound("Учебный период не найден",
        "У класса ученика нет такого периода в текущем учебном году. Список периодов — GET /api/v1/periods.");

    private sealed record SubjectRef(int Id, string Name, int SortOrder);

    private sealed record JournalRef(int GroupId, string Group, SubjectRef Subject, DateOnly From);

    public async Task<Outcome<Report>> LoadAsync(int studentId, int? periodId, CancellationToken ct)
    {
        var year = await StudentYear.LoadAsync(db, time, studentId, ct);
        if (year?.YearId is not int yearId) return NoPeriod;
        var period = year.Pick(periodId);
        if (period is null) return NoPeriod;

        var groups = await db.GroupMemberships.AsNoTracking()
            .Where(m => m.StudentId == studentId && m.TeachingGroup!.AcademicYearId == yearId)
            .Select(m => new
            {
                m.From, m.To, m.TeachingGroupId, Group = m.TeachingGroup!.Name, m.TeachingGroup.Kind, m.TeachingGroup.SubjectId,
                Subject = m.TeachingGroup.Subject!.Name, m.TeachingGroup.Subject.SortOrder,
            })
            .ToListAsync(ct);
        var marks = await (
                from m in db.Marks.AsNoTracking()
                where m.StudentId == studentId
                join l in db.Lessons on m.LessonId equals l.Id
                where l.Date >= period.Start && l.Date <= period.End && l.Status != LessonStatus.Cancelled
                select new
                {
                    m.Id, l.Date, l.Number, l.TeachingGroupId, Group = l.TeachingGroup!.Name, l.TeachingGroup.SubjectId,
                    Subject = l.TeachingGroup.Subject!.Name, l.TeachingGroup.Subject.SortOrder,
                    m.Value, WorkType = m.WorkType!.Name, m.WorkType.Weight, m.Comment, m.IsMakeUp, m.IsLate,
                })
            .ToListAsync(ct);
        var grades = await (
                from g in db.PeriodGrades.AsNoTracking()
                where g.StudentId == studentId
                join t in db.TeachingGroups on g.TeachingGroupId equals t.Id
                where t.AcademicYearId == yearId
                select new { g.Id, g.Kind, g.StudyPeriodId, g.Value, g.TeachingGroupId, t.SubjectId, Subject = t.Subject!.Name, t.Subject.SortOrder })
            .ToListAsync(ct);

        string? Grade(int subjectId, PeriodGradeKind kind, int? studyPeriodId = null, int? groupId = null) => grades
            .Where(g => g.SubjectId == subjectId && g.Kind == kind && (kind != PeriodGradeKind.Period || g.StudyPeriodId == studyPeriodId)
                && (groupId == null || g.TeachingGroupId == groupId))
            .MaxBy(g => g.Id)?.Value;
        static IEnumerable<SubjectRef> Ordered(IEnumerable<SubjectRef> subjects) =>
            subjects.DistinctBy(s => s.Id).OrderBy(s => s.SortOrder)
                .ThenBy(s => s.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false));

        // A journal shows in a period when he was in its group then, or has marks in it; a circle without marks does not.
        var ru = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), false);
        var journals = groups.Where(g => g.Kind != GroupKind.Extracurricular && g.From <= period.End && (g.To == null || g.To >= period.Start))
            .Select(g => new JournalRef(g.TeachingGroupId, g.Group, new SubjectRef(g.SubjectId, g.Subject, g.SortOrder), g.From))
            .Concat(marks.Select(m => new JournalRef(m.TeachingGroupId, m.Group, new SubjectRef(m.SubjectId, m.Subject, m.SortOrder), m.Date)))
            .GroupBy(j => j.GroupId).Select(j => j.MinBy(x => x.From)!)
            .OrderBy(j => j.Subject.SortOrder).ThenBy(j => j.Subject.Name, ru).ThenBy(j => j.From).ThenBy(j => j.Group, ru)
            .ToList();
        var twoJournals = journals.GroupBy(j => j.Subject.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var marksOf = marks.OrderBy(m => m.Date).ThenBy(m => m.Number).ThenBy(m => m.Id)
            .ToLookup(m => m.TeachingGroupId, m => new MarkDto(m.Date, m.Value, m.WorkType, m.Weight, m.Comment, m.IsMakeUp, m.IsLate));
        var averages = Averages.PerJournal(marks.Select(m => new CountedMark
        {
            GroupId = m.TeachingGroupId, StudentId = studentId, Value = m.Value, Weight = m.Weight,
        }));
        var subjects = journals.Select(j => new SubjectDto(j.Subject.Id, j.Subject.Name, [.. marksOf[j.GroupId]],
                averages.GetValueOrDefault((studentId, j.GroupId)), Grade(j.Subject.Id, PeriodGradeKind.Period, period.Id, j.GroupId),
                Grade(j.Subject.Id, PeriodGradeKind.Year), Grade(j.Subject.Id, PeriodGradeKind.Exam), Grade(j.Subject.Id, PeriodGradeKind.Final),
                j.GroupId, twoJournals.Contains(j.Subject.Id) ? j.Group : null))
            .ToList();

        var yearSubjects = Ordered([
            .. groups.Where(g => g.Kind != GroupKind.Extracurricular).Select(g => new SubjectRef(g.SubjectId, g.Subject, g.SortOrder)),
            .. grades.Select(g => new SubjectRef(g.SubjectId, g.Subject, g.SortOrder)),
        ]);
        var yearRows = yearSubjects.Select(s => new YearRow(s.Id, s.Name,
                [.. year.Periods.Select(p => Grade(s.Id, PeriodGradeKind.Period, p.Id))],
                Grade(s.Id, PeriodGradeKind.Year), Grade(s.Id, PeriodGradeKind.Exam), Grade(s.Id, PeriodGradeKind.Final)))
            .ToList();

        var periodDto = new PeriodDto(period.Id, period.Name, period.Start, period.End);
        return Outcome<Report>.Ok(new Report(year.StudentName, year.ClassName, new MarksDto(periodDto, subjects),
            [.. year.Periods.Select(p => new PeriodDto(p.Id, p.Name, p.Start, p.End))], yearRows));
    }
}
