using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolJournal.Web.Data;

/// <summary>
/// SQLite has one writer. When a second one comes, Microsoft.Data.Sqlite retries the statement after sleeping 150 ms
/// (its own loop; it sets no busy timeout on the connection), so a mark written while the outbox dispatcher or the visits'
/// flush held the lock for two milliseconds waited 150 ms or 300 ms: issue 16's mark-write p99 of 329 ms at one writer.
/// With SQLite's own busy timeout set on every connection it opens, SQLite waits inside the statement and retries after
/// 1, 2, 5, 10… ms. The timeout is a field of the native connection, set without a statement.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 30_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
    }
}
