using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>Counts the commands EF Core sends to one test database while it is alive.</summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<string> _commands = [];
    private readonly List<string> _inTransaction = [];

    public CommandCounter(string database)
    {
        _database = database;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public int Count { get { lock (_commands) return _commands.Count; } }

    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

    /// <summary>The commands sent inside a transaction (on SQLite: while the app's one writer was held).</summary>
    public IReadOnlyList<string> InTransaction { get { lock (_commands) return [.. _inTransaction]; } }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
            && data.Command.Connection?.ConnectionString.Contains(_database, StringComparison.Ordinal) == true)
            lock (_commands)
            {
                _commands.Add(data.Command.CommandText);
                if (data.Command.Transaction is not null) _inTransaction.Add(data.Command.CommandText);
            }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }
}
