using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Signatures;

/// <summary>The commands <c>demo-certificates</c> and <c>verify-archive</c> (the app's command table calls them).</summary>
public static class SignatureCommands
{
    /// <summary><c>demo-certificates [--login uchitel,direktor]</c>: the test centre and the demo staff's certificates.</summary>
    public static async Task<int> DemoAsync(IServiceProvider services, string[] args, TextWriter output, string[] demoLogins)
    {
        var logins = Option(args, "--login") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : demoLogins;
        await using var scope = services.CreateAsyncScope();
        foreach (var line in await TestCa.SeedDemoAsync(scope.ServiceProvider, logins, CancellationToken.None)) await output.WriteLineAsync(line);
        return 0;
    }

    /// <summary>
    /// <c>verify-archive [--year 2026-2027] [--school ID] [КАТАЛОГ]</c>: every year's archive (or one) of every school (or one) —
    /// files against manifests, manifests' signatures, journal signatures against the data. Exit 0 only when all holds, 1 when
    /// something is wrong (each problem named), 2 for a wrong call.
    /// </summary>
    public static async Task<int> VerifyArchiveAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        var yearName = Option(args, "--year");
        int? schoolId = int.TryParse(Option(args, "--school"), CultureInfo.InvariantCulture, out var s) ? s : null;
        var root = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal)
                && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal)))
            .FirstOrDefault();
        if (yearName == "")
        {
            await errors.WriteLineAsync("Укажите учебный год: verify-archive --year 2026-2027");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveSignatures>();
        var years = await db.AcademicYears.IgnoreQueryFilters().AsNoTracking().Where(y => schoolId == null || y.SchoolId == schoolId)
            .OrderBy(y => y.SchoolId).ThenBy(y => y.Start).Select(y => new { y.Id, y.SchoolId, y.Start, y.End }).ToListAsync();
        var signed = await db.JournalSignatures.IgnoreQueryFilters().Select(j => j.AcademicYearId).Distinct().ToListAsync();
        var checkedAny = false;
        var broken = 0;
        foreach (var y in years)
        {
            var name = $"{y.Start.Year.ToString(CultureInfo.InvariantCulture)}-{y.End.Year.ToString(CultureInfo.InvariantCulture)}";
            if (yearName is not null && yearName != name) continue;
            var year = (await archive.YearAsync(y.SchoolId, y.Id, root is null ? null : Path.GetFullPath(root), CancellationToken.None))!;
            var present = ArchiveSignatures.Manifests(year.Folder).Count > 0 || signed.Contains(y.Id);
            if (!present && yearName is null) continue;
            checkedAny = true;
            var report = await archive.VerifyAsync(y.SchoolId, year, CancellationToken.None);
            await output.WriteLineAsync($"Школа {y.SchoolId}, архив {year.Name} ({year.Folder}): " +
                $"манифестов {report.Manifests}, файлов {report.Files}, " +
                $"подписанных журналов {report.JournalSignatures}.");
            if (report.Manifests == 0) await output.WriteLineAsync("  — в папке архива нет ни одного манифеста.");
            foreach (var problem in report.Problems) await output.WriteLineAsync($"  — {problem}");
            if (!report.IsIntact || (report.Manifests == 0 && yearName is not null)) broken++;
        }
        if (!checkedAny)
        {
            await errors.WriteLineAsync(yearName is null
                ? "Архивов и подписей для проверки нет."
                : $"Учебного года {yearName} нет в базе: verify-archive --year 2026-2027");
            return yearName is null ? 0 : 2;
        }
        if (broken == 0)
        {
            await output.WriteLineAsync("Архив цел: все файлы совпадают с манифестами, подписи проверены.");
            return 0;
        }
        await errors.WriteLineAsync($"Архив нарушен (учебных лет с ошибками: {broken}).");
        return 1;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i < 0 ? null : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : "";
    }
}
