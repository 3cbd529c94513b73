using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Audit;

public static class AuditedSave
{
    /// <summary>
    /// The journal's one write pattern: the change is saved first, so a new row has
    /// its id, then its audit event is appended; one transaction holds both, so neither lands without the other.
    /// </summary>
    public static async Task SaveAuditedAsync(this AuditLog audit, JournalDbContext db, Func<Task> record, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.NumberedAtSave = true;
        try
        {
            await record();
        }
        finally
        {
            audit.NumberedAtSave = false;
        }
        await audit.SaveAsync(ct);
        await tx.CommitAsync(ct);
    }
}
