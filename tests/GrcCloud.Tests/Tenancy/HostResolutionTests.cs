using GrcCloud.Tenancy;

namespace GrcCloud.Tests.Tenancy;

/// <summary>The host-strategy table: which host names reach which town, in the manner of Finbuckle's tests.</summary>
public sealed class HostResolutionTests
{
    private static readonly TenantInfo Lavaur = Town("lavaur", "demarches.ville-lavaur.fr");
    private static readonly TenantInfo SaintEtienne = Town("saint-etienne", "xn--dmarches-saint-tienne-b5bo.fr");
    // Reserved words cannot be provisioned; these two simulate a corrupt registry to show the resolver holds anyway.
    private static readonly TenantInfo Www = Town("www");
    private static readonly TenantInfo Ops = Town("ops");

    private static TenantInfo Town(string slug, params string[] hosts) =>
        new(Guid.NewGuid(), slug, slug, TenantNames.SchemaFor(slug), [.. hosts], TenantStatus.Active, "81140", null);

    private static TenantHostResolver Resolver(string baseDomain = "localhost")
    {
        var options = new TenancyOptions { BaseDomain = baseDomain };
        var registry = new TenantRegistry(new NoStore(), options);
        registry.Replace([Lavaur, SaintEtienne, Www, Ops]);
        return new TenantHostResolver(registry, options);
    }

    [Theory]
    [InlineData("lavaur.localhost", "lavaur")]
    [InlineData("LAVAUR.localhost", "lavaur")]
    [InlineData("Lavaur.LocalHost", "lavaur")]
    [InlineData("lavaur.localhost.", "lavaur")]
    [InlineData("demarches.ville-lavaur.fr", "lavaur")]
    [InlineData("DEMARCHES.Ville-Lavaur.FR", "lavaur")]
    [InlineData("saint-etienne.localhost", "saint-etienne")]
    [InlineData("xn--dmarches-saint-tienne-b5bo.fr", "saint-etienne")]
    [InlineData("XN--DMARCHES-SAINT-TIENNE-B5BO.FR", "saint-etienne")]
    [InlineData("démarches-saint-étienne.fr", "saint-etienne")]
    public void A_town_host_resolves_to_its_town(string host, string expectedSlug)
    {
        var resolution = Resolver().Resolve(host);

        Assert.Equal(SiteKind.Town, resolution.Kind);
        Assert.Equal(expectedSlug, resolution.Tenant!.Slug);
    }

    [Theory]
    [InlineData("ops.localhost")]
    [InlineData("OPS.localhost")]
    public void The_operator_host_is_the_vendor_console_never_a_town(string host)
    {
        var resolution = Resolver().Resolve(host);

        Assert.Equal(SiteKind.Operator, resolution.Kind);
        Assert.Null(resolution.Tenant);
    }

    [Theory]
    [InlineData("www.localhost")]
    [InlineData("api.localhost")]
    [InlineData("admin.localhost")]
    [InlineData("static.localhost")]
    [InlineData("WWW.localhost")]
    public void Reserved_names_are_never_towns_even_if_the_registry_had_one(string host)
    {
        var resolution = Resolver().Resolve(host);

        Assert.Equal(SiteKind.Unknown, resolution.Kind);
        Assert.Null(resolution.Tenant);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("albi.localhost")]
    [InlineData("lavaur.localhost.evil.com")]
    [InlineData("evil.lavaur.localhost")]
    [InlineData("lavaur")]
    [InlineData("lavaur.example.org")]
    [InlineData("ville-lavaur.fr")]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_host_reaches_no_town_and_there_is_no_fallback(string? host)
    {
        var resolution = Resolver().Resolve(host);

        Assert.Equal(SiteKind.Unknown, resolution.Kind);
        Assert.Null(resolution.Tenant);
    }

    [Theory]
    [InlineData("lavaur.grccloud.fr", SiteKind.Town)]
    [InlineData("ops.grccloud.fr", SiteKind.Operator)]
    [InlineData("lavaur.localhost", SiteKind.Unknown)]
    [InlineData("ops.localhost", SiteKind.Unknown)]
    public void Subdomains_follow_the_configured_base_domain(string host, SiteKind expected)
    {
        Assert.Equal(expected, Resolver("grccloud.fr").Resolve(host).Kind);
    }

    private sealed class NoStore : ITenantStore
    {
        public Task<IReadOnlyList<TenantInfo>> LoadAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TenantInfo>>([]);
    }
}
