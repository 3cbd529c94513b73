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
        Classes = (await classes.OrderBy(c => c.Grade).ThenBy(c => c.Letter)
                .Select(c => new
                {
                    c.Id, c.Grade, c.Letter,
                    Students = db.Students.Where(s => db.Enrolments.Any(e => e.StudentId == s.Id && e.SchoolClassId == c.Id && e.From <= today
                        && (e.To == null || e.To >= today))).Select(s => s.UserId).ToList(),
                    Parents = db.Parents.Where(p => p.Children.Any(sp => db.Enrolments.Any(e => e.StudentId == sp.StudentId
                        && e.SchoolClassId == c.Id && e.From <= today && (e.To == null || e.To >= today)))).Select(p => p.UserId).ToList(),
                })
                .AsSplitQuery()
                .ToListAsync(ct))
            .Select(c => new ClassRow(c.Id, $"{c.Grade}{c.Letter}", c.Students.Count, c.Students.Count(u => u != null), c.Parents.Count,
                c.Parents.Count(u => u != null)))
            .ToList();
        return Page();
    }
}
