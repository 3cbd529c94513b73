using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>«Учётные записи» for the system administrator: the school's logins, read-only, filtered by role, 50 a page.</summary>
public sealed record AccountsHome(IReadOnlyList<AccountsHome.Row> Rows, string? Role, int Page, int Pages, int Total)
{
    public const int PageSize = 50;

    public sealed record Row(string Login, string Name, IReadOnlyList<string> Roles, bool Locked, bool MustChangePassword, DateTimeOffset CreatedAt);

    public static async Task<AccountsHome> LoadAsync(JournalDbContext db, int schoolId, string? role, int page, DateTimeOffset now,
        CancellationToken ct)
    {
        if (role is not null && !Data.Roles.All.Contains(role)) role = null;
        var users = db.Users.AsNoTracking().Where(u => u.SchoolId == schoolId);
        if (role is not null)
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));

        var total = await users.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await users
            .OrderBy(u => u.UserName)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.UserName, u.DisplayName, u.LockoutEnd, u.MustChangePassword, u.CreatedAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);

        return new AccountsHome([.. rows.Select(u => new Row(u.UserName ?? "", u.DisplayName,
                [.. u.Roles.OrderBy(r => Array.IndexOf(Data.Roles.All, r)).Select(Data.Roles.Title)],
                u.LockoutEnd is { } end && end > now, u.MustChangePassword, u.CreatedAt))],
            role, page, pages, total);
    }
}
