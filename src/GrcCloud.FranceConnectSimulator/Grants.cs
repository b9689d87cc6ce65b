using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>An /authorize request that passed the checks and waits for the person on the login page.</summary>
internal sealed record PendingAuthorization(
    SimulatorClient Client, string RedirectUri, string[] Scopes, string State, string Nonce, string Acr);

/// <summary>What an authorization code is bound to: redeemed once, within 30 seconds.</summary>
internal sealed record AuthorizationCode(
    string ClientId, string RedirectUri, string[] Scopes, string Nonce, string Acr, string Login, DateTimeOffset AuthTime);

internal sealed record AccessToken(string ClientId, string Login, string[] Scopes, DateTimeOffset ExpiresAt);

internal sealed record SimulatorSession(string Login);

/// <summary>Everything short-lived the simulator holds, in memory: a restart forgets it, as a restart of FranceConnect would.</summary>
internal sealed class Grants(TimeProvider time)
{
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public ExpiringStore<PendingAuthorization> Pending { get; } = new(time);
    public ExpiringStore<AuthorizationCode> Codes { get; } = new(time);
    public ExpiringStore<AccessToken> AccessTokens { get; } = new(time);
    public ExpiringStore<SimulatorSession> Sessions { get; } = new(time);
}

/// <summary>Values behind random handles that stop being valid at a given time.</summary>
internal sealed class ExpiringStore<T>(TimeProvider time) where T : class
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset ExpiresAt)> _items = new(StringComparer.Ordinal);

    /// <summary>Stores the value and returns its handle: 32 random bytes, base64url.</summary>
    public string Add(T value, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        // Expired entries are swept at each insertion: the simulator holds few of them.
        foreach (var (handle, item) in _items)
        {
            if (item.ExpiresAt <= now)
                _items.TryRemove(handle, out _);
        }
        var key = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _items[key] = (value, now + lifetime);
        return key;
    }

    public T? Find(string? handle) =>
        handle is not null && _items.TryGetValue(handle, out var item) && time.GetUtcNow() < item.ExpiresAt ? item.Value : null;

    /// <summary>Finds and removes in one step: a second call with the same handle gets nothing.</summary>
    public T? Take(string? handle) =>
        handle is not null && _items.TryRemove(handle, out var item) && time.GetUtcNow() < item.ExpiresAt ? item.Value : null;

    public void Remove(string? handle)
    {
        if (handle is not null)
            _items.TryRemove(handle, out _);
    }
}
