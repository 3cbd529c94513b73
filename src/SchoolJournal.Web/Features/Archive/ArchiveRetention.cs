using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Retention of a year's archive (R-ARCH-2): the printed journals and the year's data are kept 5 years after the year's last day,
/// the summary sheets of final grades 25; a part may be destroyed from the day after that. Destroying it earlier is refused; after,
/// its files go, the manifest lists the part as destroyed (by whom, when) and the audit keeps it
/// (<see cref="AuditEventType.ArchivePartDestroyed"/>). The rule is by law, not a setting.
/// </summary>
public sealed class ArchiveRetention(AuditLog audit, CurrentUser user, TimeProvider time)
{
    public sealed record Part(string Code, string Name, int Years);

    public static readonly IReadOnlyList<Part> Parts =
    [
        new("journals", "Журналы классов", 5),
        new("summary", "Сводные ведомости итоговых отметок", 25),
        new("data", "Данные года (таблицы)", 5),
    ];

    /// <summary>The part a file of the package belongs to: its first folder; the rest (none today) with the summary sheets, kept longest.</summary>
    public static string PartOf(string fileName) =>
        fileName.Split('/')[0] is var top && Parts.Any(p => p.Code == top) && fileName.Contains('/') ? top : "summary";

    /// <summary>The first day the part may be destroyed: the day after <see cref="Part.Years"/> years from the year's last day.</summary>
    public static DateOnly DestroyableFrom(Part part, DateOnly yearEnd) => yearEnd.AddYears(part.Years).AddDays(1);

    public async Task<Outcome<YearArchive.DestroyedPart>> DestroyAsync(string folder, int yearId, string? partCode, string timeZone,
        CancellationToken ct)
    {
        var part = Parts.FirstOrDefault(p => p.Code == partCode);
        if (part is null) return Problem.BadRequest("Неизвестная часть архива", "Укажите часть архива: журналы, сводные ведомости или данные года.");
        var manifest = YearArchive.Read(folder);
        if (manifest is null) return Problem.NotFound("Архив этого учебного года не собран");
        if (manifest.Destroyed.Any(d => d.Part == part.Code))
            return new Problem(StatusCodes.Status409Conflict, "Часть архива уже уничтожена",
                $"«{part.Name}» за {manifest.Year} уже уничтожены.");
        var today = SchoolClock.Today(time, timeZone);
        var from = DestroyableFrom(part, manifest.YearEnd);
        if (today < from)
            return new Problem(StatusCodes.Status409Conflict, "Срок хранения не истёк",
                $"«{part.Name}» за {manifest.Year} хранятся {part.Years} лет после окончания года ({manifest.YearEnd:dd.MM.yyyy}): уничтожить их " +
                    $"можно не раньше {from:dd.MM.yyyy}. Ничего не удалено.");
        var files = manifest.Files.Where(f => f.Part == part.Code).ToList();
        foreach (var f in files)
        {
            var path = Path.Combine(folder, f.FileName);
            if (File.Exists(path)) File.Delete(path);
        }
        var partFolder = Path.Combine(folder, part.Code);
        if (Directory.Exists(partFolder)) Directory.Delete(partFolder, recursive: true);
        var destroyed = new YearArchive.DestroyedPart(part.Code, today, user.DisplayName, files.Count);
        var next = manifest with
        {
            UpdatedAt = time.GetUtcNow(), Files = [.. manifest.Files.Where(f => f.Part != part.Code)], Destroyed = [.. manifest.Destroyed, destroyed],
        };
        await YearArchive.SaveManifestAsync(folder, next, ct);
        await audit.RecordAsync(AuditEventType.ArchivePartDestroyed, "year", yearId,
            new { year = manifest.Year, part = part.Code, files = files.Count, bytes = files.Sum(f => f.Size) },
            new { year = manifest.Year, part = part.Code, destroyedOn = today, keptUntil = from.AddDays(-1) }, ct: ct);
        await audit.SaveAsync(ct);
        return Outcome<YearArchive.DestroyedPart>.Ok(destroyed);
    }
}
