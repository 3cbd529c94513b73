using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Parents;

namespace SchoolJournal.Web.Demo;

/// <summary>
/// The demo's consent register (R-SEC-4) as a school has it after September's parents' meetings: most parents gave
/// consent to e-mail, phone and the transfer to the regional system and Госуслуги, one in twenty refused (all of it), one in twenty
/// has not answered yet; so the regional package (Features/Export/RegionalPackage.cs) has students who leave and students who stay.
/// The demo parent (roditel)
/// consented and wants e-mail and SMS at once, so a mark a teacher puts in the demo reaches him (as .eml files in
/// data/outbox-mail/ and log lines for SMS when no SMTP server or SMS gateway is configured).
/// </summary>
internal static class DemoDiary
{
    public static async Task<int> AddAsync(JournalDbContext db, int schoolId, DateOnly yearStart, DateTimeOffset recordedAt, string? demoParentUserId,
        CancellationToken ct)
    {
        var parents = await db.Parents.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.SchoolId == schoolId).Select(p => new { p.Id, p.UserId }).ToListAsync(ct);
        var added = 0;
        foreach (var p in parents)
        {
            var demo = demoParentUserId is not null && p.UserId == demoParentUserId;
            if (!demo && p.Id % 20 == 10) continue; // no statement yet
            var refused = !demo && p.Id % 20 == 0;
            db.PersonalDataConsents.Add(new PersonalDataConsent
            {
                SchoolId = schoolId, ParentId = p.Id, Given = !refused,
                Scope = refused ? ParentRules.All : ConsentScope.Email | ConsentScope.Phone | ConsentScope.Transfer,
                Date = yearStart.AddDays(p.Id % 14), Document = $"заявление № {p.Id}", RecordedAt = recordedAt, RecordedByName = "Администрация",
            });
            if (demo)
                db.NotificationPreferences.Add(new NotificationPreference
                {
                    SchoolId = schoolId, ParentId = p.Id, Channels = DeliveryChannels.Both, Mode = DeliveryMode.Immediate, UpdatedAt = recordedAt,
                });
            added++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }
}
