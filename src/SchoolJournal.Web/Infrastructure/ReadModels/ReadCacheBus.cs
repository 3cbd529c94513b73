using StackExchange.Redis;

namespace SchoolJournal.Web.Infrastructure.ReadModels;

/// <summary>
/// Carries a save's bumps to this node's <see cref="ReadCache"/> at once and, when the app runs on several nodes
/// (ConnectionStrings:Redis), to every other node through one Redis channel: a parent on node B reads the mark a teacher
/// wrote through node A. A node that lost its Redis link may have missed bumps: when the link comes back it drops its
/// whole cache. A message is the sending node's id, then either nothing (drop everything) or the bumped dependencies.
/// </summary>
public sealed class ReadCacheBus
{
    private readonly ReadCache _cache;
    private readonly ISubscriber? _subscriber;
    private readonly RedisChannel _channel;
    private readonly byte[] _node = Guid.NewGuid().ToByteArray();

    public ReadCacheBus(ReadCache cache, IConfiguration config, IServiceProvider services)
    {
        _cache = cache;
        _channel = RedisChannel.Literal((config["Redis:ChannelPrefix"] ?? "schooljournal:") + "read-cache");
        if (services.GetService<IConnectionMultiplexer>() is not { } redis) return;
        _subscriber = redis.GetSubscriber();
        _subscriber.Subscribe(_channel, (_, message) => Receive(message));
        redis.ConnectionRestored += (_, _) => _cache.Flush();
        redis.ConnectionFailed += (_, _) => _cache.Flush();
    }

    /// <summary>These rows changed and their transaction committed.</summary>
    public void Publish(IReadOnlyCollection<long> deps)
    {
        _cache.Bump(deps);
        if (_subscriber is null) return;
        var message = new byte[_node.Length + deps.Count * sizeof(long)];
        _node.CopyTo(message, 0);
        var at = _node.Length;
        foreach (var dep in deps)
        {
            BitConverter.TryWriteBytes(message.AsSpan(at), dep);
            at += sizeof(long);
        }
        _subscriber.Publish(_channel, message, CommandFlags.FireAndForget);
    }

    /// <summary>A change no dependency names (a bulk import, a login's roles): every node drops its whole cache.</summary>
    public void PublishFlush()
    {
        _cache.Flush();
        _subscriber?.Publish(_channel, _node, CommandFlags.FireAndForget);
    }

    private void Receive(RedisValue value)
    {
        byte[]? message = value;
        if (message is null || message.Length < _node.Length || message.AsSpan(0, _node.Length).SequenceEqual(_node)) return;
        var body = message.AsSpan(_node.Length);
        if (body.Length == 0)
        {
            _cache.Flush();
            return;
        }
        var deps = new long[body.Length / sizeof(long)];
        for (var i = 0; i < deps.Length; i++) deps[i] = BitConverter.ToInt64(body.Slice(i * sizeof(long), sizeof(long)));
        _cache.Bump(deps);
    }
}

public static class ReadCacheSetup
{
    public static IServiceCollection AddReadCache(this IServiceCollection services)
    {
        services.AddSingleton<ReadCache>();
        services.AddSingleton<ReadCacheBus>();
        services.AddSingleton<ReadCacheInterceptor>();
        // The bus subscribes to the other nodes' bumps when it is made: at start, not at this node's first write.
        services.AddHostedService<ReadCacheSubscription>();
        return services;
    }

    private sealed class ReadCacheSubscription(ReadCacheBus bus) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(bus);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
