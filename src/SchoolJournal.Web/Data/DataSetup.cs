using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Data;

public static class DataSetup
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static string Provider(IConfiguration config) =>
        string.Equals(config["Database:Provider"], Postgres, StringComparison.OrdinalIgnoreCase) ? Postgres : Sqlite;

    /// <summary>
    /// The context is the request's (it reads the request's school); its options are built once for the app — built per request they
    /// cost every API call a fresh options object, its hashing and the compiled-model lookup (issue 16's profile).
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<ISchoolScope>(sp => sp.GetRequiredService<CurrentUser>());
        builder.Services.AddSingleton(TimeProvider.System);
        Infrastructure.ReadModels.ReadCacheSetup.AddReadCache(builder.Services);

        if (Provider(config) == Postgres)
        {
            var cs = config.GetConnectionString(Postgres)
                ?? throw new InvalidOperationException("ConnectionStrings:Postgres не задана, а Database:Provider = Postgres.");
            var replica = !string.IsNullOrWhiteSpace(config.GetConnectionString("Replica"));
            builder.Services.AddPooledContext<PostgresJournalDbContext>((sp, o) => o.UseNpgsql(cs)
                .AddInterceptors(sp.GetRequiredService<Infrastructure.Outbox.DiaryOutboxInterceptor>(),
                    sp.GetRequiredService<Infrastructure.ReadModels.ReadCacheInterceptor>())
                .AddInterceptors(replica ? [sp.GetRequiredService<WriteTracker>()] : [])
                .UseBuiltModel<PostgresJournalDbContext>(options => new(options)));
            if (replica) builder.Services.AddSingleton<WriteTracker>();
            builder.Services.AddReadRouting(config, Postgres, cs);
        }
        else
        {
            var cs = SqliteConnectionString(config, builder.Environment.ContentRootPath);
            builder.Services.AddSingleton<SqliteWriteGate>();
            // One writer: the marks of many teachers at once are saved together (decision 0026). Database:GroupCommit=false for a
            // comparison.
            if (config.GetValue("Database:GroupCommit", true)) builder.Services.AddSingleton<Infrastructure.Audit.GroupCommit>();
            builder.Services.AddPooledContext<SqliteJournalDbContext>((sp, o) => o.UseSqlite(cs)
                .AddInterceptors(sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<Infrastructure.Outbox.DiaryOutboxInterceptor>(),
                    sp.GetRequiredService<Infrastructure.ReadModels.ReadCacheInterceptor>(), new SqliteBusyTimeout())
                .UseBuiltModel<SqliteJournalDbContext>(options => new(options)));
            builder.Services.AddReadRouting(config, Sqlite, null);
        }
        return builder;
    }

    /// <summary>
    /// The request's context is leased from a pool of contexts (EF's pooled factory) and goes back to it when the request's scope
    /// ends. A context EF starts afresh sets up its internal services (its service scope, the model's checks, the options' copy):
    /// 7.7 % of the diary week's CPU under load (perf, issue 16), which a pooled context did once. The lease gives the context
    /// its request's school (the query filters read it at every query) and clears what the last lease set; EF resets its own
    /// state (the change tracker, the transaction, the tracking settings). A pooled context keeps EF's logging cache across leases:
    /// a diagnostic listener that starts listening may hear it only a second later (EF's <c>ConfigureLoggingCacheTime</c>).
    /// </summary>
    private static void AddPooledContext<TContext>(this IServiceCollection services,
        Action<IServiceProvider, DbContextOptionsBuilder> configure) where TContext : JournalDbContext
    {
        services.AddPooledDbContextFactory<TContext>((sp, o) => configure(sp, o.ConfigureWarnings(JournalDbContext.IgnoredWarnings)));
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            db.Lease(sp.GetRequiredService<ISchoolScope>());
            sp.GetRequiredService<Infrastructure.ReadModels.ReadCacheInterceptor>().Forget(db);
            return new ScopeLease<TContext>(db);
        });
        // Captured for disposal after the lease (DI disposes in reverse): their disposals are no-ops while the scope holds it.
        services.AddScoped(sp => sp.GetRequiredService<ScopeLease<TContext>>().Context);
        services.AddScoped<JournalDbContext>(sp => sp.GetRequiredService<TContext>());
    }

    /// <summary>The request scope's hold on its pooled context: disposed once, by DI, it gives the context back to the pool once.</summary>
    internal sealed class ScopeLease<TContext> : IDisposable, IAsyncDisposable where TContext : JournalDbContext
    {
        public ScopeLease(TContext context)
        {
            Context = context;
            context.HeldByScope = true;
        }

        private bool _returned;

        public TContext Context { get; }

        public void Dispose()
        {
            if (Release()) Context.Dispose();
        }

        public ValueTask DisposeAsync() => Release() ? Context.DisposeAsync() : ValueTask.CompletedTask;

        // True the first time only: the context's own disposal then gives it back to the pool.
        private bool Release()
        {
            if (_returned) return false;
            _returned = true;
            Context.HeldByScope = false;
            return true;
        }
    }

    /// <summary>
    /// The options name the model EF built for the context, once: without a model in its options, every context EF starts looks for
    /// a compiled one among the attributes of the context's assembly — here one per Razor view — by reflection, 2 % of the journal
    /// API's CPU (perf, issue 16). The model is the one EF's model cache would give every context anyway (the same conventions,
    /// query filters and provider); migrations and the design-time model still build theirs (EF does not take a runtime model
    /// for them).
    /// </summary>
    private static DbContextOptionsBuilder UseBuiltModel<TContext>(this DbContextOptionsBuilder options,
        Func<DbContextOptions<TContext>, TContext> create) where TContext : DbContext
    {
        using var context = create((DbContextOptions<TContext>)options.Options);
        return options.UseModel(context.Model);
    }

    /// <summary>The SQLite file lives under data/ of the content root (the project folder under dotnet run) unless configured.</summary>
    public static string SqliteConnectionString(IConfiguration config, string contentRoot)
    {
        var cs = config.GetConnectionString(Sqlite);
        if (!string.IsNullOrWhiteSpace(cs)) return cs;
        var dir = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "journal.db")};Foreign Keys=True";
    }

    /// <summary>Applies migrations; on SQLite switches the file to WAL so readers do not block the writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JournalDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
