using System.Security.Cryptography;
using System.Text;
using GrcCloud.Data.Towns;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Open311;

/// <summary>
/// The town's Open311 API keys: issued once (only their SHA-256 is kept), checked on each post, revoked
/// by a supervisor. Keys live in the town's schema, so a key of one town means nothing on another's host.
/// </summary>
public sealed class Open311Keys(TenantDbContext db, TimeProvider clock)
{
    public const string Prefix = "o311_";
    public const int NameMax = 100;

    /// <summary>Creates a key; returns the key text, to be shown once.</summary>
    public (Open311ApiKey Key, string Secret) Issue(string name)
    {
        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var key = new Open311ApiKey { Id = Guid.CreateVersion7(), Name = name, KeyHash = Hash(secret), CreatedAt = clock.GetUtcNow() };
        db.Open311ApiKeys.Add(key);
        return (key, secret);
    }

    /// <summary>The key presented, when it is one of the town's and not revoked; its last use is recorded.</summary>
    public async Task<Open311ApiKey?> CheckAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
            return null;
        var hash = Hash(presented);
        var key = await db.Open311ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null)
            return null;
        // One statement, outside the request's own save: the key's use is noted even when the post is refused later.
        await db.Open311ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, clock.GetUtcNow()), cancellationToken);
        return key;
    }

    public Task<List<Open311ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        db.Open311ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
