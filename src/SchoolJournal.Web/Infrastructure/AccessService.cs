using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// The one place that decides who may read and write what (ARCHITECTURE decision 6).
/// Built from teaching assignments, substitutions, class-teacher links and parent links;
/// the school boundary itself is the DbContext's query filter.
/// </summary>
public sealed partial class AccessService(JournalDbContext db, CurrentUser user, TimeProvider time, ReadModels.ReadCache cache)
{
    private PersonLinks? _links;

    public sealed record PersonLinks(int? StaffMemberId, int? StudentId, int? ParentId);

    /// <summary>The user's staff, student and parent records; kept in the read cache per login until the school's people change.</summary>
    public async Task<PersonLinks> LinksAsync(CancellationToken ct = default)
    {
        if (_links is not null) return _links;
        var id = user.Id;
        if (id is null) return _links = new PersonLinks(null, null, null);
        if (user.SchoolId is not int school) return _links = await ReadLinksAsync(id, ct);
        return _links = await cache.GetOrBuildAsync(new LinksKey(id), school, async () => (await ReadLinksAsync(id, ct), Array.Empty<long>()));
    }

    private sealed record LinksKey(string UserId);

    private async Task<PersonLinks> ReadLinksAsync(string id, CancellationToken ct)
    {
        var staff = await db.StaffMembers.Where(s => s.UserId == id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var student = await db.Students.Where(s => s.UserId == id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        var parent = await db.Parents.Where(p => p.UserId == id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return new PersonLinks(staff, student, parent);
    }

    private Permission? _permissions;

    /// <summary>The union of what the user's roles grant: the built-in roles' sets and the configured roles' claims.</summary>
    public Permission Permissions => _permissions ??= user.Roles.Aggregate(Permission.None, (p, r) => p | RolePermissions.Of(r))
        | user.Principal.FindAll(JournalClaims.Permission).Aggregate(Permission.None, (p, c) => p | (RolePermissions.Parse(c.Value) ?? 0));

    public bool Has(Permission permission) => (Permissions & permission) == permission;

    public bool HasAny(Permission permissions) => (Permissions & permissions) != 0;

    /// <summary>Director and deputy read the whole school.</summary>
    public bool SeesWholeSchool => Has(Permission.Administer);

    public DateOnly Today(string timeZone = "Europe/Moscow") => SchoolClock.Today(time, timeZone);

    /// <summary>Accounts and settings: the system administrator only (he does not get marks).</summary>
    public bool CanManageAccounts => Has(Permission.ManageAccounts);

    /// <summary>The school's settings (R-SEC-7): the director and the system administrator change them.</summary>
    public bool ChangesSchoolSettings => Has(Permission.ManageSettings);

    /// <summary>
    /// The school's staff: the administration, teachers, class teachers and the system administrator. They read the
    /// year's set-up (periods, catalogues, curricula, КТП, timetable, ВШК, substitutions); students and parents do not.
    /// </summary>
    public bool IsStaff => Has(Permission.ReadYearSetup);
}
