using System.Security.Cryptography;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Extracts;

/// <summary>
/// Issues a paper extract (R-DIARY-5), for the API and the page alike: checks the input, logs the issue and its audit
/// event in one transaction with the PDF's SHA-256, and returns the PDF. Bad input writes nothing.
/// </summary>
public sealed class IssueExtract(JournalDbContext db, AccessService access, CurrentUser user, AuditLog audit, TimeProvider time)
{
    public sealed record Input(int? PeriodId, DateOnly? From, DateOnly? To, int? ParentId, string? IssuedTo);

    public sealed record Result(IResult? Problem, int Id = 0, byte[]? Pdf = null, string FileName = "", string FileNameStar = "");

    public const int IssuedToMax = 200;

    public async Task<Result> HandleAsync(int studentId, Input input, CancellationToken ct)
    {
        var student = await db.Students.AsNoTracking().Where(s => s.Id == studentId)
            .Select(s => new
            {
                s.SchoolId, s.LastName, s.FirstName,
                Classes = s.Enrolments.Select(e => new { e.SchoolClassId, e.SchoolClass!.Grade, e.SchoolClass.AcademicYearId }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (student is null) return new(ApiProblem.NotFound("Ученик не найден"));
        if (!await access.CanIssueExtractAsync(studentId, ct)) return new(CannotIssue());

        DateOnly from, to;
        string span;
        if (input.PeriodId is int periodId)
        {
            var period = await db.StudyPeriods.AsNoTracking().Where(p => p.Id == periodId)
                .Select(p => new { p.Name, p.Start, p.End, p.AcademicYearId, p.SchoolClassId, p.Level }).FirstOrDefaultAsync(ct);
            var applies = period is not null && student.Classes.Any(c => c.AcademicYearId == period.AcademicYearId
                && (period.SchoolClassId is int own ? own == c.SchoolClassId
                    : period.Level is null || period.Level == new SchoolClass { Grade = c.Grade, Letter = "" }.Level));
            if (!applies)
                return new(ApiProblem.BadRequest("Период не найден", "Выберите учебный период класса этого ученика."));
            (from, to, span) = (period!.Start, period.End, $"{period.Name} ({Date(period.Start)} — {Date(period.End)})");
        }
        else
        {
            if (input.From is not DateOnly f || input.To is not DateOnly t)
                return new(ApiProblem.BadRequest("Не указан период", "Выберите учебный период или укажите даты «с» и «по»."));
            if (f > t)
                return new(ApiProblem.BadRequest("Даты перепутаны", "Дата «с» должна быть не позже даты «по»."));
            if (t > f.AddYears(1))
                return new(ApiProblem.BadRequest("Слишком длинный период", "Выписка охватывает не больше одного года."));
            (from, to, span) = (f, t, $"с {Date(f)} по {Date(t)}");
        }

        string issuedTo;
        if (input.ParentId is int parentId)
        {
            var parent = await db.StudentParents.AsNoTracking().Where(p => p.StudentId == studentId && p.ParentId == parentId)
                .Select(p => new { p.Parent!.LastName, p.Parent.FirstName, p.Parent.MiddleName }).FirstOrDefaultAsync(ct);
            if (parent is null)
                return new(ApiProblem.BadRequest("Родитель не найден",
                    "Выберите одного из родителей этого ученика или напишите, кому выдана выписка."));
            issuedTo = PersonName.Full(parent.LastName, parent.FirstName, parent.MiddleName);
        }
        else
        {
            issuedTo = input.IssuedTo?.Trim() ?? "";
            if (issuedTo.Length == 0)
                return new(ApiProblem.BadRequest("Не указано, кому выдана выписка",
                    "Выберите родителя или напишите, кому выдана выписка: «лично ученику», «по запросу …»."));
            if (issuedTo.Length > IssuedToMax) return new(ApiProblem.TooLong("Кому выдана", IssuedToMax));
        }

        var content = await ExtractContent.LoadAsync(db, studentId, from, to, span, ct);
        var zone = await db.Schools.Where(s => s.Id == student.SchoolId).Select(s => s.TimeZone).FirstAsync(ct);
        var today = SchoolClock.Today(time, zone);
        Pdf.Fonts(); // the fonts are there before anything is written

        var issue = new ExtractIssue
        {
            SchoolId = student.SchoolId, StudentId = studentId, From = from, To = to, StudyPeriodId = input.PeriodId,
            ParentId = input.ParentId, IssuedTo = issuedTo, IssuedById = user.Id ?? "", IssuedByName = user.DisplayName,
            IssuedAt = time.GetUtcNow(), Sha256 = "",
        };
        byte[] pdf;
        // The extract's number is its row's id, printed in the PDF; the PDF's hash goes back into the row: one transaction.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ExtractIssues.Add(issue);
            await db.SaveChangesAsync(ct);
            pdf = ExtractPdf.Render(content, issue.Id, today, issuedTo);
            issue.Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
            await audit.RecordAsync(AuditEventType.ExtractIssued, "extract", issue.Id, null,
                new { issue.StudentId, issue.From, issue.To, issue.StudyPeriodId, issue.ParentId, issue.IssuedTo, issue.Sha256 },
                schoolId: student.SchoolId, ct: ct);
            await audit.SaveAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new(null, issue.Id, pdf, $"vypiska-{issue.Id}-{Transliterate(student.LastName)}.pdf",
            $"Выписка № {issue.Id} {student.LastName} {student.FirstName}.pdf");
    }

    public static IResult CannotIssue() => ApiProblem.Forbidden("Нет права выдавать выписки",
        "Выписку из дневника выдают директор, заместитель директора и классный руководитель ученика.");

    private static string Date(DateOnly d) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static readonly string[] Latin =
        ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
            "y", "", "e", "yu", "ya"];

    /// <summary>A Latin file name for clients that ignore filename* (RFC 5987).</summary>
    public static string Transliterate(string text)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            if (ch is >= 'а' and <= 'я') sb.Append(Latin[ch - 'а']);
            else if (ch == 'ё') sb.Append("yo");
            else if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(ch);
            else sb.Append('-');
        }
        return sb.ToString().Trim('-');
    }
}
