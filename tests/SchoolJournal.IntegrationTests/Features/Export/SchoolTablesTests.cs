using Microsoft.EntityFrameworkCore;
using SchoolJournal.Web.Data;
using SchoolJournal.Web.Domain;
using SchoolJournal.Web.Features.Export;

namespace SchoolJournal.IntegrationTests.Features.Export;

/// <summary>
/// The table inventory of the full school package (decision record 0017) is the EF model: every table is exported or excluded with a
/// reason, a new school-owned table travels by itself, and a new table that belongs to no school fails here until someone decides.
/// </summary>
public sealed class SchoolTablesTests
{
    private static DbContextOptions<T> Options<T>() where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseSqlite("Data Source=:memory:").Options;

    [Fact]
    public void Every_table_of_the_model_is_exported_or_excluded_with_a_reason()
    {
        using var db = new SqliteJournalDbContext(Options<SqliteJournalDbContext>());

        var tables = SchoolTables.Of(db.Model);

        var all = db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct().Order().ToList();
        var excluded = db.Model.GetEntityTypes().Where(t => SchoolTables.Excluded.ContainsKey(t.ClrType)).Select(t => t.GetTableName()!);
        Assert.Equal(all, tables.Select(t => t.Name).Concat(excluded).Order().ToList());
        // Written after what they point to: a mark after its lesson and student, a group's classes after both, a login's roles after both.
        int At(string name) => tables.ToList().FindIndex(t => t.Name == name);
        Assert.True(At("AcademicYears") > At("Schools") && At("Marks") > At("Lessons") && At("Marks") > At("Students")
            && At("Lessons") > At("TeachingGroups"));
        Assert.True(At("GroupClasses") > At("SchoolClasses") && At("AspNetUserRoles") > At("AspNetRoles") && At("Students") > At("AspNetUsers"));
        Assert.Equal(SchoolTables.Reach.Linked, tables.Single(t => t.Name == "StudentParents").Reach);
        Assert.Equal(SchoolTables.Reach.Referenced, tables.Single(t => t.Name == "AspNetUsers").Reach);
        Assert.Equal("AspNetUsers", tables.Single(t => t.Name == "AspNetUserRoles").Via!.PrincipalEntityType.GetTableName());
    }

    [Fact]
    public void The_postgres_model_has_the_same_tables_in_the_same_order()
    {
        using var sqlite = new SqliteJournalDbContext(Options<SqliteJournalDbContext>());
        using var postgres = new PostgresJournalDbContext(
            new DbContextOptionsBuilder<PostgresJournalDbContext>().UseNpgsql("Host=localhost;Database=model").Options);

        Assert.Equal(SchoolTables.Of(sqlite.Model).Select(t => (t.Name, string.Join(",", t.Columns.Select(c => c.Name + ":" + c.Type)))),
            SchoolTables.Of(postgres.Model).Select(t => (t.Name, string.Join(",", t.Columns.Select(c => c.Name + ":" + c.Type)))));
    }

    [Fact]
    public void A_new_school_owned_table_is_exported_without_a_line_of_code()
    {
        using var db = new WithTables(Options<WithTables>());

        var table = SchoolTables.Of(db.Model).Single(t => t.ClrType == typeof(Locker));

        Assert.Equal(SchoolTables.Reach.Owned, table.Reach);
        Assert.Equal(["Id", "Number", "SchoolId"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void A_new_table_that_belongs_to_no_school_fails_until_it_is_excluded_with_a_reason()
    {
        using var db = new WithWeather(Options<WithWeather>());

        var e = Assert.Throws<InvalidOperationException>(() => SchoolTables.Of(db.Model));

        Assert.Contains("Weather: не принадлежит школе и не исключена с причиной", e.Message);
    }

    public sealed class Locker : ISchoolOwned
    {
        public int Id { get; set; }
        public int SchoolId { get; set; }
        public int Number { get; set; }
    }

    public sealed class Weather
    {
        public int Id { get; set; }
        public int Degrees { get; set; }
    }

    // EF caches a model per context type: one type per model.
    private sealed class WithTables(DbContextOptions<WithTables> options) : JournalDbContext(options, null)
    {
        protected override void OnModelCreating(ModelBuilder b)
        {
            b.Entity<Locker>();
            base.OnModelCreating(b);
        }
    }

    private sealed class WithWeather(DbContextOptions<WithWeather> options) : JournalDbContext(options, null)
    {
        protected override void OnModelCreating(ModelBuilder b)
        {
            b.Entity<Weather>().ToTable("Weather");
            base.OnModelCreating(b);
        }
    }
}
