using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Open311;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Open311;

/// <summary>An application calling a town's Open311 API, as a plain HTTP client would.</summary>
internal sealed class Open311Client(TestPlatform platform, string town) : IDisposable
{
    private readonly HttpClient _http = platform.ClientFor($"{town}.localhost");

    /// <summary>Lavaur and Gaillac, with room for many calls a minute.</summary>
    public static Task<IdentityPlatform> StartAsync(PostgresFixture postgres) =>
        IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:RateLimits:Open311PerMinute"] = "100000" });

    /// <summary>A key issued in the town as the supervisor's page does it; returns the key text.</summary>
    public static Task<string> KeyAsync(TestPlatform platform, string town, string name = "Application citoyenne") =>
        platform.InTownAsync(town, async scope =>
        {
            var (_, secret) = scope.GetRequiredService<Open311Keys>().Issue(name);
            await scope.GetRequiredService<TenantDbContext>().SaveChangesAsync();
            return secret;
        });

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync("open311/v2/" + path);

    public Task<HttpResponseMessage> PostAsync(string format, IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync($"open311/v2/requests.{format}", new FormUrlEncodedContent(fields));

    public async Task<(HttpStatusCode Status, XDocument Xml)> XmlAsync(string path)
    {
        using var response = await GetAsync(path);
        return (response.StatusCode, await ReadXmlAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> JsonAsync(string path)
    {
        using var response = await GetAsync(path);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<XDocument> ReadXmlAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>A valid pothole report in Lavaur (in the commune's area), with the resident's contact.</summary>
    public static List<KeyValuePair<string, string>> Pothole(string apiKey) =>
    [
        new("api_key", apiKey), new("service_code", "nid-de-poule"), new("lat", "43.698900"), new("long", "1.818700"),
        new("address_string", "12 rue de la République"), new("attribute[emplacement]", "Chaussée"), new("attribute[taille]", "Moyen (20 à 50 cm)"),
        new("description", "Trou profond devant chez Rose Blanc, appelez-la au 06 12 34 56 78"),
        new("first_name", "Rose"), new("last_name", "Blanc"), new("email", "rose.blanc@exemple.fr"), new("phone", "06 12 34 56 78"),
        new("media_url", "https://appli.exemple.fr/photos/42.jpg"),
    ];

    public void Dispose() => _http.Dispose();
}
