using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SchoolJournal.Web.Data;

/// <summary>
/// New rows whose generated ids nobody reads back — a year's lessons laid from the timetable, the demo's marks and attendance —
/// written without EF's save, every value a parameter. EF's save writes each row as a statement of its own with
/// <c>RETURNING "Id"</c> and keeps a change-tracking entry for it: a year's lessons for one school took about 5 s of CPU in its
/// batching, column modifications and results (perf of the demo seeder, issue 16), which this path spends in SQLite or PostgreSQL
/// itself. The columns, their names and their conversions (dates, enums) come from the EF model, so a row reads back as EF would
/// have written it (<c>BulkInsertTests</c>). They bypass the change tracker, and so the save interceptors: the caller tells the
/// read cache what changed. A type with a generated column other than its key (a concurrency token) is refused.
/// <see cref="InsertCopiesAsync"/> writes rows that keep every value they carry, their ids included: a school package's rows.
/// <para>
/// All the rows or none: they are written in the caller's transaction, else in one begun through EF, which SQLite's write queue
/// holds. On PostgreSQL, INSERT statements of many rows each go through EF's command pipeline (the replica's write tracker hears
/// them). On SQLite one single-row INSERT, compiled once, runs for every row: SQLite compiles a statement of a few hundred
/// parameters for longer than it runs it, and a school package's 29,802 lessons took 2.6–2.9 s in statements of 15 rows, 0.65–1.0 s
/// this way (issue 16).
/// </para>
/// </summary>
public static class BulkInsert
{
    // PostgreSQL's statements of many rows. 256 parameters a statement was chosen when SQLite wrote this way too (each parameter
    // bound by its name, found by a linear search: 8,000 a statement made the demo's lessons slower than EF's save); on PostgreSQL
    // 4,096 or 16,000 cut the demo's lessons by a tenth only (7 December).
    private const int MaxParameters = 256;
    private const int MaxRows = 100;

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping);

    private sealed record Plan(string Head, Column[] Columns);

    private static readonly ConcurrentDictionary<(IModel, Type, bool Copies), Plan> Plans = new();

    /// <summary>Inserts the rows, all or none; returns how many were written. The rows' ids stay unset.</summary>
    public static Task<int> InsertAllAsync<T>(this JournalDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class =>
        InsertAsync(db, typeof(T), rows, copies: false, ct);

    /// <summary>
    /// Inserts rows of <paramref name="type"/> as they are, every column from the row: the key (a generated id too), a concurrency
    /// token, each value the row carries. The rows must not point to one another (the statements' order is the list's).
    /// </summary>
    public static Task<int> InsertCopiesAsync(this JournalDbContext db, Type type, IReadOnlyCollection<object> rows, CancellationToken ct) =>
        InsertAsync(db, type, rows, copies: true, ct);

    private static async Task<int> InsertAsync(JournalDbContext db, Type type, IReadOnlyCollection<object> rows, bool copies, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        var plan = Plans.GetOrAdd((db.Model, type, copies), key => PlanOf(db, key.Item2, key.Copies));
        // All the rows or none: in the caller's transaction, else in one of their own.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var written = db.Database.IsSqlite() ? await RowByRowAsync(db, plan, rows, ct) : await ManyRowsAsync(db, plan, rows, ct);
            if (own is not null) await own.CommitAsync(ct);
            return written;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private static async Task<int> ManyRowsAsync(JournalDbContext db, Plan plan, IReadOnlyCollection<object> rows, CancellationToken ct)
    {
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

    /// <summary>SQLite: one single-row INSERT for every row, on the connection of the transaction EF holds.</summary>
    private static async Task<int> RowByRowAsync(JournalDbContext db, Plan plan, IReadOnlyCollection<object> rows, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var names = plan.Columns.Select((_, c) => "@b" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // The text holds only names from the EF model, delimited by the provider, and parameter markers; every value is a parameter.
        command.CommandText = $"{plan.Head} ({string.Join(", ", names)})";
        var written = 0;
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var c = 0; c < plan.Columns.Length; c++)
            {
                var (property, mapping) = plan.Columns[c];
                command.Parameters.Add(mapping.CreateParameter(command, names[c], property.GetGetter().GetClrValue(row), property.IsNullable));
            }
            // Microsoft.Data.Sqlite keeps the command's compiled statement while its text stays the same.
            written += await command.ExecuteNonQueryAsync(ct);
        }
        return written;
    }

    private static Plan PlanOf(JournalDbContext db, Type type, bool copies)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (copies)
            {
                if (property.IsShadowProperty() || property.GetComputedColumnSql(table) is not null)
                    throw new NotSupportedException($"{type.Name}.{property.Name}: a shadow or computed column is not copied in bulk.");
                columns.Add(new Column(property, property.GetRelationalTypeMapping()));
                continue;
            }
            if (property.ValueGenerated != ValueGenerated.Never && property.IsPrimaryKey()) continue;
            if (property.ValueGenerated != ValueGenerated.Never || property.IsShadowProperty() || property.IsConcurrencyToken)
                throw new NotSupportedException($"{type.Name}.{property.Name}: a generated or shadow column is not written in bulk.");
            columns.Add(new Column(property, property.GetRelationalTypeMapping()));
        }
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)));
        return new Plan($"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES", columns.ToArray());
    }
}
