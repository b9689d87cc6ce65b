using BenchmarkDotNet.Attributes;
using GrcCloud.Tenancy;

namespace GrcCloud.Benchmarks;

/// <summary>(c) The cost of resolving a request's town from its host, with 1,000 towns in the registry.</summary>
[MemoryDiagnoser]
[InProcess] // in this process: a generated project would inherit the repository's build rules
public class TenantResolutionBenchmark
{
    private TenantHostResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new TenancyOptions { BaseDomain = "grccloud.fr" };
        var registry = new TenantRegistry(new NoStore(), options);
        registry.Replace(Enumerable.Range(0, 1000).Select(i => new TenantInfo(
            Guid.NewGuid(), $"commune-{i}", $"Commune {i}", $"t_commune_{i}",
            i % 10 == 0 ? [$"demarches.commune-{i}.fr"] : [], TenantStatus.Active, "81140", null)));
        _resolver = new TenantHostResolver(registry, options);
    }

    [Benchmark(Baseline = true)]
    public SiteResolution Subdomain() => _resolver.Resolve("commune-537.grccloud.fr");

    [Benchmark]
    public SiteResolution SubdomainInCapitals() => _resolver.Resolve("Commune-537.GrcCloud.fr");

    [Benchmark]
    public SiteResolution CustomDomain() => _resolver.Resolve("demarches.commune-540.fr");

    [Benchmark]
    public SiteResolution UnknownHost() => _resolver.Resolve("inconnue.grccloud.fr");

    private sealed class NoStore : ITenantStore
    {
        public Task<IReadOnlyList<TenantInfo>> LoadAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TenantInfo>>([]);
    }
}
