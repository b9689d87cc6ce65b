using System.Net;
using GrcCloud.FranceConnectSimulator;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>FranceConnect v2 through the simulator, end to end over HTTP: sign-in, refusal, account link, sign-out.</summary>
public sealed class FranceConnectTests(PostgresFixture postgres) : IAsyncLifetime
{
    private WebApplication _simulator = null!;
    private IdentityPlatform _env = null!;
    private int _simulatorPort;

    public async ValueTask InitializeAsync()
    {
        _simulator = FranceConnectSimulatorApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FranceConnectSimulator:Issuer"] = "" }));
        await _simulator.StartAsync();
        _simulatorPort = new Uri(_simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:FranceConnect:Environments:simulator:Issuer"] = $"http://localhost:{_simulatorPort}/api/v2",
        });
        foreach (var slug in new[] { "lavaur", "gaillac" })
        {
            var origin = $"http://{slug}.localhost:{_env.Platform.Port}";
            _simulator.Services.GetRequiredService<SimulatorClients>().Register(new SimulatorClient
            {
                ClientId = $"grccloud-{slug}",
                ClientSecret = $"secret-{slug}",
                RedirectUris = [origin + "/connexion/franceconnect/retour"],
                PostLogoutRedirectUris = [origin + "/deconnexion/franceconnect/retour"],
            });
            await using var scope = _env.Platform.Services.CreateAsyncScope();
            var town = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(slug)!;
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
            await scope.ServiceProvider.GetRequiredService<FranceConnectCredentialsStore>().SetAsync(town.Id, "simulator", $"grccloud-{slug}", $"secret-{slug}");
        }
    }

    [Fact]
    public async Task The_button_leads_to_franceconnect_with_only_the_accepted_parameters()
    {
        using var session = _env.Session();
        var signInPage = await session.PageAsync("/connexion");
        Assert.Contains("S'identifier avec FranceConnect", signInPage.Text(".franceconnect-button"));
        Assert.Equal("ou", signInPage.Text(".separator"));
        Assert.Equal("_blank", signInPage.QuerySelector(".franceconnect a[href='https://franceconnect.gouv.fr/']")!.GetAttribute("target"));
        Assert.NotNull((await session.PageAsync("/inscription")).QuerySelector(".franceconnect-button"));

        var start = await session.GetAsync("/connexion/franceconnect");

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.Equal($"http://localhost:{_simulatorPort}/api/v2/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(["acr_values", "client_id", "nonce", "prompt", "redirect_uri", "response_type", "scope", "state"], query.Keys.Order().ToArray());
        Assert.Equal("eidas1", query["acr_values"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Matches("^[0-9a-f]{64}$", query["state"].ToString());
        Assert.Matches("^[0-9a-f]{64}$", query["nonce"].ToString());
        Assert.NotEqual(query["state"], query["nonce"]);
    }

    [Fact]
    public async Task Signing_in_through_franceconnect_creates_the_account_with_the_certified_identity_and_signing_out_goes_through_franceconnect()
    {
        using var session = _env.Session();

        var account = await SignInThroughFranceConnectAsync(session, "test");

        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        var page = await Html.ParseAsync(account);
        Assert.Equal("/mon-compte", account.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Angela Claire Louise", page.QuerySelector("#Input_GivenName")!.GetAttribute("value"));
        Assert.Equal("DUBOIS", page.QuerySelector("#Input_FamilyName")!.GetAttribute("value"));
        Assert.Contains("24/08/1962", page.Text("main"));

        var signOut = await session.SubmitAsync("/mon-compte", new Dictionary<string, string>(), "header form");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.Equal($"http://localhost:{_simulatorPort}/api/v2/session/end", endSession.GetLeftPart(UriPartial.Path));
        Assert.Contains("id_token_hint=", endSession.Query);
        var back = await session.FollowAsync(signOut);
        Assert.Equal("/deconnexion/franceconnect/retour", back.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("déconnecté de ce portail et de FranceConnect", (await Html.ParseAsync(back)).Text("main"));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/mon-compte")).StatusCode);

        using var again = _env.Session();
        await SignInThroughFranceConnectAsync(again, "test");
        Assert.Equal(1, await ResidentAccountTests.CountUsersAsync(_env, "lavaur")); // the same person, recognised by sub
    }

    [Fact]
    public async Task Refusing_at_franceconnect_shows_a_clear_page()
    {
        using var session = _env.Session();
        var login = await session.FollowAsync(await session.GetAsync("/connexion/franceconnect"));

        var refused = await session.FollowAsync(await session.SubmitAsync(await Html.ParseAsync(login), login.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["action"] = "refuse" }, "form"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Equal("Connexion annulée", page.Text("h1"));
        Assert.Contains("Vous avez annulé la connexion avec FranceConnect", page.Text("main"));
        Assert.Equal(0, await ResidentAccountTests.CountUsersAsync(_env, "lavaur"));
    }

    [Fact]
    public async Task A_callback_with_a_forged_state_is_refused()
    {
        using var session = _env.Session();
        await session.GetAsync("/connexion/franceconnect");

        var forged = await session.GetAsync("/connexion/franceconnect/retour?code=abc&state=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("n'a pas été demandée depuis ce portail", (await Html.ParseAsync(forged)).Text("main"));
    }

    [Fact]
    public async Task An_existing_local_account_is_linked_only_after_its_owner_confirms_with_the_password()
    {
        using var local = _env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(_env, local, "wossewodda-3728@yopmail.com");
        using var session = _env.Session();

        var link = await SignInThroughFranceConnectAsync(session, "test");
        Assert.Equal("/connexion/franceconnect/lier", link.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/mon-compte")).StatusCode);

        var wrong = await Html.ParseAsync(await session.SubmitAsync("/connexion/franceconnect/lier", new Dictionary<string, string> { ["Password"] = "pas le bon" }));
        Assert.Contains("Le mot de passe est incorrect", wrong.Text(".error-summary"));
        var linked = await session.FollowAsync(await session.SubmitAsync("/connexion/franceconnect/lier", new Dictionary<string, string> { ["Password"] = "une phrase de passe solide" }));

        var account = await Html.ParseAsync(linked);
        Assert.Contains("Votre compte est relié à FranceConnect", account.Text("main"));
        Assert.Equal(1, await ResidentAccountTests.CountUsersAsync(_env, "lavaur"));
    }

    [Fact]
    public async Task Edge_identities_sign_in_an_unknown_birth_day_and_month_and_a_missing_address_included()
    {
        using var abroad = _env.Session();
        var page = await Html.ParseAsync(await SignInThroughFranceConnectAsync(abroad, "étranger_présumé_né_jour_et_mois"));
        Assert.Contains("1992 (jour et mois inconnus)", page.Text("main"));

        using var noMail = _env.Session();
        var ask = await SignInThroughFranceConnectAsync(noMail, "sans_mail");
        Assert.True(ask.RequestMessage!.RequestUri!.AbsolutePath == "/mon-compte/adresse", (await Html.ParseAsync(ask)).Text("main"));
        Assert.Contains("ne nous a pas transmis d'adresse", (await Html.ParseAsync(ask)).Text("main"));
    }

    [Fact]
    public async Task The_same_person_gets_a_different_account_in_each_town()
    {
        using var lavaur = _env.Session();
        using var gaillac = _env.Session("gaillac.localhost");

        await SignInThroughFranceConnectAsync(lavaur, "test");
        await SignInThroughFranceConnectAsync(gaillac, "test");

        Assert.Equal(1, await ResidentAccountTests.CountUsersAsync(_env, "lavaur"));
        Assert.Equal(1, await ResidentAccountTests.CountUsersAsync(_env, "gaillac"));
        var lavaurCookie = lavaur.Cookies.GetCookies(lavaur.BaseAddress)["grc_session"]!.Value;
        gaillac.Cookies.Add(gaillac.BaseAddress, new Cookie("grc_session", lavaurCookie));
        Assert.Equal(HttpStatusCode.Redirect, (await gaillac.GetAsync("/mon-compte")).StatusCode);
    }

    [Fact]
    public async Task The_certified_identity_pre_fills_the_civil_status_form_and_an_unknown_birth_day_is_left_to_the_person()
    {
        using var session = _env.Session();
        await SignInThroughFranceConnectAsync(session, "test");

        var form = await session.PageAsync("/demarches/acte-de-naissance/formulaire");

        Assert.Equal("DUBOIS", form.QuerySelector("#f_nom_naissance")!.GetAttribute("value"));
        Assert.Equal("Angela Claire Louise", form.QuerySelector("#f_prenoms")!.GetAttribute("value"));
        Assert.Equal("1962-08-24", form.QuerySelector("#f_date_naissance")!.GetAttribute("value"));

        using var abroad = _env.Session();
        await SignInThroughFranceConnectAsync(abroad, "étranger_présumé_né_jour_et_mois");
        var partial = await abroad.PageAsync("/demarches/acte-de-naissance/formulaire");
        Assert.Equal("TARGE", partial.QuerySelector("#f_nom_naissance")!.GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(partial.QuerySelector("#f_date_naissance")!.GetAttribute("value")));
    }

    [Fact]
    public async Task After_a_key_rotation_at_franceconnect_the_new_key_set_is_fetched_and_sign_in_still_works()
    {
        using var first = _env.Session();
        await SignInThroughFranceConnectAsync(first, "test");
        var keys = _simulator.Services.GetRequiredService<SimulatorSigningKeys>();
        var before = keys.CurrentKeyId;

        keys.Rotate();
        using var second = _env.Session();
        var account = await SignInThroughFranceConnectAsync(second, "test");

        Assert.NotEqual(before, keys.CurrentKeyId);
        Assert.Equal("/mon-compte", account.RequestMessage!.RequestUri!.AbsolutePath);
    }

    /// <summary>The whole round trip as a browser makes it: button, simulator's login page, callback.</summary>
    private static async Task<HttpResponseMessage> SignInThroughFranceConnectAsync(WebSession session, string login)
    {
        var loginPage = await session.FollowAsync(await session.GetAsync("/connexion/franceconnect"));
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        var submitted = await session.SubmitAsync(await Html.ParseAsync(loginPage), loginPage.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["login"] = login, ["password"] = "123", ["action"] = "login" }, "form");
        return await session.FollowAsync(submitted);
    }

    public async ValueTask DisposeAsync()
    {
        await _env.DisposeAsync();
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
    }
}
