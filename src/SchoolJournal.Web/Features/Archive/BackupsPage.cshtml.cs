using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>/Admin/Backups: the copies with their time, size and schema, a button to make one now, downloads, and the last integrity check.</summary>
public sealed class BackupsPageModel(Backups backups, Integrity integrity, ArchiveSettings settings, AccessService access, SchoolCalendar calendar,
    BackupAlert alert, BackupProgress progress, IServiceScopeFactory scopes, ILogger<BackupsPageModel> log)
    : PageModel
{
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public IReadOnlyList<Backups.Listed> Rows { get; private set; } = [];
    public Integrity.Result? Check { get; private set; }

    /// <summary>The nightly backup that failed after the newest copy there is; null when none did.</summary>
    public BackupAlert.Failure? Failure { get; private set; }
    public ArchiveSettings Settings => settings;

    /// <summary>
    /// The copy being made now, or how the last one of this process ended — the latter only for the page's poll: on a page loaded
    /// afresh a finished copy is in the list already.
    /// </summary>
    public BackupProgress.State? Progress => progress.Current is { Running: false, Error: null } && !FromPoll ? null : progress.Current;

    /// <summary>The answer is the progress block for the page's script (polling, or the button), not the whole page.</summary>
    public bool FromPoll { get; private set; }
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
        if (Request.Headers["HX-Request"] == "true")
        {
            // From the page's script: the copy runs on after the answer, and the page polls its progress (a large school's copy takes
            // minutes). A plain form post still waits for the copy and reloads the list.
            FromPoll = true;
            if (progress.Current is { Running: true }) return Partial("_BackupProgress", this);
            progress.Start(); // shown at once; the copy itself starts it again when it holds the folder's lock
            _ = Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    await scope.ServiceProvider.GetRequiredService<Backups>().CreateAsync(ct: CancellationToken.None);
                    scope.ServiceProvider.GetRequiredService<BackupAlert>().Clear();
                }
                catch (Backups.InProgressException e)
                {
                    progress.Fail(e.Message);
                }
                catch (Exception e)
                {
                    log.LogError(e, "Резервная копия, начатая на странице, не создана");
                }
            }, CancellationToken.None);
            return Partial("_BackupProgress", this);
        }
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

    /// <summary>The progress block alone, for the page's poll.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        if (!await access.ManagesBackupsAsync(ct)) return Forbid();
        FromPoll = true;
        return Partial("_BackupProgress", this);
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
