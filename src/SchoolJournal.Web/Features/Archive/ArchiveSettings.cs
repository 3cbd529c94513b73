using System.Globalization;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// Where backups, attachments and check results live and when the nightly run starts: Backup:Directory (data/backups),
/// Backup:DailyAt (02:00, the school's time), Backup:KeepCount (14), Backup:KeepDays (30), Backup:Enabled (the schedule, on),
/// Files:Path (data/files), Audit:ResultFile (data/verify/last.json). Paths are relative to the content root.
/// </summary>
public sealed class ArchiveSettings(IConfiguration config, IHostEnvironment env)
{
    public string BackupDirectory => PathOf("Backup:Directory", "backups");

    /// <summary>The year's archive (Archive:Directory, data/archive): the printed journals under &lt;year&gt;/journals.</summary>
    public string ArchiveDirectory => PathOf("Archive:Directory", "archive");

    public string FilesPath => PathOf("Files:Path", "files");

    public string ResultFile => PathOf("Audit:ResultFile", Path.Combine("verify", "last.json"));

    public bool ScheduleEnabled => config.GetValue("Backup:Enabled", true);

    public TimeOnly DailyAt => config["Backup:DailyAt"] is { Length: > 0 } text
        ? TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new InvalidOperationException($"Backup:DailyAt «{text}» — укажите время в виде ЧЧ:ММ, например 02:00.")
        : new TimeOnly(2, 0);

    /// <summary>How many newest copies are kept whatever their age; 0 — no limit by count.</summary>
    public int KeepCount => config.GetValue("Backup:KeepCount", 14);

    /// <summary>Copies older than this many days are removed; 0 — no limit by age. The newest copy is never removed.</summary>
    public int KeepDays => config.GetValue("Backup:KeepDays", 30);

    private string PathOf(string key, string underData) => Path.GetFullPath(config[key] is { Length: > 0 } path
        ? Path.IsPathRooted(path) ? path : Path.Combine(env.ContentRootPath, path)
        : Path.Combine(env.ContentRootPath, "data", underData));
}
