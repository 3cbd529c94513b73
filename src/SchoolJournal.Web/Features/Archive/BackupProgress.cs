namespace SchoolJournal.Web.Features.Archive;

/// <summary>
/// How the copy being made goes (R-ARCH-3), whoever started it — the page's button, the nightly run or the <c>backup</c> command of
/// this process: the stage, the attachments copied of how many, and how the last copy ended. The page polls it; one node's memory.
/// </summary>
public sealed class BackupProgress(TimeProvider time)
{
    public sealed record State(bool Running, string Stage, int Done, int Total, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
        string? File, long? Size, string? Error);

    private readonly Lock _lock = new();
    private State? _state;

    public State? Current
    {
        get
        {
            lock (_lock) return _state;
        }
    }

    public void Start() => Set(_ => new State(true, "Копия базы данных", 0, 0, time.GetUtcNow(), null, null, null, null));

    public void Stage(string stage, int done, int total) => Set(s => s! with { Stage = stage, Done = done, Total = total });

    public void Finish(string file, long size) =>
        Set(s => s! with { Running = false, Stage = "Готово", FinishedAt = time.GetUtcNow(), File = file, Size = size });

    public void Fail(string error) => Set(s => (s ?? new State(false, "", 0, 0, time.GetUtcNow(), null, null, null, null))
        with { Running = false, Stage = "Остановлена", FinishedAt = time.GetUtcNow(), Error = error });

    private void Set(Func<State?, State> change)
    {
        lock (_lock) _state = change(_state);
    }
}
