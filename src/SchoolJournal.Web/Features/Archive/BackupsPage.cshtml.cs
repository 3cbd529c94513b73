using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>/Admin/Backups: the copies with their time, size and schema, a button to make one now, downloads, and the last integrity check.</summary>
public sealed class BackupsPageModel(Backups backups, Integrity integrity, ArchiveSettings settings, AccessService access, SchoolCalendar calendar,
    BackupAlert alert)
    : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public IReadOnlyList<Backups.Listed> Rows { get; private set; } = [];
    public Integrity.Result? Check { get; private set; }

    /// <summary>The nightly backup that failed after the newest copy there is; null when none did.</summary>
    public BackupAlert.Failure? Failure { get; private set; }
    public ArchiveSettings Settings => settings;
    public string ZoneName => _zone.Id;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await access.ManagesBackupsAsync(ct)) return Forbid();
        _zone = TimeZoneInfo.FindSystemTimeZoneById((await calendar.NowAsync(ct)).TimeZone);
        Rows = backups.List();
        Check = integrity.Last();
        Failure = alert.Last() is { } failed && (Rows.Count == 0 || Rows.Max(r => r.CreatedAt) < failed.At) ? failed : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await access.ManagesBackupsAsync(ct)) return Forbid();
        try
        {
            var created = await backups.CreateAsync(ct: ct);
            alert.Clear();
            TempData["Message"] = $"Резервная копия {Path.GetFileName(created.Path)} создана: {Size(created.Size)}.";
        }
        catch (Backups.InProgressException)
        {
            TempData["Message"] = "Резервная копия уже создаётся (кнопкой, по расписанию или командой backup). Дождитесь её окончания "
                + "и обновите страницу: новая копия появится в списке.";
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!await access.ManagesBackupsAsync(ct)) return Forbid();
        var result = await integrity.VerifyAsync(ct);
        TempData["Message"] = result.IsIntact ? "Проверка закончена: журнал аудита и данные целы."
            : $"Проверка закончена: найдены нарушения ({result.Schools.Sum(s => s.Problems.Count)}), они перечислены ниже.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? name, CancellationToken ct)
    {
        if (!await access.ManagesBackupsAsync(ct)) return Forbid();
        return backups.Find(name) is { } copy ? PhysicalFile(copy.Path, "application/zip", copy.Name) : NotFound();
    }

    public string When(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Kilobytes rounded up («1 235 КБ»): a copy is never shown smaller than it is.</summary>
    public static string Size(long bytes) =>
        ((bytes + 1023) / 1024).ToString("#,0", new NumberFormatInfo { NumberGroupSeparator = "\u00a0" }) + "\u00a0КБ";
}
