using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Features.Export;

/// <summary>
/// Which tables a school owns, read from the EF Core model (decision record 0017): the school's row, every <see cref="ISchoolOwned"/>
/// table, the link tables reached through a required foreign key to one of them (a group's classes, a student's parents, curriculum
/// lines), the logins its rows name (<see cref="AppUser"/>, with their roles, claims, external logins and tokens) and the built-in roles
/// those logins hold. A table of the model that is none of these and not in <see cref="Excluded"/> with its reason makes
/// <see cref="Of"/> throw: a new table is exported without a line of code, or the build's tests say why not.
/// </summary>
public static class SchoolTables
{
    public enum Reach
    {
        /// <summary>The school's own row.</summary>
        School,
        /// <summary>Rows with the school's <c>SchoolId</c>.</summary>
        Owned,
        /// <summary>Rows whose required foreign key <see cref="Table.Via"/> points to an exported row.</summary>
        Linked,
        /// <summary>Rows the exported rows name by a foreign key (logins, the roles they hold); logins also by their <c>SchoolId</c>.</summary>
        Referenced,
    }

    /// <summary>Tables of the model a school package leaves out, each with the reason written in the format's documentation.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Excluded = new Dictionary<Type, string>
    {
        [typeof(DiaryEvent)] = "очередь живых обновлений дневника и уведомлений (outbox): события уже доставлены или будут доставлены " +
            "старой установкой; копия разослала бы их второй раз",
        [typeof(Notification)] = "уведомления родителям в очереди и отправленные: работа старой установки, как и события дневника, " +
            "на которые они ссылаются; копия отправила бы ожидающие второй раз",
        [typeof(IdentityRoleClaim<string>)] = "права встроенных ролей установки, общие для всех школ; роли, которые завела школа, " +
            "в пакете (SchoolRoles)",
    };

    public sealed record Column(string Name, IProperty Property, string Type, bool Nullable)
    {
        /// <summary>How the package writes the column's values (<see cref="SchoolManifest.Rows"/>), looked up once a column.</summary>
        public JsonTypeInfo Json { get; } = SchoolManifest.Rows.GetTypeInfo(Property.ClrType);
    }

    public sealed record Table(IEntityType Entity, string Name, Reach Reach, IForeignKey? Via, IReadOnlyList<Column> Columns)
    {
        public Type ClrType => Entity.ClrType;
        public IReadOnlyList<IProperty> Key => Entity.FindPrimaryKey()!.Properties;
        public string File => $"tables/{Name}.jsonl";
    }

    /// <summary>The tables a school package holds, in the order an import writes them (every table after those it points to).</summary>
    public static IReadOnlyList<Table> Of(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned()).ToList();
        var owned = types.Where(t => typeof(ISchoolOwned).IsAssignableFrom(t.ClrType) || t.ClrType == typeof(School)).ToHashSet();
        var referenced = new HashSet<IEntityType>(types.Where(t => t.ClrType == typeof(AppUser) || t.ClrType == typeof(IdentityRole)));
        var via = new Dictionary<IEntityType, IForeignKey>();
        var problems = new List<string>();
        foreach (var t in types.Where(t => !owned.Contains(t) && !referenced.Contains(t) && !Excluded.ContainsKey(t.ClrType)))
        {
            // A link row belongs to the school of its first required end that is the school's, else a login of it (a login's roles).
            var fk = t.GetForeignKeys().Where(f => f.IsRequired)
                .OrderBy(f => owned.Contains(f.PrincipalEntityType) ? 0 : f.PrincipalEntityType.ClrType == typeof(AppUser) ? 1 : 2)
                .FirstOrDefault(f => owned.Contains(f.PrincipalEntityType) || referenced.Contains(f.PrincipalEntityType));
            if (fk is null) problems.Add($"{t.GetTableName()}: не принадлежит школе и не исключена с причиной (SchoolTables.Excluded)");
            else via[t] = fk;
        }

        var tables = new List<Table>();
        foreach (var t in types.Where(t => !Excluded.ContainsKey(t.ClrType)))
        {
            if (!owned.Contains(t) && !referenced.Contains(t) && !via.ContainsKey(t)) continue;
            var reach = t.ClrType == typeof(School) ? Reach.School
                : owned.Contains(t) ? Reach.Owned : referenced.Contains(t) ? Reach.Referenced : Reach.Linked;
            var table = StoreObjectIdentifier.Table(t.GetTableName()!, t.GetSchema());
            var columns = new List<Column>();
            foreach (var p in t.GetProperties())
            {
                if (p.PropertyInfo is null) problems.Add($"{t.GetTableName()}.{p.Name}: теневое свойство без поля класса");
                if (p.GetColumnName(table) is not { } name) continue;
                columns.Add(new Column(name, p, TypeName(p.ClrType), p.IsNullable));
            }
            foreach (var fk in t.GetForeignKeys().Where(f => Excluded.ContainsKey(f.PrincipalEntityType.ClrType) && !Excluded.ContainsKey(t.ClrType)))
                problems.Add($"{t.GetTableName()}: ссылается на исключённую таблицу {fk.PrincipalEntityType.GetTableName()}");
            tables.Add(new Table(t, t.GetTableName()!, reach, via.GetValueOrDefault(t), columns));
        }
        if (problems.Count > 0)
            throw new InvalidOperationException("Полная выгрузка школы не знает, что делать с таблицами:\n" + string.Join("\n", problems));
        return Ordered(tables);
    }

    /// <summary>Principals first (Kahn's order over the foreign keys; a table's references to itself are left to EF's row order).</summary>
    private static List<Table> Ordered(List<Table> tables)
    {
        var byType = tables.ToDictionary(t => t.Entity);
        var after = tables.ToDictionary(t => t, t => t.Entity.GetForeignKeys().Select(f => f.PrincipalEntityType)
            .Where(p => p != t.Entity && byType.ContainsKey(p)).Select(p => byType[p]).ToHashSet());
        var order = new List<Table>();
        while (after.Count > 0)
        {
            var ready = after.Where(kv => kv.Value.All(order.Contains)).Select(kv => kv.Key).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException("Таблицы ссылаются друг на друга по кругу: " + string.Join(", ", after.Keys.Select(t => t.Name)));
            order.AddRange(ready);
            foreach (var t in ready) after.Remove(t);
        }
        return order;
    }

    /// <summary>A column's type as the manifest names it: the stored value's type (an enum is its number).</summary>
    public static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        return t switch
        {
            _ when t == typeof(int) => "int32",
            _ when t == typeof(long) => "int64",
            _ when t == typeof(short) => "int16",
            _ when t == typeof(byte) => "uint8",
            _ when t == typeof(bool) => "boolean",
            _ when t == typeof(string) => "string",
            _ when t == typeof(decimal) => "decimal",
            _ when t == typeof(double) => "double",
            _ when t == typeof(float) => "single",
            _ when t == typeof(DateTimeOffset) => "date-time-offset",
            _ when t == typeof(DateTime) => "date-time",
            _ when t == typeof(DateOnly) => "date",
            _ when t == typeof(TimeOnly) => "time",
            _ when t == typeof(TimeSpan) => "duration",
            _ when t == typeof(Guid) => "uuid",
            _ when t == typeof(byte[]) => "base64",
            _ => throw new InvalidOperationException($"Тип {t.Name} не описан в формате полной выгрузки школы."),
        };
    }
}
