using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>«Логины» (/Credentials): the classes the user issues logins for, with how many of their people have one.</summary>
public sealed class ClassesModel(JournalDbContext db, AccessService access) : PageModel
{
    public sealed record ClassRow(int Id, string Name, int Students, int StudentsWithLogin, int Parents, int ParentsWithLogin);

    public IReadOnlyList<ClassRow> Classes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.IssuesCredentials) return Forbid();
        var today = access.Today();
        var classes = await access.CredentialClassesAsync(ct);
        var enrolled = db.Enrolments.Where(e => e.From <= today && (e.To == null || e.To >= today));
        // Counts only (SQLite cannot nest collections in a projection): one query for every class.
        Classes = (await classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter)
                .Select(c => new
                {
                    c.Id, c.Grade, c.Letter,
                    Students = db.Students.Count(s => enrolled.Any(e => e.StudentId == s.Id && e.SchoolClassId == c.Id)),
                    StudentsWithLogin = db.Students.Count(s => s.UserId != null && enrolled.Any(e => e.StudentId == s.Id && e.SchoolClassId == c.Id)),
                    Parents = db.Parents.Count(p => p.Children.Any(sp => enrolled.Any(e => e.StudentId == sp.StudentId && e.SchoolClassId == c.Id))),
                    ParentsWithLogin = db.Parents.Count(p => p.UserId != null
                        && p.Children.Any(sp => enrolled.Any(e => e.StudentId == sp.StudentId && e.SchoolClassId == c.Id))),
                })
                .ToListAsync(ct))
            .Select(c => new ClassRow(c.Id, $"{c.Grade}{c.Letter}", c.Students, c.StudentsWithLogin, c.Parents, c.ParentsWithLogin))
            .ToList();
        return Page();
    }
}
