using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// One node keeps its data-protection keys under data/keys and caches in memory; several nodes share both
/// through Redis (ConnectionStrings:Redis), so a cookie issued by one node is read by another; and the diary's
/// SignalR messages go through Redis too (backplane), so a change written on one node reaches pages open on any.
/// </summary>
public static class ScaleOutSetup
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        var protection = builder.Services.AddDataProtection().SetApplicationName("SchoolJournal");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var options = ConfigurationOptions.Parse(redis);
            // SignalR's backplane names its channels after the hub; the prefix keeps them apart from other apps on this Redis.
            options.ChannelPrefix = RedisChannel.Literal(builder.Configuration["Redis:ChannelPrefix"] ?? "schooljournal:");
            var multiplexer = ConnectionMultiplexer.Connect(options);
            builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
            protection.PersistKeysToStackExchangeRedis(multiplexer, "schooljournal:dataprotection-keys");
            builder.Services.AddStackExchangeRedisCache(o =>
            {
                o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer);
                o.InstanceName = "schooljournal:";
            });
            builder.Services.AddSignalR().AddStackExchangeRedis(o => o.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(multiplexer));
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
