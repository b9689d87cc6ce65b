using System.Collections.Frozen;

namespace GrcCloud.Tenancy;

/// <summary>Where the registry reads towns from (the platform schema in production).</summary>
public interface ITenantStore
{
    Task<IReadOnlyList<TenantInfo>> LoadAllAsync(CancellationToken cancellationToken);
}

/// <summary>
/// In-memory, read-optimised copy of the tenant registry. Readers never lock: a reload builds new
/// frozen maps and swaps one reference. Every instance reloads when PostgreSQL notifies a change.
/// </summary>
public sealed class TenantRegistry(ITenantStore store, TenancyOptions options) : IDisposable
{
    private sealed record Snapshot(
        FrozenDictionary<string, TenantInfo> ByHost,
        FrozenDictionary<string, TenantInfo> BySlug,
        FrozenDictionary<Guid, TenantInfo> ById);

    private static readonly Snapshot Empty = new(
        FrozenDictionary<string, TenantInfo>.Empty,
        FrozenDictionary<string, TenantInfo>.Empty,
        FrozenDictionary<Guid, TenantInfo>.Empty);

    private volatile Snapshot _snapshot = Empty;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);

    public event Action? Reloaded;

    public IReadOnlyCollection<TenantInfo> All => _snapshot.ById.Values;

    public TenantInfo? FindByHost(string normalizedHost) =>
        _snapshot.ByHost.GetValueOrDefault(normalizedHost);

    public TenantInfo? FindBySlug(string slug) => _snapshot.BySlug.GetValueOrDefault(slug);

    public TenantInfo? FindById(Guid id) => _snapshot.ById.GetValueOrDefault(id);

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken);
        try
        {
            var tenants = await store.LoadAllAsync(cancellationToken);
            Replace(tenants);
        }
        finally
        {
            _reloadGate.Release();
        }
        Reloaded?.Invoke();
    }

    /// <summary>Installs a snapshot directly (tests and benchmarks without a database).</summary>
    public void Replace(IEnumerable<TenantInfo> tenants)
    {
        var list = tenants.ToList();
        var byHost = new Dictionary<string, TenantInfo>(StringComparer.Ordinal);
        foreach (var tenant in list)
        {
            byHost[$"{tenant.Slug}.{options.BaseDomain}"] = tenant;
            foreach (var host in tenant.Hosts)
                byHost[host] = tenant;
        }
        _snapshot = new Snapshot(
            byHost.ToFrozenDictionary(StringComparer.Ordinal),
            list.ToFrozenDictionary(t => t.Slug, StringComparer.Ordinal),
            list.ToFrozenDictionary(t => t.Id));
    }

    public void Dispose() => _reloadGate.Dispose();
}
