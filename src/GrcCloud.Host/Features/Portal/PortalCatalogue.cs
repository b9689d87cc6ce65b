using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GrcCloud.Host.Features.Portal;

public sealed record TownView(
    string Slug, string Name, string PrimaryColor, string AccentColor, bool HasLogo,
    string? ContactAddress, string? ContactPhone, string? ContactEmail, string? ContactHours,
    string? EmergencyBanner, string AppealText);

public sealed record ServiceView(string Slug, string Name, string? Email, string? Phone);

public sealed record ThemeView(
    string Slug, string Title, string? Summary, string? Notice, int DueDays,
    IdentificationRequirement Identification, SilenceMeaning Silence,
    string? GuardRailMessage, string? GuardRailCallNumber, string? GuardRailCallLabel,
    ServiceView Service, IReadOnlyList<FormField> Fields, string FamilySlug);

public sealed record FamilyView(string Slug, string Title, string? Description, IReadOnlyList<ThemeView> Themes);

/// <summary>The town's published catalogue as the portal shows it (active themes only).</summary>
public sealed record CatalogueView(TownView Town, IReadOnlyList<FamilyView> Families)
{
    public ThemeView? FindTheme(string slug) =>
        Families.SelectMany(f => f.Themes).FirstOrDefault(t => t.Slug == slug);
}

/// <summary>
/// Reads the current town's catalogue once per catalogue version and keeps it in memory. The key
/// holds the town's id and its catalogue version (from the registry, which every instance reloads
/// on change), so a town never sees another's entry and an edit is seen at once everywhere.
/// </summary>
public sealed class PortalCatalogue(TenantContext tenantContext, IServiceProvider services, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { SlidingExpiration = TimeSpan.FromMinutes(30) };

    public async Task<CatalogueView> GetAsync(CancellationToken cancellationToken = default)
    {
        var tenant = tenantContext.Required;
        var key = $"catalogue:{tenant.Id:N}:{tenant.CatalogueVersion}";
        if (cache.TryGetValue(key, out CatalogueView? cached) && cached is not null)
            return cached;
        var view = await LoadAsync(tenant, cancellationToken);
        cache.Set(key, view, EntryOptions);
        return view;
    }

    public async Task<(byte[] Content, string ContentType)?> GetLogoAsync(CancellationToken cancellationToken = default)
    {
        var tenant = tenantContext.Required;
        var key = $"logo:{tenant.Id:N}:{tenant.CatalogueVersion}";
        if (!cache.TryGetValue(key, out (byte[], string)? logo))
        {
            var db = services.GetRequiredService<TenantDbContext>();
            logo = await db.Settings.AsNoTracking()
                .Where(s => s.Logo != null && s.LogoContentType != null)
                .Select(s => new ValueTuple<byte[], string>(s.Logo!, s.LogoContentType!))
                .Cast<(byte[], string)?>()
                .FirstOrDefaultAsync(cancellationToken);
            cache.Set(key, logo, EntryOptions);
        }
        return logo;
    }

    private async Task<CatalogueView> LoadAsync(TenantInfo tenant, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TenantDbContext>();
        var settings = await db.Settings.AsNoTracking()
            .Select(s => new TownView(tenant.Slug, s.Name, s.PrimaryColor, s.AccentColor, s.Logo != null,
                s.ContactAddress, s.ContactPhone, s.ContactEmail, s.ContactHours, s.EmergencyBanner, s.AppealText))
            .SingleAsync(cancellationToken);
        var services_ = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var families = await db.Families.AsNoTracking().OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var themes = await db.Themes.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Position).ToListAsync(cancellationToken);

        var familyViews = families
            .Select(f => new FamilyView(f.Slug, f.Title, f.Description,
                [.. themes.Where(t => t.FamilyId == f.Id).Select(t => ToView(t, f.Slug, services_[t.ServiceId]))]))
            .Where(f => f.Themes.Count > 0)
            .ToList();
        return new CatalogueView(settings, familyViews);
    }

    private static ThemeView ToView(Theme t, string familySlug, TownService s) => new(
        t.Slug, t.Title, t.Summary, t.Notice, t.DueDays, t.Identification, t.Silence,
        t.GuardRailMessage, t.GuardRailCallNumber, t.GuardRailCallLabel,
        new ServiceView(s.Slug, s.Name, s.Email, s.Phone), t.Fields, familySlug);
}
