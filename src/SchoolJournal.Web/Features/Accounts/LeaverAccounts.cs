using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// A withdrawal entered ahead of its date (the order says «отчислить с 30.11») leaves the student's account open until then;
/// once a school's day reaches the last day of study, this closes the account as the withdrawal itself would have
/// (<see cref="AccountClosing"/>), with an <see cref="AuditEventType.AccountClosed"/> event by «система». Every hour, and at
/// start; off with Accounts:CloseLeavers=false (the tests call <see cref="RunOnceAsync"/> themselves).
/// </summary>
public sealed class LeaverAccounts(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<LeaverAccounts> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!config.GetValue("Accounts:CloseLeavers", true)) return;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Учётные записи выбывших не закрыты");
            }
            await Task.Delay(TimeSpan.FromHours(1), time, stop);
        }
    }

    /// <summary>Closes the open accounts of students whose withdrawal's last day has come and who study nowhere after it.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var closed = 0;
        foreach (var school in await db.Schools.IgnoreQueryFilters().AsNoTracking().Select(s => new { s.Id, s.TimeZone }).ToListAsync(ct))
        {
            var today = SchoolClock.Today(time, school.TimeZone);
            var leavers = await db.Enrolments.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.SchoolId == school.Id && e.LeaveReason == LeaveReason.Withdrawal && e.To != null && e.To <= today
                    && db.Students.IgnoreQueryFilters().Any(s => s.Id == e.StudentId && s.UserId != null
                        && db.Users.Any(u => u.Id == s.UserId && u.ClosedAt == null))
                    && !db.Enrolments.IgnoreQueryFilters().Any(o => o.StudentId == e.StudentId && (o.To == null || o.To > e.To)))
                .Select(e => new { e.StudentId, LastDay = e.To!.Value })
                .ToListAsync(ct);
            foreach (var leaver in leavers)
            {
                var account = await AccountClosing.CloseLeaverAsync(db, leaver.StudentId, leaver.LastDay, time.GetUtcNow(), ct);
                if (account is null) continue;
                await audit.SaveAuditedAsync(db, () => audit.RecordAsync(AuditEventType.AccountClosed, Account.AccountAudit.Entity, account.Id,
                    null, new { closed = true, studentId = leaver.StudentId }, account.ClosedReason, school.Id, ct), ct);
                closed++;
            }
        }
        if (closed > 0) log.LogInformation("Закрыто учётных записей выбывших учеников: {Count}", closed);
        return closed;
    }
}
