using System.Threading.Channels;

namespace SchoolJournal.Web.Features.Archive;

/// <summary>A run of an archive job, for one school.</summary>
public interface IArchiveJobRequest
{
    int SchoolId { get; }
}

/// <summary>
/// An archive job that runs in the background one at a time for the whole deployment — the year's print of the journals, the year's
/// archive package: the page queues a run, this hosted service runs it, and each school's last run (going or finished) stays in
/// memory for the page's poll. A second start while one runs is refused; the command line calls <see cref="RunAsync"/> directly.
/// </summary>
public abstract class ArchiveJobs<TRequest, TProgress>(TimeProvider time, ILogger log) : BackgroundService
    where TRequest : IArchiveJobRequest
    where TProgress : class
{
    private readonly Channel<TRequest> _queue = Channel.CreateUnbounded<TRequest>();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, TProgress> _bySchool = [];
    private bool _running;

    /// <summary>The app's clock, for the jobs' own times.</summary>
    protected TimeProvider Clock => time;

    /// <summary>The log's words when a run fails: «Печать журналов за год не закончена».</summary>
    protected abstract string FailedMessage { get; }

    /// <summary>Progress with nothing done yet, before the run knows its size.</summary>
    protected abstract TProgress Initial(int schoolId, DateTimeOffset at);

    /// <summary>The progress of a run stopped by <paramref name="error"/>.</summary>
    protected abstract TProgress Failed(TProgress progress, string error, DateTimeOffset at);

    /// <summary>Does the work, reporting through <see cref="Update"/>.</summary>
    public abstract Task<TProgress> RunAsync(TRequest request, CancellationToken ct);

    /// <summary>The last run of the school (running or finished); null before the first.</summary>
    public TProgress? Of(int schoolId)
    {
        lock (_lock) return _bySchool.GetValueOrDefault(schoolId);
    }

    /// <summary>Queues a run shown as <paramref name="queued"/>; false when one is going (for any school of the deployment).</summary>
    protected bool TryQueue(TRequest request, TProgress queued)
    {
        lock (_lock)
        {
            if (_running) return false;
            _running = true;
            _bySchool[request.SchoolId] = queued;
        }
        _queue.Writer.TryWrite(request);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stop))
        {
            try
            {
                await RunAsync(request, stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Message}", FailedMessage);
                Update(request.SchoolId, p => Failed(p, e.Message, time.GetUtcNow()));
            }
            finally
            {
                lock (_lock) _running = false;
            }
        }
    }

    protected TProgress Update(int schoolId, Func<TProgress, TProgress> change)
    {
        lock (_lock)
        {
            var next = change(_bySchool.GetValueOrDefault(schoolId) ?? Initial(schoolId, time.GetUtcNow()));
            _bySchool[schoolId] = next;
            return next;
        }
    }
}
