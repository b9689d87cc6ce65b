using System.Net;
using GrcCloud.FranceConnectSimulator.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GrcCloud.FranceConnectSimulator.Tests;

/// <summary>Logout through /session/end, with the state round trip.</summary>
public sealed class SessionEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Session_end_redirects_to_the_registered_uri_with_the_state()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client));
        var state = SimulatorHost.RandomState();

        var response = await fc.NewBrowser().GetAsync(LogoutPath(tokens.IdToken, state, client.PostLogoutRedirectUri), Ct);

        var back = SimulatorHost.Callback(response, client.PostLogoutRedirectUri);
        Assert.Equal(state, back["state"]);
    }

    [Fact]
    public async Task Session_end_ends_the_simulator_session()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var browser = fc.NewBrowser();
        var page = await Html.ParseAsync(await browser.GetAsync(SimulatorHost.AuthorizePath(client), Ct));
        var login = await SimulatorHost.SubmitLoginAsync(browser, page, "test", "123");
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fc_simulator_session=", StringComparison.Ordinal));
        var tokens = await fc.RedeemAsync(client, SimulatorHost.Callback(login, client.RedirectUri)["code"].ToString());

        var logout = await browser.GetAsync(LogoutPath(tokens.IdToken, SimulatorHost.RandomState(), client.PostLogoutRedirectUri), Ct);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var cleared = Assert.Single(logout.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("fc_simulator_session=;", cleared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_end_refuses_an_unregistered_post_logout_uri()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client));

        var response = await fc.NewBrowser().GetAsync(LogoutPath(tokens.IdToken, SimulatorHost.RandomState(), "https://pirate.test/apres"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await Html.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Adresse de retour non enregistrée", page.Text("h1"));
    }

    [Fact]
    public async Task Session_end_refuses_the_post_logout_uri_of_another_client()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var lavaur = fc.RegisterClient("lavaur");
        var mazamet = fc.RegisterClient("mazamet");
        var tokens = await fc.RedeemAsync(lavaur, await fc.SignInAsync(lavaur));

        var response = await fc.NewBrowser().GetAsync(LogoutPath(tokens.IdToken, SimulatorHost.RandomState(), mazamet.PostLogoutRedirectUri), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Session_end_refuses_an_id_token_it_did_not_sign()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = fc.Issuer,
            Audience = client.ClientId,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "x")]),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(otherKey) { KeyId = "autre" }, SecurityAlgorithms.EcdsaSha256),
        });

        var response = await fc.NewBrowser().GetAsync(LogoutPath(forged, SimulatorHost.RandomState(), client.PostLogoutRedirectUri), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Session_end_accepts_an_expired_id_token_and_one_signed_before_a_key_rotation()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client));

        fc.Time.Advance(TimeSpan.FromHours(1));
        fc.Keys.Rotate();
        var response = await fc.NewBrowser().GetAsync(LogoutPath(tokens.IdToken, SimulatorHost.RandomState(), client.PostLogoutRedirectUri), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Session_end_without_a_state_is_refused()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var tokens = await fc.RedeemAsync(client, await fc.SignInAsync(client));

        var response = await fc.NewBrowser().GetAsync(LogoutPath(tokens.IdToken, null, client.PostLogoutRedirectUri), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Déconnexion impossible", (await Html.ParseAsync(response)).Text("h1"));
    }

    private static string LogoutPath(string idToken, string? state, string postLogoutRedirectUri) =>
        QueryHelpers.AddQueryString("/api/v2/session/end", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["state"] = state,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri,
        }.Where(p => p.Value is not null));
}
