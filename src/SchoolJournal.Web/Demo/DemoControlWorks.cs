using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Demo;

/// <summary>
/// The demo's ВШК (R-YEAR-12): every 8th lesson of a group with control works, as the demo's marks already have them
/// (a control work's marks up to today), and on the same rhythm for the rest of the year, so the schedule matches the
/// journal and shows the coming control works to students and parents.
/// </summary>
internal static class DemoControlWorks
{
    public static async Task<int> AddAsync(JournalDbContext db, int schoolId, DateTimeOffset now, CancellationToken ct)
    {
        // The groups whose journal has control-work marks, with the class they serve.
        // One pass over the school's marks, not a correlated EXISTS per group: on PostgreSQL, right after the bulk insert
        // and before any ANALYZE, the planner took the marks table for empty and ran that EXISTS as a scan per group.
        var withControl = await db.Marks.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.SchoolId == schoolId && m.WorkType!.IsControl)
            .Select(m => m.Lesson!.TeachingGroupId).Distinct().ToListAsync(ct);
        var groups = await db.TeachingGroups.IgnoreQueryFilters().AsNoTracking()
            .Where(g => g.SchoolId == schoolId && g.Kind == GroupKind.WholeClass && withControl.Contains(g.Id))
            .Select(g => new { g.Id, g.AcademicYearId, g.SubjectId, ClassId = g.Classes.Select(c => c.SchoolClassId).First() })
            .ToListAsync(ct);
        var ids = groups.Select(g => g.Id).ToList();
        var lessons = (await db.Lessons.IgnoreQueryFilters().AsNoTracking()
                .Where(l => ids.Contains(l.TeachingGroupId) && l.Status != LessonStatus.Cancelled)
                .Select(l => new { l.TeachingGroupId, l.Date, l.Number }).ToListAsync(ct))
            .ToLookup(l => l.TeachingGroupId);
        var added = 0;
        foreach (var g in groups)
        {
            var ordered = lessons[g.Id].OrderBy(l => l.Date).ThenBy(l => l.Number).ToList();
            for (var i = 7; i < ordered.Count; i += 8)
            {
                db.ControlWorks.Add(new ControlWork
                {
                    SchoolId = schoolId, AcademicYearId = g.AcademicYearId, SchoolClassId = g.ClassId, SubjectId = g.SubjectId,
                    Date = ordered[i].Date, LessonNumber = ordered[i].Number, Form = ControlForm.ControlWork, Title = "Контрольная работа",
                    CreatedAt = now,
                });
                added++;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }
}
