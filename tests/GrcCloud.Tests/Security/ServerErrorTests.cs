using System.Net;
using System.Text.Json;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;

namespace GrcCloud.Tests.Security;

/// <summary>Input that once made the platform fail (500) now gets a clear answer, and the 500 page itself is a proper page.</summary>
public sealed class ServerErrorTests(DemoPlatformFixture demo) : IClassFixture<DemoPlatformFixture>
{
    private TestPlatform Platform => demo.Platform;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_that_is_not_a_valid_international_name_gets_the_french_404_page()
    {
        foreach (var host in new[] { "xn--.localhost", "xn--zz.localhost", "xn--a-.localhost" })
        {
            using var client = Platform.ClientFor(host);

            var response = await client.GetAsync("/", Ct);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{host} : {(int)response.StatusCode}");
            Assert.Equal("Page introuvable", (await Html.ParseAsync(response)).Text("h1"));
        }
    }

    [Theory]
    [InlineData("lavaur.localhost", "/")]
    [InlineData("lavaur.localhost", "/connexion")]
    [InlineData("lavaur.localhost", "/agents/connexion")]
    [InlineData("lavaur.localhost", "/demarches/rendez-vous-elu/formulaire")]
    [InlineData("ops.localhost", "/connexion")]
    public async Task TRACE_on_a_page_is_refused_as_a_method_the_page_does_not_offer(string host, string path)
    {
        using var client = Platform.ClientFor(host);

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, path), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Méthode non autorisée", (await Html.ParseAsync(response)).Text("h1"));
        Assert.True(response.Content.Headers.Allow.Contains("GET"), $"Allow : {string.Join(", ", response.Content.Headers.Allow)}");
        Assert.DoesNotContain("TRACE", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_post_to_a_handler_the_page_does_not_have_gets_a_404_even_with_a_valid_anti_forgery_token()
    {
        using var session = new WebSession(Platform, "lavaur.localhost");
        var token = (await session.PageAsync("/connexion")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };

        var unknown = await session.PostAsync("/connexion?handler=Inconnu", new FormUrlEncodedContent(form));
        var none = await session.PostAsync("/mes-demandes?handler=", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Page introuvable", (await Html.ParseAsync(unknown)).Text("h1"));
        Assert.True((int)none.StatusCode is >= 300 and < 500, $"POST sans gestionnaire : {(int)none.StatusCode}");
    }

    [Fact]
    public async Task A_nul_character_in_a_query_string_or_a_multipart_field_is_refused_before_it_reaches_the_database()
    {
        await Platform.CreateAgentAsync("lavaur", "journal@lavaur.example", "supervisor");
        using var supervisor = new WebSession(Platform, "lavaur.localhost");
        await ResidentAccountTests.SignInAsync(supervisor, "journal@lavaur.example", TownAccounts.Password, "/agents/connexion");
        var token = (await supervisor.PageAsync("/agents")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var search = await supervisor.GetAsync("/agents/journal?objet=a%00b");
        var multipart = await supervisor.PostAsync("/agents/preferences", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("a\0b"), "x" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Equal("Demande invalide", (await Html.ParseAsync(search)).Text("h1"));
        Assert.Equal(HttpStatusCode.BadRequest, multipart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/agents/journal?objet=b")).StatusCode);
    }

    [Fact]
    public async Task A_page_handler_posted_as_json_with_a_valid_token_in_the_header_gets_415()
    {
        await Platform.CreateAgentAsync("lavaur", "json@lavaur.example", "supervisor");
        using var supervisor = new WebSession(Platform, "lavaur.localhost");
        await ResidentAccountTests.SignInAsync(supervisor, "json@lavaur.example", TownAccounts.Password, "/agents/connexion");
        var token = (await supervisor.PageAsync("/agents")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var json = new HttpRequestMessage(HttpMethod.Post, "/agents/validations") { Content = new StringContent("{\"a\":1}", System.Text.Encoding.UTF8, "application/json") };
        json.Headers.Add("RequestVerificationToken", token);

        var response = await supervisor.SendAsync(json, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Format non pris en charge", (await Html.ParseAsync(response)).Text("h1"));
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("3155378975999999999")]
    [InlineData("-1")]
    public async Task A_last_event_id_beyond_the_calendar_opens_the_live_stream_from_now(string lastEventId)
    {
        var email = $"flux{Guid.NewGuid():N}@exemple.fr";
        var resident = await Platform.CreateResidentAsync("lavaur", email, "Flora", "Flux");
        var reference = await BackOffice.RequestAsync(Platform, "lavaur", "rendez-vous-elu", $"LAV-2026-{Random.Shared.Next(100_000, 999_999)}", r => r.ResidentId = resident);
        using var session = new WebSession(Platform, "lavaur.localhost");
        await ResidentAccountTests.SignInAsync(session, email, TownAccounts.Password);
        session.Headers.Add("Last-Event-ID", lastEventId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));

        using var stream = await session.OpenStreamAsync($"/mes-demandes/{reference}/suivi", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%00b")]
    [InlineData("%01%1F")]
    public async Task A_token_request_with_a_control_character_in_the_client_id_gets_a_4xx_with_a_json_body(string clientId)
    {
        using var client = Platform.ClientFor("lavaur.localhost");
        using var body = new StringContent($"grant_type=client_credentials&client_id={clientId}&client_secret=x", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await client.PostAsync("/connect/token", body, Ct);

        // NUL: the body cannot be read (problem details); other control characters: no such client (OAuth error).
        Assert.True((int)response.StatusCode is 400 or 401, $"{clientId} : {(int)response.StatusCode}");
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.TryGetProperty("error", out _) || json.RootElement.GetProperty("status").GetInt32() == 400);
    }

    [Theory]
    [InlineData("lavaur.localhost")]
    [InlineData("ops.localhost")]
    public async Task The_500_page_is_french_and_carries_the_same_security_headers_as_every_page(string host)
    {
        using var client = Platform.ClientFor(host);
        var home = await client.GetAsync("/", Ct);

        var response = await client.GetAsync(TestPlatform.FailurePath, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy" })
            Assert.Equal(home.Headers.GetValues(header).Single(), response.Headers.TryGetValues(header, out var values) ? values.Single() : $"(en-tête {header} absent)");
        var page = await Html.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Erreur du service", page.Text("h1"));
        // The policy forbids inline style: the page's look comes from a stylesheet of the platform.
        Assert.Empty(page.QuerySelectorAll("style, [style]"));
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/']"));
        Assert.DoesNotContain(page.QuerySelectorAll("[tabindex]"), e => int.TryParse(e.GetAttribute("tabindex"), out var i) && i > 0);
    }
}
