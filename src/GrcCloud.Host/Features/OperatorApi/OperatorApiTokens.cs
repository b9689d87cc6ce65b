using System.Security.Cryptography;
using System.Text;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>A token just created: its text is shown once and never stored.</summary>
public sealed record IssuedOperatorToken(Guid Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// The operators' API tokens: <c>grcops_</c> followed by 32 random bytes (base64url). The platform keeps
/// only their SHA-256, so a copy of the database opens nothing. Used by the console page and the command line.
/// </summary>
public sealed class OperatorApiTokens(PlatformDbContext db, TimeProvider clock, OperatorAudit audit)
{
    public const string Prefix = "grcops_";
    public const int MaxNameLength = 100;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);
    /// <summary>Longest lifetime one may ask for: a token that never expires is a token forgotten.</summary>
    public const int MaxLifetimeDays = 730;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>What is wrong with a name or a lifetime, by field; empty when both are fine.</summary>
    public static Dictionary<string, string[]> Validate(string? name, int? days)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name))
            errors["name"] = ["Donnez un nom au jeton (par exemple l'outil qui l'utilise)."];
        else if (name.Trim().Length > MaxNameLength || name.Any(char.IsControl))
            errors["name"] = [$"Le nom fait au plus {MaxNameLength} caractères, sans caractère de contrôle."];
        if (days is not null && (days < 1 || days > MaxLifetimeDays))
            errors["expiresInDays"] = [$"La durée de validité est comprise entre 1 et {MaxLifetimeDays} jours."];
        return errors;
    }

    /// <summary>Creates a token for <paramref name="account"/>; <paramref name="actor"/> is who asked (the console's operator, or null for the command line).</summary>
    public async Task<IssuedOperatorToken> CreateAsync(OperatorAccount account, string name, int? days, OperatorActor? actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var record = new OperatorApiToken
        {
            Id = Guid.CreateVersion7(),
            OperatorId = account.Id,
            Name = name.Trim(),
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + (days is { } d ? TimeSpan.FromDays(d) : DefaultLifetime),
        };
        db.OperatorApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        var details = $"Jeton « {record.Name} » de {account.Email} (expire le {record.ExpiresAt:yyyy-MM-dd})";
        if (actor is null)
            await audit.RecordCommandAsync(OperatorActions.ApiTokenCreated, null, details);
        else
            await audit.RecordAsync(OperatorActions.ApiTokenCreated, actor.Id, actor.Email, null, details);
        return new IssuedOperatorToken(record.Id, record.Name, token, record.CreatedAt, record.ExpiresAt);
    }

    /// <summary>Revokes a token; false when it does not exist or was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, OperatorActor? actor, CancellationToken cancellationToken)
    {
        var token = await db.OperatorApiTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || token.RevokedAt is not null)
            return false;
        token.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var owner = await db.Users.Where(o => o.Id == token.OperatorId).Select(o => o.Email).SingleOrDefaultAsync(cancellationToken);
        var details = $"Jeton « {token.Name} » de {owner}";
        if (actor is null)
            await audit.RecordCommandAsync(OperatorActions.ApiTokenRevoked, null, details);
        else
            await audit.RecordAsync(OperatorActions.ApiTokenRevoked, actor.Id, actor.Email, null, details);
        return true;
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The operator acting in the console or through the API, for the audit log.</summary>
public sealed record OperatorActor(Guid? Id, string Email);
