using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GrcCloud.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace GrcCloud.Tests.Identity;

/// <summary>Each town's own OpenID Connect authorization server (OpenIddict): issuer per host, clients per town, tokens refused elsewhere.</summary>
public sealed class AuthorizationServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Discovery_is_per_town_with_the_towns_host_as_issuer_and_absent_from_the_ops_host()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        foreach (var town in new[] { "lavaur", "gaillac" })
        {
            using var client = env.Platform.ClientFor($"{town}.localhost");
            using var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken));
            Assert.Equal($"http://{town}.localhost:{env.Platform.Port}/", discovery.RootElement.GetProperty("issuer").GetString());
            var jwks = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
            Assert.StartsWith($"http://{town}.localhost:{env.Platform.Port}/", jwks);
            Assert.Contains("S256", discovery.RootElement.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        }
        using var ops = env.Platform.ClientFor("ops.localhost");
        Assert.NotEqual(HttpStatusCode.OK, (await ops.GetAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_service_client_registered_by_the_supervisor_gets_a_token_that_only_its_town_accepts()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var supervisor = await SupervisorAsync(env);
        var created = await Html.ParseAsync(await supervisor.SubmitAsync("/agents/integrations",
            new Dictionary<string, string> { ["ServiceName"] = "Logiciel d'état civil", ["ServiceScopes"] = "grc_api" }, "form[action*='Service']"));
        var codes = created.QuerySelectorAll(".success code").Select(c => c.TextContent).ToList();
        var (clientId, secret) = (codes[0], codes[1]);
        Assert.Contains("Logiciel d'état civil", created.Text("tbody"));

        var token = await ClientCredentialsTokenAsync(env, "lavaur.localhost", clientId, secret);
        Assert.NotNull(token);

        using var lavaur = Bearer(env, "lavaur.localhost", token!);
        var me = await lavaur.GetAsync("/api/v1/moi", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var body = JsonDocument.Parse(await me.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("lavaur", body.RootElement.GetProperty("town").GetString());
        Assert.Equal(clientId, body.RootElement.GetProperty("subject").GetString());

        using var gaillac = Bearer(env, "gaillac.localhost", token!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gaillac.GetAsync("/api/v1/moi", TestContext.Current.CancellationToken)).StatusCode);
        using var ops = Bearer(env, "ops.localhost", token!);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync("/api/v1/moi", TestContext.Current.CancellationToken)).StatusCode);
        using var anonymous = env.Platform.ClientFor("lavaur.localhost");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/moi", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Null(await ClientCredentialsTokenAsync(env, "gaillac.localhost", clientId, secret)); // the client does not exist in Gaillac
        Assert.Null(await ClientCredentialsTokenAsync(env, "lavaur.localhost", clientId, "mauvais secret"));
    }

    [Fact]
    public async Task A_public_application_uses_the_code_flow_with_pkce_and_the_residents_own_sign_in()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var supervisor = await SupervisorAsync(env);
        var created = await Html.ParseAsync(await supervisor.SubmitAsync("/agents/integrations", new Dictionary<string, string>
        {
            ["PublicName"] = "Application mobile",
            ["RedirectUri"] = "https://appli.exemple.fr/retour",
        }, "form[action*='Public']"));
        var clientId = created.Text(".success code");

        using var resident = env.Session();
        var verifier = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "/connect/authorize" + QueryString(new()
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = "https://appli.exemple.fr/retour",
            ["scope"] = "openid grc_api", ["state"] = "etat-de-l-appli", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        });

        var anonymous = await resident.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/connexion?retour=", anonymous.Headers.Location!.OriginalString);

        await ResidentAccountTests.SignUpAndConfirmAsync(env, resident, "karim@exemple.fr");
        var signIn = await resident.SubmitAsync(anonymous.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Input.Email"] = "karim@exemple.fr", ["Input.Password"] = "une phrase de passe solide" });
        var back = await resident.GetAsync(signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.Equal("https://appli.exemple.fr/retour", callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("etat-de-l-appli", query["state"]);

        using var app = env.Platform.ClientFor("lavaur.localhost");
        var withoutVerifier = await app.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = query["code"]!, ["redirect_uri"] = "https://appli.exemple.fr/retour",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier.StatusCode);

        var anotherCode = await resident.GetAsync(authorize);
        var code = QueryHelpers.ParseQuery(anotherCode.Headers.Location!.Query)["code"].ToString();
        var tokenResponse = await app.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code,
            ["redirect_uri"] = "https://appli.exemple.fr/retour", ["code_verifier"] = verifier,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var api = Bearer(env, "lavaur.localhost", token.RootElement.GetProperty("access_token").GetString()!);
        using var me = JsonDocument.Parse(await api.GetStringAsync("/api/v1/moi", TestContext.Current.CancellationToken));
        Assert.Equal("lavaur", me.RootElement.GetProperty("town").GetString());
        Assert.Equal("Angèle Dubois", me.RootElement.GetProperty("name").GetString());

        var noPkce = await resident.GetAsync("/connect/authorize" + QueryString(new()
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = "https://appli.exemple.fr/retour", ["scope"] = "openid", ["state"] = "x",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noPkce.StatusCode);
        Assert.Contains("code_challenge", await noPkce.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<WebSession> SupervisorAsync(IdentityPlatform env)
    {
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "agents", "invite", "--slug", "lavaur", "--email", "cabinet@lavaur.example");
        Assert.True(cli.ExitCode == 0, cli.Error);
        var session = env.Session();
        await AgentAccountTests.AcceptInvitationAsync(env, session, "cabinet@lavaur.example");
        return session;
    }

    private static async Task<string?> ClientCredentialsTokenAsync(IdentityPlatform env, string host, string clientId, string secret)
    {
        using var client = env.Platform.ClientFor(host);
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "grc_api",
        }));
        if (!response.IsSuccessStatusCode)
            return null;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString();
    }

    private static HttpClient Bearer(IdentityPlatform env, string host, string token)
    {
        var client = env.Platform.ClientFor(host);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string QueryString(Dictionary<string, string?> values) => Microsoft.AspNetCore.Http.QueryString.Create(values).ToString();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
