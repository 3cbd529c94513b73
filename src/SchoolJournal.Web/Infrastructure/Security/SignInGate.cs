using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using SchoolJournal.Web.Data;

namespace SchoolJournal.Web.Infrastructure.Security;

public enum SignInVerdict
{
    Ok,
    Wrong,
    Throttled,
    Locked,
}

/// <summary>
/// The one check of a login and password, for the login page and the API (R-SEC-8). An unknown login and a wrong password
/// get the same answer after the same work (a password hash is checked either way). Wrong passwords are counted per login
/// and client: after <c>Security:MaxFailedAccessAttempts</c> in <c>Security:LockoutMinutes</c> that client is told to wait,
/// whether the login exists or not, while the person himself signs in from his own device as usual; the account is locked
/// (and the lock audited) only when <c>Security:LockoutClients</c> different clients have each used up their attempts, so
/// one stranger cannot lock anybody out. A lock set by the administration is told only to the right password.
/// </summary>
public sealed class SignInGate(UserManager<AppUser> users, SignInManager<AppUser> signIn, FailedSignIns failures, TimeProvider time)
{
    /// <summary>The verdict; <see cref="LockedNow"/>: this wrong password has just locked <see cref="User"/> (to audit, not to tell).</summary>
    public sealed record Result(SignInVerdict Verdict, AppUser? User)
    {
        public bool LockedNow { get; init; }
    }

    public async Task<Result> CheckAsync(string login, string password, HttpContext http)
    {
        var name = users.NormalizeName(login.Trim());
        var client = ClientKey(http);
        if (failures.IsThrottled(name, client)) return new(SignInVerdict.Throttled, null);
        var user = await users.FindByNameAsync(login.Trim());
        var right = user is null ? failures.VerifyDecoy(users.PasswordHasher, password) : await users.CheckPasswordAsync(user, password);
        if (!right)
        {
            if (failures.Fail(name, client) && user is not null && !await users.IsLockedOutAsync(user))
            {
                // Identity compares a lock with the system clock, not with the app's TimeProvider.
                await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.Add(failures.LockoutTime));
                return new(SignInVerdict.Wrong, user) { LockedNow = true };
            }
            return new(SignInVerdict.Wrong, null);
        }
        if (await users.IsLockedOutAsync(user!)) return new(SignInVerdict.Locked, user);
        if (!await signIn.CanSignInAsync(user!)) return new(SignInVerdict.Wrong, null);
        failures.Forget(name, client);
        user!.LastSignInAt = time.GetUtcNow(); // the administrator's list shows it (R-SEC-3)
        await users.UpdateAsync(user);
        return new(SignInVerdict.Ok, user);
    }

    /// <summary>The client a request comes from (behind a proxy: ASPNETCORE_FORWARDEDHEADERS_ENABLED makes it the real one).</summary>
    public static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}

/// <summary>Wrong passwords per login and client, and which clients used up their attempts per login (one node's memory).</summary>
public sealed class FailedSignIns : IDisposable
{
    private readonly PartitionedRateLimiter<string> _attempts;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> _exhausted = new();
    private readonly int _clientsToLock;
    private readonly TimeProvider _time;
    private string? _decoy;

    // No password hasher here: Identity registers it scoped, and a singleton holding it fails the Development scope check.
    public FailedSignIns(IConfiguration config, TimeProvider time)
    {
        _time = time;
        var limit = Math.Max(1, config.GetValue("Security:MaxFailedAccessAttempts", 5));
        LockoutTime = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Security:LockoutMinutes", 15)));
        _clientsToLock = Math.Max(1, config.GetValue("Security:LockoutClients", 3));
        _attempts = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = LockoutTime, QueueLimit = 0 }));
    }

    public TimeSpan LockoutTime { get; }

    public bool IsThrottled(string login, string client) => _attempts.GetStatistics(login + "\n" + client)?.CurrentAvailablePermits == 0;

    /// <summary>Counts a wrong password; true when this client has just used up its attempts and enough clients have to lock.</summary>
    public bool Fail(string login, string client)
    {
        using var lease = _attempts.AttemptAcquire(login + "\n" + client);
        if (!IsThrottled(login, client)) return false;
        var now = _time.GetUtcNow();
        var clients = _exhausted.GetOrAdd(login, _ => new());
        clients[client] = now;
        foreach (var (old, at) in clients)
            if (now - at > LockoutTime) clients.TryRemove(old, out _);
        return clients.Count >= _clientsToLock;
    }

    public void Forget(string login, string client)
    {
        if (_exhausted.TryGetValue(login, out var clients)) clients.TryRemove(client, out _);
    }

    /// <summary>An unknown login costs one hash check too, so it cannot be told from a known one by the time of the answer.</summary>
    public bool VerifyDecoy(IPasswordHasher<AppUser> hasher, string password)
    {
        var decoy = LazyInitializer.EnsureInitialized(ref _decoy,
            () => hasher.HashPassword(new AppUser { DisplayName = "" }, Guid.NewGuid().ToString("N")));
        hasher.VerifyHashedPassword(new AppUser { DisplayName = "" }, decoy, password);
        return false;
    }

    public void Dispose() => _attempts.Dispose();
}

/// <summary>What the login page and the API tell a person whose sign-in was refused.</summary>
public static class SignInMessages
{
    public const string Wrong = "Неверный логин или пароль.";
    public const string Throttled = "Слишком много неудачных попыток входа с этого устройства. Подождите несколько минут или обратитесь "
        + "к администратору школы.";
    public const string Locked = "Учётная запись заблокирована. Обратитесь к администратору школы или классному руководителю.";
}
