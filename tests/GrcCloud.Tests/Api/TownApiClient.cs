using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GrcCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GrcCloud.Tests.Api;

/// <summary>What an integrator does: a client registered in a town with some scopes, a token from the town's /connect/token, calls with it.</summary>
internal static class TownApiClient
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A service client of the town (as the supervisor's page makes it, directly in the town's applications); returns its id and secret.</summary>
    public static Task<(string ClientId, string Secret)> RegisterAsync(TestPlatform platform, string town, params string[] scopes) =>
        platform.InTownAsync(town, async services =>
        {
            var clientId = "essai-" + Guid.NewGuid().ToString("N")[..8];
            var secret = Guid.NewGuid().ToString("N");
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = clientId, ClientSecret = secret, ClientType = ClientTypes.Confidential, DisplayName = "Logiciel des services techniques",
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            foreach (var scope in scopes)
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
            return (clientId, secret);
        });

    /// <summary>A token by client credentials; without <paramref name="scope"/>, every scope the client was granted.</summary>
    public static async Task<string> TokenAsync(TestPlatform platform, string town, string clientId, string secret, string? scope = null)
    {
        using var client = platform.ClientFor($"{town}.localhost");
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
            form["scope"] = scope;
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client of the town registered with <paramref name="scopes"/>, with its token.</summary>
    public static async Task<HttpClient> ConnectedAsync(TestPlatform platform, string town, params string[] scopes)
    {
        var (id, secret) = await RegisterAsync(platform, town, scopes);
        return Bearer(platform, $"{town}.localhost", await TokenAsync(platform, town, id, secret));
    }

    public static HttpClient Bearer(TestPlatform platform, string host, string? token)
    {
        var client = platform.ClientFor(host);
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details answer of the status, in French (title), as application/problem+json.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode} au lieu de {status} : {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field) =>
        (await ProblemAsync(response, 400)).GetProperty("errors").GetProperty(field)[0].GetString()!;

    /// <summary>Answers for the "dépôt sauvage" report (no account needed through the API), choices read from the theme's form.</summary>
    public static async Task<object> IllegalDumpingAsync(HttpClient api, string place = "Derrière le gymnase, chemin des Crêtes")
    {
        var theme = await JsonAsync(await api.GetAsync("/api/v1/themes/depot-sauvage", Ct));
        string First(string field) => theme.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == field)
            .GetProperty("choices")[0].GetString()!;
        return new
        {
            theme = "depot-sauvage",
            answers = new Dictionary<string, object> { ["lieu"] = place, ["nature_dechets"] = new[] { First("nature_dechets") }, ["volume"] = First("volume") },
            contact = new { name = "Claire Martin", email = "claire@exemple.fr" },
        };
    }

    public static async Task<string> CreateAsync(HttpClient api, string place = "Derrière le gymnase, chemin des Crêtes")
    {
        var created = await api.PostAsJsonAsync("/api/v1/requests", await IllegalDumpingAsync(api, place), Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("reference").GetString()!;
    }
}
