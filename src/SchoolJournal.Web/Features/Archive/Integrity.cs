using System.Text.Json;
using SchoolJournal.Web.Infrastructure.Audit;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// The whole <c>verify</c> (R-ARCH-4): each school's audit chain and its signed anchor (<see cref="AuditVerifier"/>), and its
/// marks and attendance against what the chain recorded (<see cref="JournalState"/>). The last result is kept in a file
/// (Audit:ResultFile) for the administrator's page; the nightly run writes it after the backup.
/// </summary>
public sealed class Integrity(AuditVerifier chain, JournalState data, ArchiveSettings settings, TimeProvider time)
{
    public sealed record School(int Id, string Name, long Events, long HeadSequence, string HeadHash, IReadOnlyList<string> Problems);

    public sealed record Result(DateTimeOffset CheckedAt, IReadOnlyList<School> Schools, string? Error = null)
    {
        public bool IsIntact => Error is null && Schools.All(s => s.Problems.Count == 0);
    }

    public async Task<Result> VerifyAsync(CancellationToken ct = default)
    {
        var schools = new List<School>();
        foreach (var r in await chain.VerifyAsync(ct))
        {
            var problems = await data.CheckAsync(r.SchoolId, ct);
            schools.Add(new School(r.SchoolId, r.SchoolName, r.Count, r.HeadSequence, r.HeadHash, [.. r.Problems, .. problems]));
        }
        var result = new Result(time.GetUtcNow(), schools);
        Save(result);
        return result;
    }

    /// <summary>A check that could not run (the database unreachable …) is a result too: the page must not show an old «цел».</summary>
    public Result Failed(string error)
    {
        var result = new Result(time.GetUtcNow(), [], error);
        Save(result);
        return result;
    }

    public Result? Last()
    {
        if (!File.Exists(settings.ResultFile)) return null;
        try
        {
            return JsonSerializer.Deserialize<Result>(File.ReadAllText(settings.ResultFile), BackupManifest.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Save(Result result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(settings.ResultFile)!);
        var temp = settings.ResultFile + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(result, BackupManifest.Json));
        File.Move(temp, settings.ResultFile, overwrite: true);
    }
}
