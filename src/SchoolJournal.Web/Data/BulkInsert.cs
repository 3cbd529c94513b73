using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SchoolJournal.Web.Data;

/// <summary>
/// New rows whose generated ids nobody reads back — a year's lessons laid from the timetable, the demo's marks and attendance —
/// written in INSERT statements of many rows each, with parameters. EF's save writes each row as a statement of its own with
/// <c>RETURNING "Id"</c> and keeps a change-tracking entry for it: a year's lessons for one school took about 5 s of CPU in its
/// batching, column modifications and results (perf of the demo seeder, issue 16), which this path spends in SQLite or PostgreSQL
/// itself. The columns, their names and their conversions (dates, enums) come from the EF model, so a row reads back as EF would
/// have written it (<c>BulkInsertTests</c>). The statements go through EF's command pipeline: the caller's transaction, SQLite's
/// write queue, the replica's write tracker. They bypass the change tracker, and so the save interceptors: the caller tells the
/// read cache what changed. A type with a generated column other than its key (a concurrency token) is refused.
/// </summary>
public static class BulkInsert
{
    // SQLite allows 32,766 parameters a statement and PostgreSQL 65,535, but each parameter is bound by its name, found by a
    // linear search of the statement's names (SQLite) and of the command's parameters (Microsoft.Data.Sqlite): the cost of a
    // statement grows with the square of its parameters. 8,000 a statement made the demo's lessons slower than EF's save.
    private const int MaxParameters = 256;
    private const int MaxRows = 100;

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping);

    private sealed record Plan(string Head, Column[] Columns);

    private static readonly ConcurrentDictionary<(IModel, Type), Plan> Plans = new();

    /// <summary>Inserts the rows in statements of a few hundred values each; returns how many were written. The rows' ids stay unset.</summary>
    public static async Task<int> InsertAllAsync<T>(this JournalDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return 0;
        var plan = Plans.GetOrAdd((db.Model, typeof(T)), key => PlanOf(db, key.Item2));
        var perStatement = Math.Clamp(MaxParameters / plan.Columns.Length, 1, MaxRows);
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var written = 0;
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var sql = new StringBuilder(plan.Head, plan.Head.Length + chunk.Length * plan.Columns.Length * 8);
            var parameters = new DbParameter[chunk.Length * plan.Columns.Length];
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "\n(" : ",\n(");
                for (var c = 0; c < plan.Columns.Length; c++)
                {
                    var (property, mapping) = plan.Columns[c];
                    var name = "@b" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (c > 0) sql.Append(", ");
                    sql.Append(name);
                    parameters[n++] = mapping.CreateParameter(factory, name, property.GetGetter().GetClrValue(chunk[r]), property.IsNullable);
                }
                sql.Append(')');
            }
            // The text holds only names from the EF model, delimited by the provider, and parameter markers; every value is a parameter.
            written += await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
        return written;
    }

    private static Plan PlanOf(JournalDbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (property.ValueGenerated != ValueGenerated.Never && property.IsPrimaryKey()) continue;
            if (property.ValueGenerated != ValueGenerated.Never || property.IsShadowProperty() || property.IsConcurrencyToken)
                throw new NotSupportedException($"{type.Name}.{property.Name}: a generated or shadow column is not written in bulk.");
            columns.Add(new Column(property, property.GetRelationalTypeMapping()));
        }
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)));
        return new Plan($"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES", columns.ToArray());
    }
}
