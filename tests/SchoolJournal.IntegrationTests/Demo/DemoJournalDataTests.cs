using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Demo;
using SchoolJournal.Web.Domain;

namespace SchoolJournal.IntegrationTests.Demo;

/// <summary>What a teacher or a parent notices at once in the demo school's journal and diary.</summary>
public sealed partial class DemoSeederTests
{
    [Fact]
    public async Task Second_grade_lessons_have_primary_topics_not_fifth_grade_ones()
    {
        await WithDb(async (db, _) =>
        {
            var topics = await db.Lessons.Where(l => l.Topic != null && l.Date < Today)
                .Select(l => new
                {
                    l.Topic, Subject = l.TeachingGroup!.Subject!.Name, Grade = l.TeachingGroup.Classes.Min(c => c.SchoolClass!.Grade),
                })
                .Where(l => l.Grade == 2 || l.Grade == 5).Distinct().ToListAsync();
            foreach (var subject in new[] { DemoCatalog.Maths, DemoCatalog.Russian, DemoCatalog.English })
            {
                var second = topics.Where(t => t.Subject == subject && t.Grade == 2).Select(t => t.Topic).ToHashSet();
                var fifth = topics.Where(t => t.Subject == subject && t.Grade == 5).Select(t => t.Topic).ToHashSet();
                Assert.NotEmpty(second);
                Assert.NotEmpty(fifth);
                Assert.Empty(second.Intersect(fifth));
            }
            Assert.Contains(topics, t => t.Grade == 2 && t.Subject == DemoCatalog.Maths && t.Topic == "Числа от 1 до 100. Нумерация");
            return 0;
        });
    }

    [Fact]
    public async Task A_groups_topics_only_move_forward_and_never_come_back()
    {
        await WithDb(async (db, _) =>
        {
            var lessons = await db.Lessons.Where(l => l.Topic != null && l.Status != LessonStatus.Cancelled)
                .OrderBy(l => l.Date).ThenBy(l => l.Number).Select(l => new { l.TeachingGroupId, l.Topic }).ToListAsync();
            Assert.NotEmpty(lessons);
            foreach (var group in lessons.GroupBy(l => l.TeachingGroupId))
            {
                var left = new HashSet<string>();
                string? current = null;
                foreach (var topic in group.Select(l => l.Topic!))
                {
                    if (topic == current) continue;
                    Assert.True(left.Add(current ?? ""), $"group {group.Key}: «{current}» comes back");
                    Assert.DoesNotContain(topic, left);
                    current = topic;
                }
            }
            return 0;
        });
    }

    [Fact]
    public async Task The_first_quarter_is_graded_as_each_students_average_suggests()
    {
        await WithDb(async (db, _) =>
        {
            var quarters = await db.StudyPeriods.Where(p => p.Kind == PeriodKind.Quarter && p.Number == 1).ToListAsync();
            Assert.All(quarters, q => Assert.True(q.End < Today));
            var ids = quarters.Select(q => q.Id).ToList();
            var marks = await db.Marks.Where(m => ids.Contains(m.Lesson!.StudyPeriodId!.Value))
                .Select(m => new { m.StudentId, m.Lesson!.TeachingGroupId, PeriodId = m.Lesson.StudyPeriodId!.Value, m.Value, m.WorkType!.Weight })
                .ToListAsync();
            var grades = await db.PeriodGrades.Where(g => g.Kind == PeriodGradeKind.Period && ids.Contains(g.StudyPeriodId!.Value))
                .ToDictionaryAsync(g => (g.StudentId, g.TeachingGroupId, g.StudyPeriodId!.Value), g => g.Value);
            var ends = quarters.ToDictionary(q => q.Id, q => q.End);
            var members = await db.GroupMemberships.Select(m => new { m.StudentId, m.TeachingGroupId, m.From, m.To }).ToListAsync();

            var expected = 0;
            foreach (var x in marks.GroupBy(m => (m.StudentId, m.TeachingGroupId, m.PeriodId)))
            {
                var end = ends[x.Key.PeriodId];
                if (!members.Any(m => m.StudentId == x.Key.StudentId && m.TeachingGroupId == x.Key.TeachingGroupId
                        && m.From <= end && (m.To == null || m.To >= end)))
                {
                    Assert.False(grades.ContainsKey(x.Key), "a student who left the group before the quarter's end got its grade");
                    continue;
                }
                // By hand: Σ(mark × weight) / Σ weight, rounded to hundredths; 4.60 and up «5», 3.60 «4», 2.60 «3», else «2».
                var average = Math.Round(x.Sum(m => int.Parse(m.Value) * m.Weight) / x.Sum(m => m.Weight), 2, MidpointRounding.AwayFromZero);
                var grade = average >= 4.6m ? "5" : average >= 3.6m ? "4" : average >= 2.6m ? "3" : "2";
                Assert.True(grades.TryGetValue(x.Key, out var stored),
                    $"no first-quarter grade for student {x.Key.StudentId} in group {x.Key.TeachingGroupId}");
                Assert.Equal(grade, stored);
                expected++;
            }
            Assert.True(expected > 1000, $"only {expected} first-quarter grades");
            Assert.Equal(expected, grades.Count);
            return 0;
        });
    }

    [Fact]
    public async Task The_diary_shows_each_students_average_as_the_journal_does_a_moved_student_included()
    {
        // The first class of each school level (each level has study periods of its own) and both classes of the
        // student who moved mid-term, whole: 117 students, 81 groups, 2,417 averages. All the classes took about 2,000 requests,
        // 70-80 s of each lane on a slow hour.
        var (moved, periods, groups, students) = await WithDb(async (db, _) =>
        {
            var moved = await db.Enrolments.Where(e => e.Reason == EnrolmentReason.Transfer).Select(e => e.StudentId).SingleAsync();
            var periods = await db.StudyPeriods.Where(p => p.Start <= Today).Select(p => new { p.Id, p.Level }).ToListAsync();
            var classes = (await db.SchoolClasses.Select(c => new { c.Id, c.Grade, c.Name }).ToListAsync())
                .OrderBy(c => c.Grade).ThenBy(c => c.Name).GroupBy(c => SchoolCalendar.LevelOf(c.Grade)).Select(l => l.First().Id)
                .Concat(await db.Enrolments.Where(e => e.StudentId == moved).Select(e => e.SchoolClassId).ToListAsync()).ToHashSet();
            var groups = await db.TeachingGroups.Where(g => g.Kind != GroupKind.Extracurricular)
                .Where(g => g.Classes.Any(c => classes.Contains(c.SchoolClassId)))
                .Select(g => new { g.Id, Grade = g.Classes.Min(c => c.SchoolClass!.Grade) }).ToListAsync();
            var students = await db.Enrolments.Where(e => e.To == null && classes.Contains(e.SchoolClassId))
                .Select(e => new { e.StudentId, e.SchoolClass!.Grade }).ToListAsync();
            return (moved, periods, groups, students);
        });
        var client = await fixture.App.ApiClientAsync(DemoSeeder.Logins.Director, DemoSeeder.Password);

        // The withdrawn student keeps his rows in his old journals; the diaries compared are those of the students still here.
        var here = students.Select(s => s.StudentId).ToHashSet();
        var journal = new Dictionary<(int Student, int Group, int Period), decimal>();
        foreach (var g in groups)
            foreach (var p in periods.Where(p => p.Level == SchoolCalendar.LevelOf(g.Grade)))
            {
                var grid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{g.Id}/journal?periodId={p.Id}");
                foreach (var row in grid.GetProperty("students").EnumerateArray())
                    if (row.GetProperty("average").ValueKind == JsonValueKind.Number && here.Contains(row.GetProperty("id").GetInt32()))
                        journal[(row.GetProperty("id").GetInt32(), g.Id, p.Id)] = row.GetProperty("average").GetDecimal();
            }
        var diary = new Dictionary<(int Student, int Group, int Period), decimal>();
        var movedSubjects = new List<(int Subject, int Group)>();
        foreach (var s in students)
            foreach (var p in periods.Where(p => p.Level == SchoolCalendar.LevelOf(s.Grade)))
            {
                var marks = await client.GetFromJsonAsync<JsonElement>($"/api/v1/students/{s.StudentId}/marks?periodId={p.Id}");
                foreach (var line in marks.GetProperty("subjects").EnumerateArray())
                {
                    var group = line.GetProperty("groupId").GetInt32();
                    if (line.GetProperty("average").ValueKind == JsonValueKind.Number)
                        diary[(s.StudentId, group, p.Id)] = line.GetProperty("average").GetDecimal();
                    if (s.StudentId == moved && line.GetProperty("marks").GetArrayLength() > 0)
                        movedSubjects.Add((line.GetProperty("subjectId").GetInt32(), group));
                }
            }

        Assert.True(diary.Count > 1000, $"only {diary.Count} averages in the diaries");
        Assert.Contains(students, s => s.StudentId == moved);
        Assert.Equal(journal.OrderBy(x => x.Key), diary.OrderBy(x => x.Key));
        // The moved student's subjects with marks in both classes' journals show as two lines, each with its journal's average.
        var twice = movedSubjects.Distinct().GroupBy(x => x.Subject).Where(x => x.Count() == 2).ToList();
        Assert.NotEmpty(twice);
        Assert.All(twice.SelectMany(x => x), x => Assert.Contains(journal.Keys, k => k.Student == moved && k.Group == x.Group));
    }
}
