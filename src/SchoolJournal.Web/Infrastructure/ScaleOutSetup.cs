using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// One node keeps its data-protection keys under data/keys and caches in memory; several nodes share both
/// through Redis (ConnectionStrings:Redis), so a cookie issued by one node is read by another.
/// </summary>
public static class ScaleOutSetup
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        var protection = builder.Services.AddDataProtection().SetApplicationName("SchoolJournal");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var multiplexer = ConnectionMultiplexer.Connect(redis);
            builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
            protection.PersistKeysToStackExchangeRedis(multiplexer, "schooljournal:dataprotection-keys");
            builder.Services.AddStackExchangeRedisCache(o =>
            {
                o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer);
                o.InstanceName = "schooljournal:";
            });
        }
        else
        {
            var keys = builder.Configuration["DataProtection:KeysPath"] ?? Path.Combine(builder.Environment.ContentRootPath, "data", "keys");
            Directory.CreateDirectory(keys);
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
            builder.Services.AddDistributedMemoryCache();
        }
        return builder;
    }
}
