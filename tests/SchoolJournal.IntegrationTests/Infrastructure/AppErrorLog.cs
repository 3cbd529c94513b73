using Microsoft.Extensions.Logging;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// The test apps' errors, appended to the file <c>SJ_TEST_APP_ERRORS</c> names. test.sh gives each lane its own file,
/// <c>TestResults/LANE.app-errors.log</c>, and prints its end when the lane fails. A test that gets a 500 can then be
/// explained after the fact: the lane's output shows the test's assertion, not the app's console. Tests that provoke
/// failures on purpose (the error pages) write here too. Each line names the test app's database, so an error can be
/// matched to its test.
/// </summary>
public sealed class AppErrorLog(string path, string app) : ILoggerProvider
{
    private static readonly Lock Sync = new();

    public ILogger CreateLogger(string categoryName) => new Logger(path, app, categoryName);

    public void Dispose() { }

    private sealed class Logger(string path, string app, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var entry = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {app} {category}: {formatter(state, exception)}\n"
                + (exception is null ? "" : exception + "\n");
            lock (Sync) File.AppendAllText(path, entry);
        }
    }
}
