using System.Globalization;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Import;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Export;

public sealed record ExportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Выгрузка списков (R-X-1, the export half): classes, students, parents and staff in exactly the columns of the import's
/// templates (<see cref="ImportKind"/>), as XLSX or CSV, so that the file imported into the same school changes nothing and
/// into a fresh school creates the same people. Only what the import can read back leaves: the current year's classes, the
/// students now enrolled in them, the links of their parents (one row per parent and child), the staff not dismissed with
/// their first position. Every download is audited (kind, format, row count — never a name).
/// </summary>
public sealed class ListExport(JournalDbContext db, AccessService access, AuditLog audit, TimeProvider time, CurrentUser user)
{
    public static readonly string[] Formats = ["xlsx", "csv"];

    public static readonly Problem Refused = new(StatusCodes.Status403Forbidden, "Нет права на выгрузку",
        "Списки школы с персональными данными выгружают директор, заместитель директора и администратор.");

    public static Problem UnknownList(string? list) => Problem.BadRequest("Неизвестный список",
        $"«{list}» — такого списка нет. Можно: {string.Join(", ", ImportKind.All.Select(k => $"{k.Code} ({k.Name.ToLowerInvariant()})"))}.");

    public static readonly Problem UnknownFormat = Problem.BadRequest("Неизвестный формат", "Списки выгружаются в форматах xlsx и csv.");

    public async Task<Outcome<ExportFile>> ExportAsync(string? list, string? format, CancellationToken ct)
    {
        if (!access.CanExport) return Refused;
        if (ImportKind.Find(list) is not { } kind) return UnknownList(list);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)) return UnknownFormat;
        var rows = await RowsAsync(kind, ct);
        var file = csv
            ? new ExportFile(CsvFile.Write(kind.Headers, rows), CsvFile.ContentType, $"Выгрузка — {kind.Name}.csv")
            : new ExportFile(Xlsx.Write(kind.Name, kind.Headers, rows), Xlsx.ContentType, $"Выгрузка — {kind.Name}.xlsx");
        await audit.SaveAuditedAsync(db, async () =>
            await audit.RecordAsync(AuditEventType.DataExported, "export", kind.Code, null,
                new { list = kind.Code, format = csv ? "csv" : "xlsx", rows = rows.Count }, ct: ct), ct);
        return Outcome<ExportFile>.Ok(file);
    }

    /// <summary>The list's rows in the template's column order; dates as <see cref="DateOnly"/> (a date cell in XLSX, ДД.ММ.ГГГГ in CSV).</summary>
    public Task<List<IReadOnlyList<object?>>> RowsAsync(ImportKind kind, CancellationToken ct) => kind.Code switch
    {
        "classes" => ClassesAsync(ct),
        "students" => StudentsAsync(ct),
        "parents" => ParentsAsync(ct),
        _ => StaffAsync(ct),
    };

    private async Task<List<IReadOnlyList<object?>>> ClassesAsync(CancellationToken ct)
    {
        var year = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var classes = await db.SchoolClasses.AsNoTracking().Where(c => c.AcademicYearId == year).OrderBy(c => c.Grade).ThenBy(c => c.Letter)
            .Select(c => new { c.Grade, c.Letter, c.Shift, c.DaysPerWeek }).ToListAsync(ct);
        return [.. classes.Select(c => (IReadOnlyList<object?>)[$"{c.Grade}{c.Letter}", c.Shift, c.DaysPerWeek])];
    }

    /// <summary>The students now enrolled in a class of the current year, by class and name.</summary>
    private async Task<List<Pupil>> PupilsAsync(CancellationToken ct)
    {
        var yearId = await SchoolCalendar.CurrentYearIdAsync(db, ct);
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.Id == yearId).Select(y => new { y.Start, y.End }).FirstOrDefaultAsync(ct);
        if (year is null) return [];
        var rows = await db.Enrolments.AsNoTracking().Where(e => e.To == null && e.SchoolClass!.AcademicYearId == yearId)
            .Select(e => new
            {
                e.StudentId, e.Student!.LastName, e.Student.FirstName, e.Student.MiddleName, e.Student.BirthDate, e.Student.Gender, e.Student.Snils,
                e.SchoolClass!.Grade, e.SchoolClass.Letter, e.From,
            })
            .ToListAsync(ct);
        // A student the import would enrol from the year's start gets no date: one from before the year could not be read back.
        return [.. rows.GroupBy(r => r.StudentId).Select(g => g.MaxBy(r => r.From)!)
            .Select(r => new Pupil(r.StudentId, r.LastName, r.FirstName, r.MiddleName, r.BirthDate, r.Gender, r.Snils, $"{r.Grade}{r.Letter}",
                r.Grade, r.From > year.Start && r.From <= year.End ? r.From : null))
            .OrderBy(p => p.Grade).ThenBy(p => p.Class, StringComparer.Ordinal).ThenBy(p => p.LastName, StringComparer.Ordinal)
            .ThenBy(p => p.FirstName, StringComparer.Ordinal).ThenBy(p => p.MiddleName, StringComparer.Ordinal).ThenBy(p => p.Id)];
    }

    private sealed record Pupil(int Id, string LastName, string FirstName, string? MiddleName, DateOnly BirthDate, Gender Gender, string? Snils,
        string Class, int Grade, DateOnly? Enrolled);

    private async Task<List<IReadOnlyList<object?>>> StudentsAsync(CancellationToken ct) =>
        [.. (await PupilsAsync(ct)).Select(p => (IReadOnlyList<object?>)[p.LastName, p.FirstName, p.MiddleName, p.BirthDate,
            p.Gender == Gender.Male ? "м" : "ж", p.Class, p.Snils, p.Enrolled])];

    /// <summary>One row per parent and child, for the children in the students' list: a parent of no such child cannot be read back.</summary>
    private async Task<List<IReadOnlyList<object?>>> ParentsAsync(CancellationToken ct)
    {
        var pupils = (await PupilsAsync(ct)).Select((p, i) => (p, i)).ToDictionary(x => x.p.Id, x => x);
        var links = await db.StudentParents.AsNoTracking()
            .Select(l => new { l.StudentId, l.ParentId, l.Kind, l.Parent!.LastName, l.Parent.FirstName, l.Parent.MiddleName, l.Parent.Snils,
                l.Parent.Phone, l.Parent.Email })
            .ToListAsync(ct);
        return [.. links.Where(l => pupils.ContainsKey(l.StudentId))
            .OrderBy(l => l.LastName, StringComparer.Ordinal).ThenBy(l => l.FirstName, StringComparer.Ordinal)
            .ThenBy(l => l.MiddleName, StringComparer.Ordinal).ThenBy(l => l.ParentId).ThenBy(l => pupils[l.StudentId].i)
            .Select(l =>
            {
                var child = pupils[l.StudentId].p;
                return (IReadOnlyList<object?>)[l.LastName, l.FirstName, l.MiddleName, l.Snils, l.Phone, l.Email, Kinship(l.Kind),
                    child.LastName, child.FirstName, child.MiddleName, child.BirthDate];
            })];
    }

    public static string Kinship(RepresentativeKind kind) => kind switch
    {
        RepresentativeKind.Mother => "мать",
        RepresentativeKind.Father => "отец",
        RepresentativeKind.Guardian => "опекун",
        RepresentativeKind.Trustee => "попечитель",
        _ => "другое",
    };

    /// <summary>Staff not dismissed by today, each with his first position (the import's template holds one).</summary>
    private async Task<List<IReadOnlyList<object?>>> StaffAsync(CancellationToken ct)
    {
        var today = await SchoolCalendar.TodayAsync(db, user.SchoolId, time, ct);
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.DismissedOn == null || s.DismissedOn > today)
            .Select(s => new
            {
                s.Id, s.LastName, s.FirstName, s.MiddleName, s.Snils, s.Phone, s.Email, s.HiredOn,
                Position = s.Positions.OrderBy(p => p.Id).Select(p => new { p.Title, p.Rate }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. staff.OrderBy(s => s.LastName, StringComparer.Ordinal).ThenBy(s => s.FirstName, StringComparer.Ordinal)
            .ThenBy(s => s.MiddleName, StringComparer.Ordinal).ThenBy(s => s.Id)
            .Select(s => (IReadOnlyList<object?>)[s.LastName, s.FirstName, s.MiddleName, s.Position?.Title ?? "сотрудник",
                s.Position is { } p ? Rate(p.Rate) : null, s.Snils, s.Phone, s.Email, s.HiredOn])];
    }

    /// <summary>1, 0.5 — not 1.00: the import reads either, people read this.</summary>
    private static decimal Rate(decimal rate) => decimal.Parse(rate.ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
