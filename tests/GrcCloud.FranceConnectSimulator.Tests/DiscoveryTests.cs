using System.Text.Json;
using GrcCloud.FranceConnectSimulator.Tests.Support;

namespace GrcCloud.FranceConnectSimulator.Tests;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task The_discovery_document_advertises_what_FranceConnect_v2_supports()
    {
        await using var fc = await SimulatorHost.StartAsync();
        using var json = JsonDocument.Parse(await fc.NewBrowser().GetStringAsync("/api/v2/.well-known/openid-configuration", TestContext.Current.CancellationToken));
        var doc = json.RootElement;

        Assert.Equal(fc.Issuer, doc.GetProperty("issuer").GetString());
        Assert.Equal(fc.Issuer + "/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(fc.Issuer + "/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal(fc.Issuer + "/userinfo", doc.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(fc.Issuer + "/jwks", doc.GetProperty("jwks_uri").GetString());
        Assert.Equal(fc.Issuer + "/session/end", doc.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["code"], Strings(doc, "response_types_supported"));
        Assert.Equal(["eidas1"], Strings(doc, "acr_values_supported"));
        Assert.Equal(["ES256"], Strings(doc, "id_token_signing_alg_values_supported"));
        Assert.Equal(["ES256"], Strings(doc, "userinfo_signing_alg_values_supported"));
        Assert.Equal(["client_secret_post"], Strings(doc, "token_endpoint_auth_methods_supported"));
        Assert.Superset(new HashSet<string> { "openid", "profile", "birth", "email", "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "preferred_username" },
            Strings(doc, "scopes_supported").ToHashSet());
        Assert.Superset(new HashSet<string> { "sub", "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email", "preferred_username" },
            Strings(doc, "claims_supported").ToHashSet());
        // A client library sends PKCE as soon as S256 is advertised, and FranceConnect refuses it.
        Assert.False(doc.TryGetProperty("code_challenge_methods_supported", out _));
    }

    [Fact]
    public async Task The_key_set_publishes_one_ES256_P256_signing_key_with_a_kid()
    {
        await using var fc = await SimulatorHost.StartAsync();
        using var json = JsonDocument.Parse(await fc.NewBrowser().GetStringAsync("/api/v2/jwks", TestContext.Current.CancellationToken));

        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal(fc.Keys.CurrentKeyId, key.GetProperty("kid").GetString());
        Assert.Equal(32, Convert.FromBase64String(Base64(key.GetProperty("x").GetString()!)).Length);
        Assert.Equal(32, Convert.FromBase64String(Base64(key.GetProperty("y").GetString()!)).Length);
        // The private part of the key never leaves the simulator.
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task Key_rotation_publishes_a_new_kid_signs_with_it_and_drops_the_old_one()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var before = await fc.RedeemAsync(client, await fc.SignInAsync(client));
        var oldKid = (await fc.VerifyAsync(before.IdToken, client)).Kid;

        fc.Keys.Rotate();

        using var json = JsonDocument.Parse(await fc.NewBrowser().GetStringAsync("/api/v2/jwks", TestContext.Current.CancellationToken));
        var kids = json.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToArray();
        Assert.DoesNotContain(oldKid, kids);
        Assert.Equal([fc.Keys.CurrentKeyId], kids);
        var after = await fc.RedeemAsync(client, await fc.SignInAsync(client));
        var newToken = await fc.VerifyAsync(after.IdToken, client);
        Assert.Equal(fc.Keys.CurrentKeyId, newToken.Kid);
        Assert.NotEqual(oldKid, newToken.Kid);
    }

    [Fact]
    public async Task Clients_and_issuer_can_come_from_configuration()
    {
        await using var fc = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["FranceConnectSimulator:Issuer"] = "https://fc.grccloud.test/api/v2",
            ["FranceConnectSimulator:Clients:0:ClientId"] = "lavaur",
            ["FranceConnectSimulator:Clients:0:ClientSecret"] = "secret-lavaur",
            ["FranceConnectSimulator:Clients:0:RedirectUris:0"] = "https://lavaur.localhost/signin-franceconnect",
        });

        using var json = JsonDocument.Parse(await fc.NewBrowser().GetStringAsync("/api/v2/.well-known/openid-configuration", TestContext.Current.CancellationToken));
        Assert.Equal("https://fc.grccloud.test/api/v2", json.RootElement.GetProperty("issuer").GetString());
        Assert.Equal("https://fc.grccloud.test/api/v2/token", json.RootElement.GetProperty("token_endpoint").GetString());
        var lavaur = fc.Clients.Find("lavaur");
        Assert.NotNull(lavaur);
        Assert.Equal(["https://lavaur.localhost/signin-franceconnect"], lavaur.RedirectUris);
    }

    private static string[] Strings(JsonElement doc, string name) =>
        doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string Base64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
