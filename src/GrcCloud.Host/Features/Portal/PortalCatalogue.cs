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
    ServiceView Service, IReadOnlyList<FormField> Fields, string FamilySlug)
{
    /// <summary>What a submission records (so it needs not read the theme again).</summary>
    public Guid Id { get; init; }
    public Guid ServiceId { get; init; }
    public int FormVersion { get; init; }
    /// <summary>A report (signalement): no decision follows, so no appeal routes.</summary>
    public bool IsReport { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
}

public sealed record FamilyView(string Slug, string Title, string? Description, IReadOnlyList<ThemeView> Themes);

/// <summary>The town's published catalogue as the portal shows it (active themes only).</summary>
public sealed record CatalogueView(TownView Town, IReadOnlyList<FamilyView> Families)
{
    public ThemeView? FindTheme(string slug) =>
        Families.SelectMany(f => f.Themes).FirstOrDefault(t => t.Slug == slug);
}

public sealed record FamilySummary(string Slug, string Title, string? Description, int ThemeCount);

/// <summary>
/// Reads the current town's portal data once per catalogue version and keeps it in memory. Keys
/// hold the town's id and its catalogue version (from the registry, which every instance reloads on
/// change), so a town never sees another's entry and an edit is seen at once everywhere.
/// The town's identity and its home summary are small and always kept; the full catalogue (forms
/// included, some 200 kB a town) lives in a bounded cache so a thousand towns do not pile up.
/// </summary>
public sealed class PortalCatalogue(TenantContext tenantContext, IServiceProvider services, IMemoryCache cache, PortalCatalogueCache catalogues)
{
    private static readonly MemoryCacheEntryOptions SmallEntry = new() { SlidingExpiration = TimeSpan.FromMinutes(30) };

    public Task<TownView> GetTownAsync(CancellationToken cancellationToken = default) =>
        GetOrLoadAsync("town", async (db, tenant) => await db.Settings.AsNoTracking()
            .Select(s => new TownView(tenant.Slug, s.Name, s.PrimaryColor, s.AccentColor, s.Logo != null,
                s.ContactAddress, s.ContactPhone, s.ContactEmail, s.ContactHours, s.EmergencyBanner, s.AppealText))
            .SingleAsync(cancellationToken));

    public Task<IReadOnlyList<FamilySummary>> GetFamiliesAsync(CancellationToken cancellationToken = default) =>
        GetOrLoadAsync<IReadOnlyList<FamilySummary>>("families", async (db, _) => await db.Families.AsNoTracking()
            .Where(f => f.Themes.Any(t => t.IsActive))
            .OrderBy(f => f.Position)
            .Select(f => new FamilySummary(f.Slug, f.Title, f.Description, f.Themes.Count(t => t.IsActive)))
            .ToListAsync(cancellationToken));

    public async Task<CatalogueView> GetAsync(CancellationToken cancellationToken = default)
    {
        var tenant = tenantContext.Required;
        var key = $"catalogue:{tenant.Id:N}:{tenant.CatalogueVersion}";
        if (catalogues.Cache.TryGetValue(key, out CatalogueView? cached) && cached is not null)
            return cached;
        var view = await LoadCatalogueAsync(await GetTownAsync(cancellationToken), cancellationToken);
        catalogues.Cache.Set(key, view, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30), Size = PortalCatalogueCache.EstimateBytes(view) });
        return view;
    }

    /// <summary>
    /// The bodies of the town's "acknowledged" reply templates, by theme (null: town-wide), for the
    /// automatic first reply of every submission. Reply templates are edited through the catalogue
    /// changes, which bump the version of the key.
    /// </summary>
    public Task<IReadOnlyDictionary<Guid, string>> GetAcknowledgementRepliesAsync(CancellationToken cancellationToken = default) =>
        GetOrLoadAsync<IReadOnlyDictionary<Guid, string>>("acknowledgement-replies", async (db, _) => (await db.ReplyTemplates.AsNoTracking()
                .Where(t => t.Status == RequestStatus.Acknowledged)
                .Select(t => new { ThemeId = t.ThemeId ?? Guid.Empty, t.Body, t.Id })
                .ToListAsync(cancellationToken))
            .GroupBy(t => t.ThemeId).ToDictionary(g => g.Key, g => g.MinBy(t => t.Id)!.Body));

    public Task<(byte[] Content, string ContentType)?> GetLogoAsync(CancellationToken cancellationToken = default) =>
        GetOrLoadAsync("logo", async (db, _) =>
        {
            // An anonymous type, not a tuple: EF turns a tuple projection into a PostgreSQL record, which Npgsql refuses to read.
            var logo = await db.Settings.AsNoTracking()
                .Where(s => s.Logo != null && s.LogoContentType != null)
                .Select(s => new { s.Logo, s.LogoContentType })
                .FirstOrDefaultAsync(cancellationToken);
            return logo is null ? ((byte[], string)?)null : (logo.Logo!, logo.LogoContentType!);
        });

    private async Task<T> GetOrLoadAsync<T>(string what, Func<TenantDbContext, TenantInfo, Task<T>> load)
    {
        var tenant = tenantContext.Required;
        var key = $"{what}:{tenant.Id:N}:{tenant.CatalogueVersion}";
        if (cache.TryGetValue(key, out T? cached))
            return cached!;
        var value = await load(services.GetRequiredService<TenantDbContext>(), tenant);
        cache.Set(key, value, SmallEntry);
        return value;
    }

    private async Task<CatalogueView> LoadCatalogueAsync(TownView town, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TenantDbContext>();
        var townServices = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var families = await db.Families.AsNoTracking().OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var themes = await db.Themes.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Position).ToListAsync(cancellationToken);

        var familyViews = families
            .Select(f => new FamilyView(f.Slug, f.Title, f.Description,
                [.. themes.Where(t => t.FamilyId == f.Id).Select(t => ToView(t, f.Slug, townServices[t.ServiceId]))]))
            .Where(f => f.Themes.Count > 0)
            .ToList();
        return new CatalogueView(town, familyViews);
    }

    private static ThemeView ToView(Theme t, string familySlug, TownService s) => new(
        t.Slug, t.Title, t.Summary, t.Notice, t.DueDays, t.Identification, t.Silence,
        t.GuardRailMessage, t.GuardRailCallNumber, t.GuardRailCallLabel,
        new ServiceView(s.Slug, s.Name, s.Email, s.Phone), t.Fields, familySlug)
    {
        Id = t.Id,
        ServiceId = t.ServiceId,
        FormVersion = t.FormVersion,
        IsReport = t.IsReport,
        Keywords = t.Keywords,
    };
}

/// <summary>The bounded cache of full catalogues, shared by all towns (entries keyed by town).</summary>
public sealed class PortalCatalogueCache : IDisposable
{
    /// <summary>About 300 towns' catalogues; the least recently used go first.</summary>
    public const long SizeLimitBytes = 64L * 1024 * 1024;

    public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes, CompactionPercentage = 0.25 });

    /// <summary>A rough size: two bytes a character of the texts, plus a fixed cost per object.</summary>
    public static long EstimateBytes(CatalogueView view) =>
        view.Families.Sum(f => 200 + f.Themes.Sum(t =>
            400 + 2L * ((t.Title.Length) + t.Keywords.Sum(k => k.Length + 20) + (t.Summary?.Length ?? 0) + (t.Notice?.Length ?? 0) + (t.GuardRailMessage?.Length ?? 0))
            + t.Fields.Sum(x => 300 + 2L * (x.Label.Length + (x.Help?.Length ?? 0) + (x.Options?.Sum(o => o.Length + 20) ?? 0)))));

    public void Dispose() => Cache.Dispose();
}
