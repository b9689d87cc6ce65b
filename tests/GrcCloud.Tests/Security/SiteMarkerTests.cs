using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Security;

/// <summary>
/// Every endpoint says which site it answers on (a town or the vendor console); one that forgets
/// answers nowhere. The route table is read from the running platform: a new endpoint is checked
/// without anyone listing it.
/// </summary>
public sealed class SiteMarkerTests(PostgresFixture postgres)
{
    /// <summary>The endpoints meant for every host, on purpose.</summary>
    private static readonly string[] EverySite = ["/health/live", "/health/ready", "/favicon.ico", TestPlatform.FailurePath];

    [Fact]
    public async Task Every_endpoint_of_the_route_table_carries_its_site_marker()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var endpoints = platform.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 100, $"{endpoints.Count} adresses");

        var unmarked = endpoints
            .Where(e => e.Metadata.GetMetadata<SiteAttribute>() is null && e.Metadata.GetMetadata<AnySiteAttribute>() is null)
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})").ToList();
        Assert.True(unmarked.Count == 0, "Sans marqueur de site : " + string.Join(", ", unmarked));

        var everywhere = endpoints.Where(e => e.Metadata.GetMetadata<AnySiteAttribute>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(EverySite.Order(StringComparer.Ordinal), everywhere);
    }

    [Fact]
    public void An_endpoint_without_a_marker_answers_on_no_site()
    {
        var unmarked = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "oubli");
        var town = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new SiteAttribute(SiteKind.Town)), "commune");
        var any = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AnySiteAttribute()), "sonde");

        foreach (var site in Enum.GetValues<SiteKind>())
        {
            Assert.False(SiteMatcherPolicy.AnswersOn(unmarked, site));
            Assert.Equal(site == SiteKind.Town, SiteMatcherPolicy.AnswersOn(town, site));
            Assert.True(SiteMatcherPolicy.AnswersOn(any, site));
        }
    }
}
