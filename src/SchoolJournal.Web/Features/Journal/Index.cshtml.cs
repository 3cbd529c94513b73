using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Journal;

/// <summary>«Журналы»: the groups of the current year whose journal the user may open, and whether he writes in it.</summary>
public sealed class IndexModel(JournalDbContext db, AccessService access, CurrentUser me, SchoolCalendar calendar) : PageModel
{
    /// <summary>The administration's filter by class.</summary>
    [BindProperty(SupportsGet = true, Name = "class")]
    public int? ClassId { get; set; }

    public sealed record Row(int GroupId, string Subject, string Group, string Classes, int Students, bool Writes, bool Substitutes);

    public sealed record ClassOption(int Id, string Name);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<ClassOption> Classes { get; private set; } = [];

    /// <summary>The classes the user leads this year: links to «Журнал класса» and «Отсутствующие за день».</summary>
    public IReadOnlyList<ClassOption> LeaderClasses { get; private set; } = [];
    public bool Filters => access.SeesWholeSchool;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.ReadsJournals) return StatusCode(StatusCodes.Status403Forbidden);
        var now = await calendar.NowAsync(ct);
        var today = now.Today;
        var staffId = (await access.LinksAsync(ct)).StaffMemberId ?? 0;
        var readable = (await access.GridReadableGroupsAsync(ct)).Where(g => g.AcademicYearId == now.YearId);
        if (Filters && ClassId is int classId) readable = readable.Where(g => g.Classes.Any(c => c.SchoolClassId == classId));
        var taught = await access.TaughtGroupsAsync(ct);

        var groups = await readable.AsNoTracking()
            .Select(g => new
            {
                g.Id, Subject = g.Subject!.Name, g.Subject.SortOrder, g.Name,
                Classes = g.Classes.Select(c => new ClassName(c.SchoolClass!.Grade, c.SchoolClass.Letter)).ToList(),
                Students = g.Members.Count(m => m.From <= today && (m.To == null || m.To >= today)),
                Writes = taught.Any(t => t.Id == g.Id),
                Substitutes = access.WritesJournals && db.Lessons.Any(l => l.TeachingGroupId == g.Id && l.SubstituteTeacherId == staffId),
            })
            .ToListAsync(ct);
        Rows = [.. groups
            .Select(g => new Row(g.Id, g.Subject, g.Name, ClassName.Join(g.Classes), g.Students, g.Writes, g.Substitutes && !g.Writes))
            .OrderBy(r => !r.Writes && !r.Substitutes)
            .ThenBy(r => r.Classes, ClassOrder).ThenBy(r => groups.First(g => g.Id == r.GroupId).SortOrder).ThenBy(r => r.Subject)];

        if (me.IsInRole(Roles.ClassTeacher))
        {
            var led = await db.ClassTeachers.AsNoTracking()
                .Where(t => t.SchoolClass!.AcademicYearId == now.YearId && t.From <= today && (t.To == null || t.To >= today)
                    && t.StaffMemberId == staffId)
                .Select(t => new { t.SchoolClassId, t.SchoolClass!.Grade, t.SchoolClass.Letter }).Distinct().ToListAsync(ct);
            LeaderClasses = [.. led.OrderBy(c => c.Grade)
                .ThenBy(c => c.Letter, StringComparer.Ordinal).Select(c => new ClassOption(c.SchoolClassId, $"{c.Grade}{c.Letter}"))];
        }
        if (Filters)
        {
            var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == now.YearId)
                .Select(c => new { c.Id, c.Grade, c.Letter }).ToListAsync(ct);
            Classes = [.. classes.OrderBy(c => c.Grade)
                .ThenBy(c => c.Letter, StringComparer.Ordinal).Select(c => new ClassOption(c.Id, $"{c.Grade}{c.Letter}"))];
        }
        return Page();
    }

    /// <summary>«5А» before «10А»: by the leading number, then the rest.</summary>
    private static readonly Comparer<string> ClassOrder = Comparer<string>.Create((a, b) =>
    {
        static (int, string) Key(string s)
        {
            var digits = new string([.. s.TakeWhile(char.IsDigit)]);
            return (int.TryParse(digits, out var n) ? n : 0, s[digits.Length..]);
        }
        var (x, y) = (Key(a), Key(b));
        return x.Item1 != y.Item1 ? x.Item1.CompareTo(y.Item1) : string.CompareOrdinal(x.Item2, y.Item2);
    });
}
