using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>A student who left the school: his account is closed — locked for good, its sessions ended — and kept, never deleted.</summary>
public static class AccountClosing
{
    /// <summary>Closes the student's open account in the caller's unit of work; the account, or null when he has none open.</summary>
    public static async Task<AppUser?> CloseLeaverAsync(JournalDbContext db, int studentId, DateOnly lastDay, DateTimeOffset now,
        CancellationToken ct)
    {
        var userId = await db.Students.Where(s => s.Id == studentId).Select(s => s.UserId).FirstOrDefaultAsync(ct);
        var account = userId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.ClosedAt == null, ct);
        if (account is null) return null;
        account.ClosedAt = now;
        account.ClosedReason = $"выбыл(а) {lastDay:dd.MM.yyyy}";
        account.LockoutEnabled = true;
        account.LockoutEnd = DateTimeOffset.MaxValue;
        account.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(); // ends his cookies and tokens at once
        return account;
    }
}
