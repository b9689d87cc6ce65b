using System.Net;
using System.Text.Json;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Portal;

/// <summary>What a resident, an integrator and a stranger see on each kind of host.</summary>
public sealed class PortalSiteTests(DemoPlatformFixture demo) : IClassFixture<DemoPlatformFixture>
{
    private TestPlatform Platform => demo.Platform;

    [Fact]
    public async Task Lavaur_home_shows_the_town_and_its_theme_families()
    {
        using var client = Platform.ClientFor("lavaur.localhost");

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Lavaur", page.Text(".town-brand"));
        var families = page.QuerySelectorAll(".family-card h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.InRange(families.Count, 5, 8);
        Assert.Contains("État civil et citoyenneté", families);
    }

    [Fact]
    public async Task Each_town_serves_its_own_logo()
    {
        using var lavaur = Platform.ClientFor("lavaur.localhost");
        using var gaillac = Platform.ClientFor("gaillac.localhost");

        var lavaurLogo = await lavaur.GetAsync("/logo", TestContext.Current.CancellationToken);
        var gaillacLogo = await gaillac.GetAsync("/logo", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, lavaurLogo.StatusCode);
        Assert.Equal("image/svg+xml", lavaurLogo.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title id=\"title\">Lavaur</title>", await lavaurLogo.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Gaillac", await gaillacLogo.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_custom_domain_and_a_port_serve_the_same_town()
    {
        using var client = Platform.ClientFor("demarches.ville-lavaur.fr");

        var page = await Html.ParseAsync(await client.GetAsync("/", TestContext.Current.CancellationToken));

        Assert.Contains("Lavaur", page.Text(".town-brand"));
    }

    [Fact]
    public async Task An_unknown_town_gets_a_french_404_page()
    {
        using var client = Platform.ClientFor("albi.localhost");

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Page introuvable", page.Text("h1"));
        Assert.Contains("Aucun service n'est proposé à cette adresse", page.Text("main"));
    }

    [Fact]
    public async Task The_ops_host_is_the_vendor_console_entry_not_a_town()
    {
        using var client = Platform.ClientFor("ops.localhost");

        var page = await Html.ParseAsync(await client.GetAsync("/", TestContext.Current.CancellationToken));

        Assert.Equal("Console de l'éditeur", page.Text("h1"));
        Assert.Null(page.QuerySelector(".family-card"));
    }

    [Fact]
    public async Task The_catalogue_api_returns_the_towns_families_themes_services_and_fields()
    {
        using var client = Platform.ClientFor("lavaur.localhost");

        var response = await client.GetAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;
        Assert.Equal("lavaur", root.GetProperty("town").GetProperty("slug").GetString());
        Assert.Equal("Lavaur", root.GetProperty("town").GetProperty("name").GetString());
        var themes = root.GetProperty("families").EnumerateArray().SelectMany(f => f.GetProperty("themes").EnumerateArray()).ToList();
        Assert.True(themes.Count >= 60, $"{themes.Count} thèmes");
        var birth = themes.Single(t => t.GetProperty("slug").GetString() == "acte-de-naissance");
        Assert.Equal("etat-civil", birth.GetProperty("service").GetProperty("slug").GetString());
        var field = birth.GetProperty("fields")[0];
        foreach (var property in new[] { "name", "label", "type", "required" })
            Assert.True(field.TryGetProperty(property, out _), property);
    }

    [Theory]
    [InlineData("ops.localhost")]
    [InlineData("albi.localhost")]
    [InlineData("www.localhost")]
    public async Task The_catalogue_api_is_a_problem_404_outside_a_town(string host)
    {
        using var client = Platform.ClientFor(host);

        var response = await client.GetAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Search_forgives_accents_case_and_word_order()
    {
        using var client = Platform.ClientFor("lavaur.localhost");

        var page = await Html.ParseAsync(await client.GetAsync("/recherche?q=NAISSANCE%20acte", TestContext.Current.CancellationToken));

        var first = page.QuerySelector(".themes li a")!;
        Assert.Equal("Demander un acte de naissance", first.TextContent.Trim());
        var accents = await Html.ParseAsync(await client.GetAsync("/recherche?q=elections", TestContext.Current.CancellationToken));
        Assert.NotEmpty(accents.QuerySelectorAll(".themes li"));
    }

    [Theory]
    [InlineData("bruit voisin", "Signaler un trouble à la tranquillité ou des nuisances")]
    [InlineData("rdv maire", "Demander un rendez-vous avec un élu")]
    [InlineData("rendez-vous avec le maire", "Demander un rendez-vous avec un élu")]
    [InlineData("CNI", "Prendre rendez-vous pour une carte d'identité ou un passeport")]
    [InlineData("lampadere", "Signaler un lampadaire en panne")]
    public async Task Search_finds_a_theme_by_the_words_residents_type(string query, string expected)
    {
        using var client = Platform.ClientFor("lavaur.localhost");

        var page = await Html.ParseAsync(await client.GetAsync($"/recherche?q={Uri.EscapeDataString(query)}", TestContext.Current.CancellationToken));

        Assert.Equal(expected, page.QuerySelector(".themes li a")?.TextContent.Trim());
    }

    [Fact]
    public async Task Search_ranks_title_matches_above_keyword_matches()
    {
        using var client = Platform.ClientFor("lavaur.localhost");

        var page = await Html.ParseAsync(await client.GetAsync("/recherche?q=mariage", TestContext.Current.CancellationToken));

        var titles = page.QuerySelectorAll(".themes li a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Demander un acte de mariage", "Préparer mon mariage à la mairie"], titles.Take(2));
        Assert.Contains("Réserver une salle municipale", titles); // by its keyword "mariage", after the titles
    }

    [Fact]
    public async Task The_favicon_is_the_towns_logo_and_the_platforms_icon_on_the_console()
    {
        using var lavaur = Platform.ClientFor("lavaur.localhost");
        using var ops = Platform.ClientFor("ops.localhost");

        var home = await Html.ParseAsync(await lavaur.GetAsync("/", TestContext.Current.CancellationToken));
        var town = await lavaur.GetAsync("/favicon.ico", TestContext.Current.CancellationToken);
        var console = await ops.GetAsync("/favicon.ico", TestContext.Current.CancellationToken);

        Assert.Equal("/favicon.ico", home.QuerySelector("link[rel=icon]")?.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, town.StatusCode);
        Assert.Equal("image/svg+xml", town.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title id=\"title\">Lavaur</title>", await town.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(town.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Equal("image/svg+xml", console.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await console.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_dangerous_theme_shows_the_number_to_call()
    {
        using var client = Platform.ClientFor("lavaur.localhost");
        using var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken));
        var catalogue = Platform.Services.GetService(typeof(GrcCloud.Host.Features.Provisioning.RecipeLoader)) as GrcCloud.Host.Features.Provisioning.RecipeLoader;
        var dangerous = catalogue!.LoadTown("lavaur").Families.SelectMany(f => f.Themes!).First(t => t.GuardRail is not null);

        var page = await Html.ParseAsync(await client.GetAsync($"/demarches/{dangerous.Slug}", TestContext.Current.CancellationToken));

        Assert.Contains(dangerous.GuardRail!.CallNumber!, page.Text(".guard-rail .call"));
    }

    [Fact]
    public async Task Gaillac_shows_its_emergency_banner_and_not_its_disabled_themes()
    {
        using var client = Platform.ClientFor("gaillac.localhost");

        var page = await Html.ParseAsync(await client.GetAsync("/", TestContext.Current.CancellationToken));
        var api = await client.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);

        Assert.Contains("Gaillac", page.Text(".town-brand"));
        Assert.False(string.IsNullOrWhiteSpace(page.Text(".emergency-banner")));
        Assert.DoesNotContain("\"noces-or\"", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_on_any_host()
    {
        using var client = Platform.ClientFor("127.0.0.1");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
