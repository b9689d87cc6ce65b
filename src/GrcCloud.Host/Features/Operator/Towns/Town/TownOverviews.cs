using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>Whether a town has FranceConnect credentials: never the secret, only that one is stored.</summary>
public sealed record FranceConnectOverview(string Environment, string ClientId, bool SecretIsSet, DateTimeOffset UpdatedAt);

public sealed record TownExportOverview(Guid Id, string Kind, string FileName, long SizeBytes, string Sha256, DateTimeOffset CreatedAt, string CreatedBy, bool FileExists);

/// <summary>Everything the town's page and <c>tenants show</c> tell about one town.</summary>
public sealed record TownOverview(
    Guid Id, string Slug, string Name, TenantStatus Status, string StatusLabel, string? StatusReason,
    string? PlanName, string InseeCode, string? Siret, string? AddressLine, string? PostalCode, string? City,
    string? ContactPhone, string? ContactEmail, string? ContactAddress, CommuneArea? Area, string? SupervisorEmail,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string PortalAddress, IReadOnlyList<string> CustomDomains,
    FranceConnectOverview? FranceConnect, IReadOnlyList<string> FranceConnectRedirectUris, IReadOnlyList<string> FranceConnectPostLogoutRedirectUris,
    DateTimeOffset? CancelledAt, DateTimeOffset? PurgeAfter, DateTimeOffset? PurgedAt, string? PurgeRefusal,
    IReadOnlyList<TownExportOverview> Exports);

public sealed class TownOverviews(PlatformDbContext db, TownLifecycle lifecycle, TownExports exports, TenancyOptions tenancy)
{
    public async Task<TownOverview?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        var town = await db.Tenants.AsNoTracking().Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return null;
        var plan = town.PlanId is { } planId ? await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var fc = await db.FranceConnectCredentials.AsNoTracking().Where(c => c.TenantId == town.Id)
            .Select(c => new FranceConnectOverview(c.Environment, c.ClientId, c.ProtectedClientSecret != "", c.UpdatedAt)).SingleOrDefaultAsync(cancellationToken);
        var hosts = town.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal).ToList();
        var (redirects, postLogout) = TownConfiguration.FranceConnectReturns(tenancy, town.Slug, hosts);
        var files = (await exports.ListAsync(town.Id, cancellationToken))
            .Select(e => new TownExportOverview(e.Id, e.Kind, Path.GetFileName(e.Path), e.SizeBytes, e.Sha256, e.CreatedAt, e.CreatedBy, File.Exists(e.Path))).ToList();
        return new TownOverview(
            town.Id, town.Slug, town.Name, town.Status, TownStatusLabels.Of(town.Status), town.StatusReason,
            plan, town.InseeCode, town.Siret, town.AddressLine, town.PostalCode, town.City,
            town.ContactPhone, town.ContactEmail, town.ContactAddress, town.Area, town.SupervisorEmail,
            town.CreatedAt, town.UpdatedAt, tenancy.PublicOrigin(town.Slug), hosts,
            fc, redirects, postLogout,
            town.CancelledAt, town.PurgeAfter, town.PurgedAt, await lifecycle.PurgeRefusalAsync(town, cancellationToken), files);
    }
}
