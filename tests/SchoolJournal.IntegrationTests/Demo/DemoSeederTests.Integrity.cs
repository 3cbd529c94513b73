using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Archive;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Demo;

// The fresh demo school against verify (decision record 0012): its generated marks and attendance are covered by baseline events.
public sealed partial class DemoSeederTests
{
    [Fact]
    public async Task A_fresh_demo_school_verifies_intact_and_its_baseline_covers_every_generated_row()
    {
        var result = await fixture.App.VerifyAsync();

        Assert.True(result.IsIntact, string.Join("; ", result.Schools.SelectMany(s => s.Problems).Take(5)));
        await WithDb(async (db, _) =>
        {
            var marks = await db.Marks.CountAsync();
            var attendance = await db.Attendance.CountAsync();
            var baselines = await db.AuditEvents.Where(e => e.Type == AuditEventType.JournalBaseline).CountAsync();
            // One event per 5,000 rows of each kind, rounded up.
            Assert.Equal((marks + JournalBaseline.RowsPerEvent - 1) / JournalBaseline.RowsPerEvent
                + (attendance + JournalBaseline.RowsPerEvent - 1) / JournalBaseline.RowsPerEvent, baselines);
            return true;
        });
    }

    [Fact]
    public async Task A_generated_mark_changed_behind_the_apps_back_is_named()
    {
        // The school is shared by the class: the mark is put back afterwards.
        var id = await WithDb((db, _) => db.Marks.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        var value = await WithDb((db, _) => db.Marks.Where(m => m.Id == id).Select(m => m.Value).FirstAsync());
        var forged = value == "5" ? "2" : "5";
        await fixture.App.ExecuteAsync($"UPDATE \"Marks\" SET \"Value\" = {forged} WHERE \"Id\" = {id}");
        try
        {
            var problems = await fixture.App.ProblemsAsync();
            Assert.Equal([$"Отметка № {id} изменена в обход приложения: в базе «{forged}», а событие № 1 записало другое состояние"], problems);
        }
        finally
        {
            await fixture.App.ExecuteAsync($"UPDATE \"Marks\" SET \"Value\" = {value} WHERE \"Id\" = {id}");
        }
    }
}
