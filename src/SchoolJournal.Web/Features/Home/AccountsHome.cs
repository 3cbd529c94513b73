using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Home;

/// <summary>
/// The school's logins for the system administrator, 50 a page: on the start page by role, and on «Учётные записи»
/// (/Admin/Accounts) also by a search in the login and the name, and by class (its students today and their parents).
/// </summary>
public sealed record AccountsHome(IReadOnlyList<AccountsHome.Row> Rows, AccountsHome.Filter Query, int Page, int Pages, int Total)
{
    public const int PageSize = 50;

    public string? Role => Query.Role;

    public sealed record Filter(string? Role, string? Search = null, int? ClassId = null);

    public sealed record Row(string Id, string Login, string Name, IReadOnlyList<string> Roles, bool Locked, bool MustChangePassword,
        DateTimeOffset CreatedAt, bool Closed = false, DateTimeOffset? LastSignInAt = null);

    public static Task<AccountsHome> LoadAsync(JournalDbContext db, int schoolId, string? role, int page, DateTimeOffset now,
        CancellationToken ct) => LoadAsync(db, schoolId, new Filter(role), page, now, DateOnly.FromDateTime(now.Date), ct);

    public static async Task<AccountsHome> LoadAsync(JournalDbContext db, int schoolId, Filter filter, int page, DateTimeOffset now,
        DateOnly today, CancellationToken ct)
    {
        var role = filter.Role is not null && Data.Roles.All.Contains(filter.Role) ? filter.Role : null;
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        filter = filter with { Role = role, Search = search };
        var users = db.Users.AsNoTracking().Where(u => u.SchoolId == schoolId);
        if (role is not null)
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        if (search is not null)
        {
            // SQLite folds the case of Latin letters only: the name is matched as typed and with a capital first letter.
            var (upper, capital) = (search.ToUpperInvariant(), char.ToUpperInvariant(search[0]) + search[1..]);
            users = users.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(search) || u.DisplayName.Contains(capital));
        }
        if (filter.ClassId is int classId)
        {
            var students = db.Enrolments.Where(e => e.SchoolClassId == classId && e.From <= today && (e.To == null || e.To >= today))
                .Select(e => e.StudentId);
            users = users.Where(u => db.Students.Any(s => s.UserId == u.Id && students.Contains(s.Id))
                || db.Parents.Any(p => p.UserId == u.Id && db.StudentParents.Any(sp => sp.ParentId == p.Id && students.Contains(sp.StudentId))));
        }

        var total = await users.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await users
            .OrderBy(u => u.UserName)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.LockoutEnd, u.MustChangePassword, u.CreatedAt, u.ClosedAt, u.LastSignInAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                // The roles the school configured (R-ROLE-8), by their own names after the built-in ones.
                SchoolRoles = db.SchoolRoleMembers.Where(m => m.UserId == u.Id)
                    .Join(db.SchoolRoles, m => m.SchoolRoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .ToListAsync(ct);

        return new AccountsHome([.. rows.Select(u => new Row(u.Id, u.UserName ?? "", u.DisplayName,
                [.. u.Roles.OrderBy(r => Array.IndexOf(Data.Roles.All, r)).Select(Data.Roles.Title), .. u.SchoolRoles.Order(StringComparer.Ordinal)],
                u.LockoutEnd is { } end && end > now, u.MustChangePassword, u.CreatedAt, u.ClosedAt is not null, u.LastSignInAt))],
            filter, page, pages, total);
    }
}
