using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SchoolJournal.IntegrationTests.Infrastructure;

/// <summary>
/// The test apps' errors, appended to the file <c>SJ_TEST_APP_ERRORS</c> names. test.sh gives each lane its own file,
/// <c>TestResults/LANE.app-errors.log</c>, and prints its end when the lane fails. A test that gets a 500 can then be
/// explained after the fact: the lane's output shows the test's assertion, not the app's console. Tests that provoke
/// failures on purpose (the error pages) write here too. Each line names the test app's database, so an error can be
/// matched to its test. Two more sources write here, since a 500 once came with no unhandled exception logged (PostgreSQL, 7
/// December) and EF's "error using the connection" carries no exception: every response of 500 or more, with its method and path
/// (<see cref="ServerErrors"/>), and the exception of every failed connection (<see cref="ConnectionFailures"/>).
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
            Write(path, $"{logLevel} {app} {category}: {formatter(state, exception)}", exception);
        }
    }

    private static void Write(string path, string line, Exception? exception)
    {
        var entry = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}\n" + (exception is null ? "" : exception + "\n");
        lock (Sync) File.AppendAllText(path, entry);
    }

    /// <summary>Outermost in the pipeline: each answer of 500 or more, and an exception that left every middleware.</summary>
    public sealed class ServerErrors(string path, string app) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use(async (context, inner) =>
            {
                try
                {
                    await inner(context);
                }
                catch (Exception e)
                {
                    Write(path, $"Unhandled {app} {context.Request.Method} {context.Request.Path}", e);
                    throw;
                }
                if (context.Response.StatusCode >= 500)
                    Write(path, $"Status {context.Response.StatusCode} {app} {context.Request.Method} {context.Request.Path}", null);
            });
            next(builder);
        };
    }

    /// <summary>The exception behind EF's "An error occurred using the connection", which the log line itself leaves out.</summary>
    public sealed class ConnectionFailures(string path, string app) : DbConnectionInterceptor
    {
        public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) =>
            Write(path, $"ConnectionFailed {app}", eventData.Exception);

        public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData,
            CancellationToken cancellationToken = default)
        {
            ConnectionFailed(connection, eventData);
            return Task.CompletedTask;
        }
    }
}
