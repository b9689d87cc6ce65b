using System.Net;
using AngleSharp.Dom;
using GrcCloud.FranceConnectSimulator.Tests.Support;

namespace GrcCloud.FranceConnectSimulator.Tests;

/// <summary>What /authorize accepts and refuses, and how the refusal comes back.</summary>
public sealed class AuthorizeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_code_challenge_is_refused() =>
        await AssertRefusedAsync("invalid_request", "code_challenge", ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), ("code_challenge_method", "S256"));

    [Fact]
    public async Task A_code_challenge_method_alone_is_refused() =>
        await AssertRefusedAsync("invalid_request", "code_challenge_method", ("code_challenge_method", "S256"));

    [Fact]
    public async Task A_response_mode_is_refused() =>
        await AssertRefusedAsync("invalid_request", "response_mode", ("response_mode", "query"));

    [Fact]
    public async Task A_login_hint_is_refused() =>
        await AssertRefusedAsync("invalid_request", "login_hint", ("login_hint", "test"));

    [Fact]
    public async Task A_telemetry_parameter_is_refused() =>
        await AssertRefusedAsync("invalid_request", "x-client-SKU", ("x-client-SKU", "ID_NET10_0"));

    [Fact]
    public async Task An_unknown_parameter_is_refused() =>
        await AssertRefusedAsync("invalid_request", "foo", ("foo", "bar"));

    [Fact]
    public async Task A_missing_acr_values_is_refused() =>
        await AssertRefusedAsync("invalid_request", "acr_values", ("acr_values", null));

    [Fact]
    public async Task An_acr_value_other_than_eidas1_is_refused() =>
        await AssertRefusedAsync("invalid_request", "eidas1", ("acr_values", "eidas2"));

    [Fact]
    public async Task A_state_of_31_characters_is_refused() =>
        await AssertRefusedAsync("invalid_request", "state", ("state", new string('s', 31)));

    [Fact]
    public async Task A_nonce_of_31_characters_is_refused() =>
        await AssertRefusedAsync("invalid_request", "nonce", ("nonce", new string('n', 31)));

    [Fact]
    public async Task A_missing_nonce_is_refused() =>
        await AssertRefusedAsync("invalid_request", "nonce", ("nonce", null));

    [Fact]
    public async Task A_response_type_other_than_code_is_unsupported() =>
        await AssertRefusedAsync("unsupported_response_type", "code", ("response_type", "id_token"));

    [Fact]
    public async Task A_scope_without_openid_is_an_invalid_scope() =>
        await AssertRefusedAsync("invalid_scope", "openid", ("scope", "profile email"));

    [Fact]
    public async Task A_scope_that_does_not_exist_in_v2_is_an_invalid_scope() =>
        await AssertRefusedAsync("invalid_scope", "address", ("scope", "openid profile address"));

    [Fact]
    public async Task A_prompt_none_is_refused() =>
        await AssertRefusedAsync("invalid_request", "prompt", ("prompt", "none"));

    [Fact]
    public async Task A_repeated_parameter_is_refused() =>
        await AssertRefusedAsync("invalid_request", "scope", ("scope", "openid"), ("scope", "openid email"));

    [Fact]
    public async Task A_missing_state_is_refused_without_a_state_in_return()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client, ("state", null)), Ct);

        var callback = SimulatorHost.Callback(response, client.RedirectUri);
        Assert.Equal("invalid_request", callback["error"]);
        Assert.False(callback.ContainsKey("state"));
        Assert.False(callback.ContainsKey("code"));
    }

    [Fact]
    public async Task A_well_formed_request_with_every_allowed_parameter_shows_the_login_page()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client,
            ("state", new string('s', 32)), ("nonce", new string('n', 32)), ("prompt", "login consent"),
            ("claims", """{"id_token":{"amr":{"essential":true}}}"""), ("idp_hint", "fip1-low"), ("ui_locales", "fr")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("input#login"));
    }

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_and_no_redirect()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient() with { ClientId = "inconnu" };

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await Html.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Service inconnu", page.Text("h1"));
        Assert.Contains("« inconnu » n'est pas enregistré", page.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_an_error_page_and_no_redirect()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client, ("redirect_uri", "https://pirate.test/callback"), ("code_challenge", "x")), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Adresse de retour non enregistrée", page.Text("h1"));
        Assert.Contains("https://pirate.test/callback", page.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_uri_is_compared_character_for_character()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client, ("redirect_uri", client.RedirectUri + "/")), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_login_page_is_accessible_French_html()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var response = await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await Html.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("width=device-width", page.QuerySelector("meta[name=viewport]")?.GetAttribute("content"), StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Contains("FranceConnect", page.Title, StringComparison.Ordinal);
        Assert.Contains(":focus-visible", page.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        foreach (var input in page.QuerySelectorAll("input:not([type=hidden])"))
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
        Assert.Equal("Identifiant", page.Text("label[for=login]"));
        Assert.Equal("Mot de passe", page.Text("label[for=password]"));
        Assert.Equal(["Se connecter", "Refuser et revenir au service"], page.QuerySelectorAll("button").Select(b => b.TextContent.Trim()));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task The_login_page_lists_every_test_identity_with_its_particularities()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();

        var page = await Html.ParseAsync(await fc.NewBrowser().GetAsync(SimulatorHost.AuthorizePath(client), Ct));

        var rows = page.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(18, rows.Length);
        Assert.Contains(rows, r => r[0] == "test" && r[1] == "DUBOIS" && r[2] == "Angela Claire Louise");
        Assert.Contains(rows, r => r[0] == "sans_prenom" && r[3].Contains("sans prénom", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "sans_mail" && r[3].Contains("sans adresse électronique", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "étranger_présumé_né_jour_et_mois" && r[3].Contains("jour et mois de naissance inconnus", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "test_CORSE_2A" && r[3].Contains("Corse", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "moins_18_ans" && r[3].Contains("mineur", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusing_on_the_login_page_returns_access_denied_with_the_state()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var browser = fc.NewBrowser();
        var state = SimulatorHost.RandomState();
        var page = await Html.ParseAsync(await browser.GetAsync(SimulatorHost.AuthorizePath(client, ("state", state)), Ct));

        var response = await SimulatorHost.SubmitLoginAsync(browser, page, "", "", action: "refuse");

        var callback = SimulatorHost.Callback(response, client.RedirectUri);
        Assert.Equal("access_denied", callback["error"]);
        Assert.False(string.IsNullOrEmpty(callback["error_description"]));
        Assert.Equal(state, callback["state"]);
        Assert.False(callback.ContainsKey("code"));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_page_again_with_a_French_error_next_to_the_field()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var browser = fc.NewBrowser();
        var page = await Html.ParseAsync(await browser.GetAsync(SimulatorHost.AuthorizePath(client), Ct));

        var response = await SimulatorHost.SubmitLoginAsync(browser, page, "test", "456");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var again = await Html.ParseAsync(response);
        var password = again.QuerySelector("input#password")!;
        Assert.Equal("true", password.GetAttribute("aria-invalid"));
        var error = again.GetElementById("password-erreur")!;
        Assert.Contains("password-erreur", password.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Mot de passe incorrect. Le mot de passe des identités de test est 123.", error.TextContent.Trim());
        Assert.StartsWith("Erreur", again.Title, StringComparison.Ordinal);
        Assert.Equal("test", again.QuerySelector("input#login")!.GetAttribute("value"));

        // The same page, corrected, still signs in.
        var retry = await SimulatorHost.SubmitLoginAsync(browser, again, "test", "123");
        Assert.True(SimulatorHost.Callback(retry, client.RedirectUri).ContainsKey("code"));
    }

    [Fact]
    public async Task An_unknown_login_is_reported_next_to_the_login_field()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var browser = fc.NewBrowser();
        var page = await Html.ParseAsync(await browser.GetAsync(SimulatorHost.AuthorizePath(client), Ct));

        var again = await Html.ParseAsync(await SimulatorHost.SubmitLoginAsync(browser, page, "personne", "123"));

        Assert.Equal("true", again.QuerySelector("input#login")!.GetAttribute("aria-invalid"));
        Assert.StartsWith("Identifiant inconnu", again.GetElementById("login-erreur")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_post_without_a_pending_request_is_refused()
    {
        await using var fc = await SimulatorHost.StartAsync();

        var response = await fc.NewBrowser().PostAsync("/api/v2/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = "forged",
            ["login"] = "test",
            ["password"] = "123",
        }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("Demande expirée", (await Html.ParseAsync(response)).Text("h1"));
    }

    [Fact]
    public async Task A_login_form_can_be_submitted_only_once()
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var browser = fc.NewBrowser();
        var page = await Html.ParseAsync(await browser.GetAsync(SimulatorHost.AuthorizePath(client), Ct));
        SimulatorHost.Callback(await SimulatorHost.SubmitLoginAsync(browser, page, "test", "123"), client.RedirectUri);

        var replay = await SimulatorHost.SubmitLoginAsync(browser, page, "test", "123");

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Null(replay.Headers.Location);
    }

    /// <summary>The request is refused back to the client's redirect URI, with the client's state and no code.</summary>
    private static async Task AssertRefusedAsync(string error, string mentioned, params (string Name, string? Value)[] changes)
    {
        await using var fc = await SimulatorHost.StartAsync();
        var client = fc.RegisterClient();
        var state = changes.Where(c => c.Name == "state").Select(c => c.Value).FirstOrDefault() ?? SimulatorHost.RandomState();
        var path = SimulatorHost.AuthorizePath(client, [.. changes.DistinctBy(c => c.Name), ("state", state)]);
        // A parameter given twice is appended as it is, not through the helper that deduplicates.
        foreach (var repeated in changes.GroupBy(c => c.Name).Where(g => g.Count() > 1))
            path += $"&{repeated.Key}={Uri.EscapeDataString(repeated.Last().Value!)}";

        var response = await fc.NewBrowser().GetAsync(path, Ct);

        var callback = SimulatorHost.Callback(response, client.RedirectUri);
        Assert.Equal(error, callback["error"]);
        Assert.Contains(mentioned, callback["error_description"].ToString(), StringComparison.Ordinal);
        Assert.Equal(state, callback["state"]);
        Assert.False(callback.ContainsKey("code"));
    }
}
