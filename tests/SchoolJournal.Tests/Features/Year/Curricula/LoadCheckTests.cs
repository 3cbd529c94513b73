using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Year.Curricula;
using static SchoolJournal.Web.Features.Year.Curricula.LoadCheck;

namespace SchoolJournal.Tests.Features.Year.Curricula;

/// <summary>The load against the curricula, worked out by hand on a small school: 5А and 5Б on one plan.</summary>
public sealed class LoadCheckTests
{
    private const int Maths = 1, English = 2, Pe = 3, Chess = 4, Russian = 5;
    private static readonly ClassInfo A = new(10, "5А", 100), B = new(11, "5Б", 100);

    // 5 h of maths, English 3 h divided, PE 2 h + 1 h of the school's part.
    private static readonly Plan Fifth = new(100, "Учебный план 5-х классов", null,
    [
        new(Maths, "Математика", 5, false), new(English, "Английский язык", 3, true),
        new(Pe, "Физическая культура", 2, false), new(Pe, "Физическая культура", 1, false),
    ]);

    private static Group G(int id, string name, int subject, GroupKind kind, int[] classes, decimal hours, int teachers = 1,
        int[]? students = null) =>
        new(id, name, subject,
            subject switch { Maths => "Математика", English => "Английский язык", Pe => "Физическая культура", Chess => "Шахматы",
                _ => "Русский язык" },
            kind, classes, hours, teachers, students ?? []);

    private static List<Group> CompleteFor(ClassInfo c, int offset) =>
    [
        G(offset + 1, $"{c.Name} Математика", Maths, GroupKind.WholeClass, [c.Id], 5),
        G(offset + 2, $"{c.Name} Англ., 1 гр.", English, GroupKind.SubGroup, [c.Id], 3),
        G(offset + 3, $"{c.Name} Англ., 2 гр.", English, GroupKind.SubGroup, [c.Id], 3),
        G(offset + 4, $"{c.Name} Физ-ра", Pe, GroupKind.WholeClass, [c.Id], 2),
        G(offset + 5, $"{c.Name} Физ-ра (ЧФУ)", Pe, GroupKind.WholeClass, [c.Id], 1),
    ];

    [Fact]
    public void A_load_that_matches_the_plan_has_no_warnings()
    {
        // PE: 2 + 1 h in two groups = the plan's 2 + 1 h; each English sub-group has the plan's 3 h.
        var warnings = Check([A, B], [Fifth], [.. CompleteFor(A, 0), .. CompleteFor(B, 10)], []);

        Assert.Empty(warnings);
    }

    [Fact]
    public void A_subject_of_the_plan_without_a_group_is_reported_with_its_hours()
    {
        var groups = CompleteFor(A, 0).Where(g => g.SubjectId != Maths).ToList();

        var w = Assert.Single(Check([A], [Fifth], groups, []));

        Assert.Equal((NoGroup, "5А", "Математика", 5m), (w.Kind, w.Class, w.Subject, w.PlanHours));
        Assert.Equal("5А, Математика: нет группы — по учебному плану 5 ч в неделю.", w.Message);
    }

    [Fact]
    public void A_group_without_a_teacher_is_reported()
    {
        var groups = CompleteFor(A, 0);
        groups[0] = groups[0] with { Teachers = 0, Hours = 0 };

        var warnings = Check([A], [Fifth], groups, []);

        Assert.Equal([NoTeacher, HoursDiffer], warnings.Select(w => w.Kind));
        Assert.Equal("5А, Математика: нет учителя в группе «5А Математика».", warnings[0].Message);
        Assert.Equal("5А, Математика: в группе «5А Математика» 0 ч в неделю, по учебному плану 5 ч.", warnings[1].Message);
    }

    [Fact]
    public void Each_sub_group_of_a_divided_line_must_have_the_lines_hours()
    {
        var groups = CompleteFor(A, 0);
        groups[2] = groups[2] with { Hours = 2.5m };

        var w = Assert.Single(Check([A], [Fifth], groups, []));

        Assert.Equal((HoursDiffer, 3, "5А Англ., 2 гр.", 3m, 2.5m), (w.Kind, w.GroupId, w.Group, w.PlanHours, w.GroupHours));
        Assert.Equal("5А, Английский язык: в подгруппе «5А Англ., 2 гр.» 2,5 ч в неделю, по учебному плану 3 ч.", w.Message);
    }

    [Fact]
    public void A_divided_line_taught_to_the_whole_class_says_the_sub_groups_are_missing_only_when_the_hours_differ()
    {
        var groups = CompleteFor(A, 0).Where(g => g.SubjectId != English).ToList();
        groups.Add(G(9, "5А Англ.", English, GroupKind.WholeClass, [A.Id], 3));

        Assert.Empty(Check([A], [Fifth], groups, []));
    }

    [Fact]
    public void A_stream_counts_for_every_class_it_covers()
    {
        // Maths of 5А and 5Б as one stream of 5 h: both classes get their 5 h; a stream of 4 h is short in each.
        var groups = new List<Group>([.. CompleteFor(A, 0).Where(g => g.SubjectId != Maths), .. CompleteFor(B, 10).Where(g => g.SubjectId != Maths)]);
        Assert.Empty(Check([A, B], [Fifth], [.. groups, G(30, "5-е: Математика", Maths, GroupKind.Stream, [A.Id, B.Id], 5)], []));

        var warnings = Check([A, B], [Fifth], [.. groups, G(30, "5-е: Математика", Maths, GroupKind.Stream, [A.Id, B.Id], 4)], []);

        Assert.Equal([("5А", 4m), ("5Б", 4m)], warnings.Select(w => (w.Class, w.GroupHours!.Value)));
        Assert.All(warnings, w => Assert.Equal((HoursDiffer, 30), (w.Kind, w.GroupId)));
    }

    [Fact]
    public void A_group_of_a_subject_outside_the_plan_is_reported_and_extracurricular_ones_are_not()
    {
        var groups = CompleteFor(A, 0);
        groups.Add(G(20, "5А Шахматы", Chess, GroupKind.WholeClass, [A.Id], 1));
        groups.Add(G(21, "Кружок «Шахматы»", Chess, GroupKind.Extracurricular, [A.Id], 2));

        var w = Assert.Single(Check([A], [Fifth], groups, []));

        Assert.Equal((NotInPlan, 20, 1m), (w.Kind, w.GroupId, w.GroupHours));
        Assert.Equal("5А, Шахматы: нет в учебном плане класса — группа «5А Шахматы», 1 ч в неделю.", w.Message);
    }

    [Fact]
    public void A_class_without_a_plan_gets_one_warning()
    {
        var w = Assert.Single(Check([A with { CurriculumId = null }], [Fifth], CompleteFor(A, 0), []));

        Assert.Equal((NoPlan, "5А: классу не назначен учебный план — нагрузку класса не с чем сверить."), (w.Kind, w.Message));
    }

    [Fact]
    public void An_individual_plan_is_checked_over_the_groups_of_its_student()
    {
        // Орлов (student 7) is on an ИУП: the class plan plus 1 h of Russian; he learns in the class groups,
        // English in the 1st sub-group, and in an individual group of Russian.
        const int orlov = 7;
        var iup = new Plan(200, "ИУП Орлова", orlov, [.. Fifth.Lines, new(Russian, "Русский язык", 1, false)]);
        var groups = CompleteFor(A, 0).Select(g => g.Id == 3 ? g : g with { StudentIds = [orlov] }).ToList();
        groups.Add(G(40, "Рус. яз. (ИУП, Орлов А.)", Russian, GroupKind.Individual, [A.Id], 1, students: [orlov]));
        var student = new IndividualStudent(orlov, "Орлов А. И.", A.Id, 200);

        Assert.Empty(Check([A], [Fifth, iup], groups, [student]));

        groups[^1] = groups[^1] with { Hours = 2 };
        var w = Assert.Single(Check([A], [Fifth, iup], groups, [student]));
        Assert.Equal((HoursDiffer, 40, 1m, 2m), (w.Kind, w.GroupId, w.PlanHours, w.GroupHours));
        Assert.Equal("5А, Орлов А. И. (ИУП), Русский язык: в группах «Рус. яз. (ИУП, Орлов А.)» 2 ч в неделю, по индивидуальному учебному плану 1 ч.",
            w.Message);
    }

    [Fact]
    public void An_individual_group_of_a_subject_outside_the_students_plan_is_reported()
    {
        const int orlov = 7;
        var iup = new Plan(200, "ИУП Орлова", orlov, Fifth.Lines);
        var groups = CompleteFor(A, 0).Select(g => g.Id == 3 ? g : g with { StudentIds = [orlov] }).ToList();
        groups.Add(G(40, "Шахматы (ИУП)", Chess, GroupKind.Individual, [A.Id], 1, teachers: 0, students: [orlov]));

        var warnings = Check([A], [Fifth, iup], groups, [new IndividualStudent(orlov, "Орлов А. И.", A.Id, 200)]);

        Assert.Equal([NoTeacher, NotInPlan], warnings.Select(w => w.Kind));
        Assert.Equal("5А, Шахматы: нет в индивидуальном учебном плане — группа «Шахматы (ИУП)», 1 ч в неделю.", warnings[1].Message);
    }
}
