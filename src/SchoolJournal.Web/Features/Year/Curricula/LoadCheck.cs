namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>
/// The teaching load against the curricula (R-YEAR-9): for each class of the year and each subject of its curriculum,
/// the groups that cover the class, their teachers and their hours. A pure function: the caller loads the year.
/// </summary>
/// <remarks>
/// What a student of the class gets in a subject is the hours of the whole-class groups and streams covering the class,
/// plus, where the class is split, the hours of his sub-group: so every sub-group must come to the plan's hours, and a
/// subject with two lines (2 h of the обязательная часть + 1 h of the school's part) may be taught by two groups of 2 and
/// 1 h. Individual groups (ИУП) are checked against their student's individual curriculum, over the groups he belongs to;
/// extracurricular groups are not part of any curriculum and are not checked.
/// </remarks>
public static class LoadCheck
{
    public sealed record ClassInfo(int Id, string Name, int? CurriculumId);

    public sealed record Line(int SubjectId, string Subject, decimal Hours, bool Divided);

    public sealed record Plan(int Id, string Name, int? StudentId, IReadOnlyList<Line> Lines);

    /// <summary>A group with the hours and teachers of its assignments active on the day checked.</summary>
    public sealed record Group(int Id, string Name, int SubjectId, string Subject, GroupKind Kind, IReadOnlyList<int> ClassIds,
        decimal Hours, int Teachers, IReadOnlyList<int> StudentIds);

    /// <summary>A student on an individual curriculum, in his class of the day checked.</summary>
    public sealed record IndividualStudent(int StudentId, string Name, int ClassId, int CurriculumId);

    public const string NoPlan = "noPlan", NoGroup = "noGroup", NoTeacher = "noTeacher", HoursDiffer = "hours", NotInPlan = "notInPlan";

    public sealed record Warning(string Kind, int ClassId, string Class, int? SubjectId, string? Subject, int? GroupId, string? Group,
        decimal? PlanHours, decimal? GroupHours, string Message);

    public static List<Warning> Check(IReadOnlyList<ClassInfo> classes, IReadOnlyList<Plan> plans, IReadOnlyList<Group> groups,
        IReadOnlyList<IndividualStudent> individual)
    {
        var plansById = plans.ToDictionary(p => p.Id);
        var warnings = new List<Warning>();
        foreach (var cls in classes)
        {
            var covering = groups.Where(g => g.ClassIds.Contains(cls.Id) && g.Kind is GroupKind.WholeClass or GroupKind.SubGroup or GroupKind.Stream)
                .ToList();
            if (cls.CurriculumId is not int planId || !plansById.TryGetValue(planId, out var plan))
            {
                warnings.Add(new(NoPlan, cls.Id, cls.Name, null, null, null, null, null, null,
                    $"{cls.Name}: классу не назначен учебный план — нагрузку класса не с чем сверить."));
                continue;
            }
            CheckPlan(cls, plan, covering, warnings);

            foreach (var student in individual.Where(s => s.ClassId == cls.Id))
            {
                if (!plansById.TryGetValue(student.CurriculumId, out var own)) continue;
                var his = groups.Where(g => g.StudentIds.Contains(student.StudentId) && g.Kind != GroupKind.Extracurricular).ToList();
                // Only what differs from the class: the class's own groups were checked above.
                var extra = his.Where(g => g.Kind == GroupKind.Individual).ToList();
                CheckIndividual(cls, student, own, his, extra, warnings);
            }
            // Individual groups of students without an individual curriculum: checked against the class's plan.
            var planned = individual.Where(s => s.ClassId == cls.Id).Select(s => s.StudentId).ToHashSet();
            foreach (var g in groups.Where(g => g.Kind == GroupKind.Individual && g.ClassIds.Contains(cls.Id) && !g.StudentIds.Any(planned.Contains)))
            {
                if (g.Teachers == 0) warnings.Add(NoTeacherOf(cls, g));
                if (plan.Lines.All(l => l.SubjectId != g.SubjectId)) warnings.Add(NotInPlanOf(cls, g, "в учебном плане класса"));
            }
        }
        return warnings;
    }

    private static void CheckPlan(ClassInfo cls, Plan plan, List<Group> covering, List<Warning> warnings)
    {
        var who = cls.Name;
        foreach (var subject in plan.Lines.GroupBy(l => l.SubjectId))
        {
            var name = subject.First().Subject;
            var hours = subject.Sum(l => l.Hours);
            var divided = subject.Any(l => l.Divided);
            var its = covering.Where(g => g.SubjectId == subject.Key).ToList();
            if (its.Count == 0)
            {
                warnings.Add(new(NoGroup, cls.Id, cls.Name, subject.Key, name, null, null, hours, null,
                    $"{who}, {name}: нет группы — по учебному плану {WeeklyLoad.Hours(hours)} ч в неделю{(divided ? " в каждой подгруппе" : "")}."));
                continue;
            }
            foreach (var g in its.Where(g => g.Teachers == 0)) warnings.Add(NoTeacherOf(cls, g));
            var whole = its.Where(g => g.Kind != GroupKind.SubGroup).ToList();
            var subs = its.Where(g => g.Kind == GroupKind.SubGroup).ToList();
            var common = whole.Sum(g => g.Hours);
            if (subs.Count == 0)
            {
                if (common != hours)
                    warnings.Add(new(HoursDiffer, cls.Id, cls.Name, subject.Key, name, whole.Count == 1 ? whole[0].Id : null,
                        string.Join(", ", whole.Select(g => g.Name)), hours, common,
                        $"{who}, {name}: в группе «{string.Join("», «", whole.Select(g => g.Name))}» {WeeklyLoad.Hours(common)} ч в неделю, " +
                        $"по учебному плану {WeeklyLoad.Hours(hours)} ч{(divided ? "; класс по плану делится на подгруппы, а подгрупп нет" : "")}."));
                continue;
            }
            foreach (var g in subs.Where(g => common + g.Hours != hours))
                warnings.Add(new(HoursDiffer, cls.Id, cls.Name, subject.Key, name, g.Id, g.Name, hours, common + g.Hours,
                    $"{who}, {name}: в подгруппе «{g.Name}» {WeeklyLoad.Hours(common + g.Hours)} ч в неделю, по учебному " +
                        $"плану {WeeklyLoad.Hours(hours)} ч."));
        }
        var planned = plan.Lines.Select(l => l.SubjectId).ToHashSet();
        foreach (var g in covering.Where(g => !planned.Contains(g.SubjectId)))
            warnings.Add(NotInPlanOf(cls, g, "в учебном плане класса"));
    }

    private static void CheckIndividual(ClassInfo cls, IndividualStudent student, Plan own, List<Group> his, List<Group> individualGroups,
        List<Warning> warnings)
    {
        var who = $"{cls.Name}, {student.Name} (ИУП)";
        foreach (var subject in own.Lines.GroupBy(l => l.SubjectId))
        {
            var name = subject.First().Subject;
            var hours = subject.Sum(l => l.Hours);
            var its = his.Where(g => g.SubjectId == subject.Key).ToList();
            if (its.Count == 0)
            {
                warnings.Add(new(NoGroup, cls.Id, cls.Name, subject.Key, name, null, null, hours, null,
                    $"{who}, {name}: нет группы — по индивидуальному учебному плану {WeeklyLoad.Hours(hours)} ч в неделю."));
                continue;
            }
            var got = its.Sum(g => g.Hours);
            if (got != hours)
                warnings.Add(new(HoursDiffer, cls.Id, cls.Name, subject.Key, name, its.Count == 1 ? its[0].Id : null,
                    string.Join(", ", its.Select(g => g.Name)), hours, got,
                    $"{who}, {name}: в группах «{string.Join("», «", its.Select(g => g.Name))}» {WeeklyLoad.Hours(got)} ч в неделю, " +
                    $"по индивидуальному учебному плану {WeeklyLoad.Hours(hours)} ч."));
        }
        foreach (var g in individualGroups)
        {
            if (g.Teachers == 0) warnings.Add(NoTeacherOf(cls, g));
            if (own.Lines.All(l => l.SubjectId != g.SubjectId)) warnings.Add(NotInPlanOf(cls, g, "в индивидуальном учебном плане"));
        }
    }

    private static Warning NoTeacherOf(ClassInfo cls, Group g) =>
        new(NoTeacher, cls.Id, cls.Name, g.SubjectId, g.Subject, g.Id, g.Name, null, null,
            $"{cls.Name}, {g.Subject}: нет учителя в группе «{g.Name}».");

    private static Warning NotInPlanOf(ClassInfo cls, Group g, string where) =>
        new(NotInPlan, cls.Id, cls.Name, g.SubjectId, g.Subject, g.Id, g.Name, null, g.Hours,
            $"{cls.Name}, {g.Subject}: нет {where} — группа «{g.Name}», {WeeklyLoad.Hours(g.Hours)} ч в неделю.");
}
