using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GrcCloud.FranceConnectSimulator.Tests.Support;

namespace GrcCloud.FranceConnectSimulator.Tests;

/// <summary>The code flow end to end: token endpoint, signed id token, signed userinfo, lifetimes.</summary>
public sealed class TokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_sign_in_gives_a_verified_id_token_and_a_verified_userinfo()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var nonce = SimulatorHost.RandomState();
        var code = await fc.SignInAsync(client, "test", nonce: nonce);

        var tokens = await fc.RedeemAsync(client, code);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(60, tokens.ExpiresIn);
        var idToken = await fc.VerifyAsync(tokens.IdToken, client);
        Assert.Equal("ES256", idToken.Alg);
        Assert.Equal(fc.Keys.CurrentKeyId, idToken.Kid);
        Assert.Equal(fc.Issuer, idToken.Issuer);
        Assert.Equal([client.ClientId], idToken.Audiences);
        Assert.Equal(nonce, idToken.GetPayloadValue<string>("nonce"));
        Assert.Equal("eidas1", idToken.GetPayloadValue<string>("acr"));
        Assert.Equal(["pwd"], idToken.GetPayloadValue<string[]>("amr"));
        var iat = idToken.GetPayloadValue<long>("iat");
        Assert.Equal(iat + 60, idToken.GetPayloadValue<long>("exp"));
        Assert.Equal(fc.Time.GetUtcNow().ToUnixTimeSeconds(), idToken.GetPayloadValue<long>("auth_time"));
        Assert.Matches("^[0-9a-f]{64}$", idToken.Subject);

        var userInfo = await fc.UserInfoAsync(client, tokens.AccessToken);

        Assert.Equal(idToken.Subject, userInfo.Subject);
        Assert.Equal(fc.Keys.CurrentKeyId, userInfo.Kid);
        Assert.Equal("DUBOIS", userInfo.GetPayloadValue<string>("family_name"));
        Assert.Equal("Angela Claire Louise", userInfo.GetPayloadValue<string>("given_name"));
        Assert.Equal("1962-08-24", userInfo.GetPayloadValue<string>("birthdate"));
        Assert.Equal("female", userInfo.GetPayloadValue<string>("gender"));
        Assert.Equal("75107", userInfo.GetPayloadValue<string>("birthplace"));
        Assert.Equal("99100", userInfo.GetPayloadValue<string>("birthcountry"));
        Assert.Equal("wossewodda-3728@yopmail.com", userInfo.GetPayloadValue<string>("email"));
        Assert.Equal("", userInfo.GetPayloadValue<string>("preferred_username"));
    }

    [Fact]
    public async Task A_code_can_be_used_only_once()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);
        await fc.RedeemAsync(client, code);

        var second = await fc.PostTokenAsync(client, code);

        await AssertOAuthErrorAsync(second, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_expires_after_30_seconds()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);

        fc.Time.Advance(TimeSpan.FromSeconds(30));

        await AssertOAuthErrorAsync(await fc.PostTokenAsync(client, code), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_is_still_valid_after_29_seconds()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);

        fc.Time.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(HttpStatusCode.OK, (await fc.PostTokenAsync(client, code)).StatusCode);
    }

    [Fact]
    public async Task An_access_token_expires_after_60_seconds()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client));
        fc.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await fc.GetUserInfoAsync(tokens.AccessToken)).StatusCode);

        fc.Time.Advance(TimeSpan.FromSeconds(1));
        var response = await fc.GetUserInfoAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_unknown_access_token_is_an_invalid_token()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var response = await fc.GetUserInfoAsync("inconnu");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Userinfo_without_a_bearer_token_is_unauthorized()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var response = await fc.NewBrowser().GetAsync("/api/v2/userinfo", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_bad_client_secret_is_an_invalid_client_with_401()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);

        var response = await fc.PostTokenAsync(client, code, secret: "mauvais-secret");

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Basic_authentication_is_refused_at_the_token_endpoint()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["redirect_uri"] = client.RedirectUri,
                ["code"] = code,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{client.ClientId}:{client.ClientSecret}")));

        var response = await fc.NewBrowser().SendAsync(request, Ct);

        await AssertOAuthErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_redirect_uri_different_from_the_authorize_one_is_an_invalid_grant()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var code = await fc.SignInAsync(client);

        var response = await fc.PostTokenAsync(client, code, redirectUri: "https://ailleurs.test/callback");

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_issued_to_another_client_is_an_invalid_grant()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var lavaur = fc.RegisterClient("lavaur");
        var mazamet = fc.RegisterClient("mazamet");
        var code = await fc.SignInAsync(lavaur);

        var response = await fc.PostTokenAsync(mazamet, code, redirectUri: lavaur.RedirectUri);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task An_unknown_grant_type_is_unsupported()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().PostAsync("/api/v2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
        }), Ct);

        await AssertOAuthErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task The_sub_is_pairwise_different_per_client_and_stable_for_one()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var lavaur = fc.RegisterClient("lavaur");
        var mazamet = fc.RegisterClient("mazamet");

        async Task<string> SubjectAsync(TestClient client, string login)
        {
            var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client, login));
            return (await fc.VerifyAsync(tokens.IdToken, client)).Subject;
        }

        var atLavaur = await SubjectAsync(lavaur, "test");
        Assert.Equal(atLavaur, await SubjectAsync(lavaur, "test"));
        Assert.NotEqual(atLavaur, await SubjectAsync(mazamet, "test"));
        Assert.NotEqual(atLavaur, await SubjectAsync(lavaur, "sans_mail"));
        Assert.Equal(PairwiseSubject.Compute("lavaur", "test"), atLavaur);
    }

    [Fact]
    public async Task The_pairwise_sub_survives_a_restart()
    {
        string first;
        await using (var fc = await SimulatorHost.StartAsync())
        {
            var client = fc.RegisterClient("lavaur");
            first = (await fc.VerifyAsync((await fc.RedeemAsync(client, await fc.SignInAsync(client))).IdToken, client)).Subject;
        }

        await using var restarted = await SimulatorHost.StartAsync();
        var again = restarted.RegisterClient("lavaur");
        var second = (await restarted.VerifyAsync((await restarted.RedeemAsync(again, await restarted.SignInAsync(again))).IdToken, again)).Subject;

        Assert.Equal(first, second);
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error_description").GetString()));
    }
}
