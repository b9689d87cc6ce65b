using System.Collections.Concurrent;
using System.Text.Json;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>Address suggestions come from the Base Adresse Nationale for the town's own commune; when it is unreachable, the field stays free text.</summary>
public sealed class AddressSuggestionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Suggestions_are_asked_for_the_towns_commune_and_an_unreachable_service_gives_an_empty_list()
    {
        // A stand-in for api-adresse.data.gouv.fr (out of reach here), answering as it does: GeoJSON features with a label.
        var asked = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ban = builder.Build();
        ban.MapGet("/search/", (HttpRequest request) =>
        {
            asked.Enqueue(request.QueryString.Value!);
            return Results.Json(new { type = "FeatureCollection", features = new[] { new { properties = new { label = "1 Place du Plô 81500 Lavaur" } } } });
        });
        await ban.StartAsync(TestContext.Current.CancellationToken);
        var banUrl = ban.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

        await using var platform = await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:Addresses:BaseUrl"] = banUrl });
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        using var client = platform.ClientFor("lavaur.localhost");

        var labels = JsonSerializer.Deserialize<string[]>(await client.GetStringAsync("/api/v1/adresses?q=place%20du%20pl", TestContext.Current.CancellationToken));
        var tooShort = JsonSerializer.Deserialize<string[]>(await client.GetStringAsync("/api/v1/adresses?q=pl", TestContext.Current.CancellationToken));

        Assert.Equal(["1 Place du Plô 81500 Lavaur"], labels!);
        Assert.Contains("citycode=81140", Assert.Single(asked));
        Assert.Empty(tooShort!);

        await using var offline = await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:Addresses:BaseUrl"] = "http://127.0.0.1:9/" });
        await offline.ProvisionAsync("lavaur", "Lavaur", "81140");
        using var offlineClient = offline.ClientFor("lavaur.localhost");
        var none = await offlineClient.GetAsync("/api/v1/adresses?q=place%20du%20pl", TestContext.Current.CancellationToken);
        Assert.True(none.IsSuccessStatusCode);
        Assert.Empty(JsonSerializer.Deserialize<string[]>(await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
    }
}
