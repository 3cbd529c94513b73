using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Features.Archive;

namespace SchoolJournal.IntegrationTests.Features.Archive;

/// <summary>What the archive tests read straight from a database: every table's rows, a hash of each, and the app's archive services.</summary>
public static class ArchiveData
{
    public static async Task<T> WithAsync<T, TService>(this JournalApp app, Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task<Integrity.Result> VerifyAsync(this JournalApp app) => app.WithAsync<Integrity.Result, Integrity>(i => i.VerifyAsync());

    /// <summary>Every problem of every school, in order.</summary>
    public static async Task<List<string>> ProblemsAsync(this JournalApp app) => [.. (await app.VerifyAsync()).Schools.SelectMany(s => s.Problems)];

    public static Task ExecuteAsync(this JournalApp app, FormattableString sql) => app.QueryAsync(db => db.Database.ExecuteSqlAsync(sql));

    /// <summary>Each table's rows, every column as invariant text, in a stable order; the «Id» column (if any) first as a number.</summary>
    public static async Task<Dictionary<string, List<(long? Id, string Row)>>> RowsAsync(this JournalApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        var tables = scope.ServiceProvider.GetRequiredService<DatabaseCopy>().Tables;
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var result = new Dictionary<string, List<(long?, string)>>();
        foreach (var table in tables)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            var idColumn = Enumerable.Range(0, reader.FieldCount).Select(i => (int?)i).FirstOrDefault(i => reader.GetName(i!.Value) == "Id");
            var rows = new List<(long?, string)>();
            while (await reader.ReadAsync())
            {
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Text(reader.GetValue(i)));
                long? id = idColumn is int c && !reader.IsDBNull(c) && reader.GetValue(c) is IConvertible n && reader.GetValue(c) is not string
                    ? n.ToInt64(CultureInfo.InvariantCulture) : null;
                rows.Add((id, string.Join("\u001f", cells)));
            }
            result[table] = [.. rows.OrderBy(r => r.Item2, StringComparer.Ordinal)];
        }
        return result;
    }

    /// <summary>A table's hash: SHA-256 over its rows in a stable order.</summary>
    public static string Hash(IEnumerable<(long? Id, string Row)> rows) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", rows.Select(r => r.Row).Order(StringComparer.Ordinal)))));

    public static Dictionary<string, string> Hashes(Dictionary<string, List<(long? Id, string Row)>> rows) =>
        rows.ToDictionary(t => t.Key, t => Hash(t.Value));

    private static string Text(object value) => value switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
