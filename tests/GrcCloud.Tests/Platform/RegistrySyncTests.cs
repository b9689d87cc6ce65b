using System.Diagnostics;
using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Platform;

/// <summary>Two host instances on one database: a town created through one is served by the other within a second.</summary>
public sealed class RegistrySyncTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_town_created_through_one_instance_is_served_by_the_other_within_a_second()
    {
        await using var first = await TestPlatform.StartAsync(postgres);
        await using var second = await TestPlatform.StartAsync(postgres, first.ConnectionString);
        // Warm the second instance up on another town, so the measure is the registry's propagation, not a first page render.
        await first.ProvisionAsync("lavaur", "Lavaur", "81140");
        await second.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == GrcCloud.Tenancy.TenantStatus.Active);
        using var warm = second.ClientFor("lavaur.localhost");
        Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        using var client = second.ClientFor("rabastens.localhost");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);

        await first.ProvisionAsync("rabastens", "Rabastens", "81220");
        var served = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode;
        }
        while (status != HttpStatusCode.OK && served.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(served.Elapsed < TimeSpan.FromSeconds(1), $"servi par la seconde instance après {served.ElapsedMilliseconds} ms");
    }
}
