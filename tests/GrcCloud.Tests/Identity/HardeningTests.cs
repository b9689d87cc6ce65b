using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>Town isolation and hardening of accounts: each property shown by a request a person (or an attacker) could make.</summary>
public sealed class HardeningTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_session_cookie_from_lavaur_is_refused_at_gaillac_and_at_the_ops_host()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var lavaur = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, lavaur, "denise@exemple.fr");
        await ResidentAccountTests.SignInAsync(lavaur, "denise@exemple.fr");
        var session = lavaur.Cookies.GetCookies(lavaur.BaseAddress)["grc_session"]!;
        Assert.Equal(HttpStatusCode.OK, (await lavaur.GetAsync("/mon-compte")).StatusCode);

        foreach (var host in new[] { "gaillac.localhost", "ops.localhost" })
        {
            using var stolen = env.Session(host);
            stolen.Cookies.Add(stolen.BaseAddress, new Cookie("grc_session", session.Value));
            var account = await stolen.GetAsync("/mon-compte");
            Assert.NotEqual(HttpStatusCode.OK, account.StatusCode);
            var home = await stolen.PageAsync("/");
            Assert.DoesNotContain("Se déconnecter", home.DocumentElement.TextContent);
        }
    }

    [Fact]
    public async Task Cookies_are_host_only_http_only_and_the_pages_carry_security_headers()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "emile@exemple.fr");

        var signIn = await ResidentAccountTests.SignInAsync(session, "emile@exemple.fr");
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("grc_session=", StringComparison.Ordinal));
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);

        var home = await session.GetAsync("/");
        var csp = home.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(home.Headers.Contains("Strict-Transport-Security")); // HSTS only over HTTPS, outside development
    }

    [Fact]
    public async Task A_resident_cannot_reach_the_back_office()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "fanny@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "fanny@exemple.fr");

        foreach (var path in new[] { "/agents", "/agents/comptes", "/agents/securite" })
        {
            var response = await session.FollowAsync(await session.GetAsync(path));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Accès refusé", (await Html.ParseAsync(response)).Text("h1"));
        }
        var agentSignIn = await Html.ParseAsync(await ResidentAccountTests.SignInAsync(session, "fanny@exemple.fr", url: "/agents/connexion"));
        Assert.Contains("incorrect", agentSignIn.Text(".error-summary"));
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var client = env.Platform.ClientFor("lavaur.localhost");

        var response = await client.PostAsync("/inscription", new FormUrlEncodedContent(ResidentAccountTests.SignUpForm("gilles@exemple.fr")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await ResidentAccountTests.CountUsersAsync(env, "lavaur"));
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_town_with_a_french_page()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, accountPostsPerMinute: 3);
        using var lavaur = env.Session();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await ResidentAccountTests.SignInAsync(lavaur, "henri@exemple.fr", "mauvais")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var page = await Html.ParseAsync(await ResidentAccountTests.SignInAsync(lavaur, "henri@exemple.fr", "mauvais"));
        Assert.Equal("Trop de tentatives", page.Text("h1"));
        using var gaillac = env.Session("gaillac.localhost");
        Assert.Equal(HttpStatusCode.OK, (await ResidentAccountTests.SignInAsync(gaillac, "henri@exemple.fr", "mauvais")).StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_counts_by_form_not_by_spelling_of_its_address()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, accountPostsPerMinute: 3);
        var wrong = new Dictionary<string, string> { ["Input.Email"] = "henri@exemple.fr", ["Input.Password"] = "mauvais", ["Email"] = "henri@exemple.fr", ["Password"] = "mauvais" };

        using var lavaur = env.Session();
        var lavaurStatuses = new List<HttpStatusCode>();
        foreach (var url in new[] { "/connexion", "/connexion/", "/Connexion", "/connexion/" })
            lavaurStatuses.Add((await lavaur.SubmitAsync(url, wrong)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], lavaurStatuses);

        // Sign-up, the agents' sign-in and the token endpoint share the town's budget, however they are spelt.
        using var gaillac = env.Session("gaillac.localhost");
        var token = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "inconnu", ["client_secret"] = "devine" });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await gaillac.PostAsync("/connect/token/", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gaillac.SubmitAsync("/inscription/", wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gaillac.SubmitAsync("/agents/connexion/", wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await gaillac.PostAsync("/connect/token", token)).StatusCode);

        using var ops = env.Session("ops.localhost");
        var opsStatuses = new List<HttpStatusCode>();
        foreach (var url in new[] { "/connexion/", "/connexion/", "/CONNEXION/", "/connexion" })
            opsStatuses.Add((await ops.SubmitAsync(url, wrong)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], opsStatuses);
    }

    [Theory]
    [InlineData("10.0.0.0/8", HttpStatusCode.TooManyRequests)] // the test client is no trusted proxy: its X-Forwarded-For changes nothing
    [InlineData("127.0.0.0/8", HttpStatusCode.OK)] // from a trusted proxy, each forwarded client has its own budget
    public async Task Forwarded_client_addresses_count_only_when_a_trusted_proxy_sends_them(string trustedProxies, HttpStatusCode fourthAttempt)
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, accountPostsPerMinute: 3, settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders_Enabled"] = "true",
            ["GrcCloud:TrustedProxies:0"] = trustedProxies,
        });
        using var session = env.Session();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            session.Headers.Remove("X-Forwarded-For");
            session.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await ResidentAccountTests.SignInAsync(session, "henri@exemple.fr", "mauvais")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, fourthAttempt], statuses);
    }

    [Theory]
    [InlineData("//evil.example/vol", "/mon-compte")]
    [InlineData("/\\evil.example", "/mon-compte")]
    [InlineData("https://evil.example/", "/mon-compte")]
    [InlineData("/\t/evil.example", "/mon-compte")] // browsers drop the tab: "//evil.example"
    [InlineData("/\v/evil.example", "/mon-compte")]
    [InlineData("\t//evil.example", "/mon-compte")]
    [InlineData("/\u3002evil.example", "/mon-compte")] // the ideographic full stop
    [InlineData("/demarches/acte-de-naissance", "/demarches/acte-de-naissance")]
    public async Task Return_addresses_are_local_only(string requested, string expected)
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "ines@exemple.fr");

        var signIn = await session.SubmitAsync($"/connexion?retour={Uri.EscapeDataString(requested)}",
            new Dictionary<string, string> { ["Input.Email"] = "ines@exemple.fr", ["Input.Password"] = "une phrase de passe solide" });

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(expected, signIn.Headers.Location?.OriginalString);
    }
}
