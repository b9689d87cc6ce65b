using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>A town's FranceConnect service-provider credentials, secret in clear (never logged, never shown).</summary>
public sealed record FranceConnectClientSettings(string Environment, string Issuer, string ClientId, string ClientSecret);

/// <summary>
/// Each town is its own FranceConnect service provider: its credentials live in the platform
/// schema, the secret encrypted with Data Protection (keys in the platform schema too).
/// </summary>
public sealed class FranceConnectCredentialsStore(PlatformDbContext platform, IDataProtectionProvider dataProtection, IConfiguration configuration, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Environments = ["simulator", "sandbox", "production"];

    private IDataProtector Protector => dataProtection.CreateProtector("grc.franceconnect.client-secret");

    public string? IssuerOf(string environment) => configuration[$"GrcCloud:FranceConnect:Environments:{environment}:Issuer"];

    public async Task<FranceConnectClientSettings?> FindAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var credentials = await platform.FranceConnectCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);
        if (credentials is null || IssuerOf(credentials.Environment) is not { Length: > 0 } issuer)
            return null;
        return new FranceConnectClientSettings(credentials.Environment, issuer, credentials.ClientId, Protector.Unprotect(credentials.ProtectedClientSecret));
    }

    public async Task SetAsync(Guid tenantId, string environment, string clientId, string clientSecret, CancellationToken cancellationToken = default)
    {
        if (!Environments.Contains(environment))
            throw new ArgumentException($"environnement FranceConnect « {environment} » inconnu (attendu : {string.Join(", ", Environments)})", nameof(environment));
        var existing = await platform.FranceConnectCredentials.SingleOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);
        if (existing is null)
        {
            existing = new FranceConnectCredentials { TenantId = tenantId, Environment = environment, ClientId = clientId, ProtectedClientSecret = "" };
            platform.FranceConnectCredentials.Add(existing);
        }
        existing.Environment = environment;
        existing.ClientId = clientId;
        existing.ProtectedClientSecret = Protector.Protect(clientSecret);
        existing.UpdatedAt = clock.GetUtcNow();
        await platform.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The button, and whether the separator "ou" follows it (before a local form).</summary>
public sealed record FranceConnectButtonModel(bool Enabled, string Label, string StartUrl, bool Separator = true);

/// <summary>Whether the current town offers FranceConnect, and the button that starts it.</summary>
public sealed class FranceConnectAvailability(FranceConnectCredentialsStore store, TenantContext tenant)
{
    public async Task<FranceConnectButtonModel> ButtonAsync(string label, string? returnUrl = null)
    {
        var settings = await store.FindAsync(tenant.Required.Id);
        var start = "/connexion/franceconnect" + (ReturnUrls.IsLocal(returnUrl) ? QueryString.Create("retour", returnUrl!) : QueryString.Empty);
        return new FranceConnectButtonModel(settings is not null, label, start.ToString());
    }
}
