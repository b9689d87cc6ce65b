using System.Net;
using System.Xml.Linq;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Open311;

/// <summary>
/// POST requests.{format}: a request posted by an application follows the portal's path (the service's
/// queue, the acknowledgement mail), is refused with the spec's error list when the form's rules refuse it.
/// </summary>
public sealed class Open311PostTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_report_posted_by_an_application_reaches_the_services_queue_by_the_application_channel_and_mails_the_resident()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var key = await Open311Client.KeyAsync(env.Platform, "lavaur");
        using var app = new Open311Client(env.Platform, "lavaur");

        using var posted = await app.PostAsync("xml", Open311Client.Pothole(key));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var request = (await Open311Client.ReadXmlAsync(posted)).Root!.Element("request")!;
        var reference = request.Element("service_request_id")!.Value;
        Assert.Matches(@"^LAV-\d{4}-\d{6}$", reference);
        Assert.Equal("", request.Element("account_id")!.Value);
        Assert.Contains("Services techniques – voirie et éclairage", request.Element("service_notice")!.Value, StringComparison.Ordinal);

        // The agents see it in the town's queue, under the application channel.
        using var supervisor = await BackOffice.AgentAsync(env.Platform, "lavaur", "chef@lavaur.example", AgentRoles.Supervisor);
        var queue = await supervisor.PageAsync("/agents/file?onglet=toutes&canal=Application");
        Assert.Equal([reference], queue.QuerySelectorAll("tbody tr th a").Select(a => a.TextContent));
        var facts = (await supervisor.PageAsync($"/agents/demandes/{reference}")).Text("main");
        Assert.Contains("par une application", facts, StringComparison.Ordinal);
        Assert.Contains("Trou profond devant chez Rose Blanc", facts, StringComparison.Ordinal);
        Assert.Contains("https://appli.exemple.fr/photos/42.jpg", facts, StringComparison.Ordinal);
        var saved = await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.AsNoTracking().SingleAsync(r => r.Reference == reference));
        Assert.Equal(RequestChannel.Application, saved.Channel);
        Assert.Equal(("Rose Blanc", "rose.blanc@exemple.fr", "0612345678"), (saved.ContactName, saved.ContactEmail, saved.ContactPhone));
        Assert.Null(saved.ResidentId);
        Assert.Contains(saved.Answers, a => a.Name == "localisation" && a.Values.SequenceEqual(["43.698900,1.818700"]));
        Assert.Contains(saved.Answers, a => a.Name == "adresse" && a.Values.SequenceEqual(["12 rue de la République"]));
        Assert.Contains(saved.Answers, a => a.Name == "taille" && a.Values.SequenceEqual(["Moyen (20 à 50 cm)"]));
        Assert.Contains(saved.Answers, a => a.Values.SequenceEqual(["https://appli.exemple.fr/photos/42.jpg"]));
        Assert.Contains(saved.Answers, a => a.Values.Any(v => v.StartsWith("Trou profond", StringComparison.Ordinal)));

        // The resident's acknowledgement, as for a portal submission.
        var mail = await env.Smtp.WaitForMessageToAsync("rose.blanc@exemple.fr", TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Contains(reference, mail.Subject + mail.TextBody);

        // The token gives the request's id back; JSON posts answer the same fields.
        var (status, token) = await app.JsonAsync($"tokens/{request.Element("token")!.Value}.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(reference, token[0].GetProperty("service_request_id").GetString());
        using var second = await app.PostAsync("json", Open311Client.Pothole(key));
        var json = await Open311Client.ReadJsonAsync(second);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(reference, json[0].GetProperty("service_request_id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json[0].GetProperty("account_id").ValueKind);
    }

    [Fact]
    public async Task Bad_posts_get_the_spec_error_list_with_a_clear_description_and_record_nothing()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var key = await Open311Client.KeyAsync(env.Platform, "lavaur");
        var revoked = await Open311Client.KeyAsync(env.Platform, "lavaur", "Ancienne application");
        await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Open311ApiKeys
            .Where(k => k.Name == "Ancienne application").ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));
        using var app = new Open311Client(env.Platform, "lavaur");

        await AssertErrorAsync(app, Without(Open311Client.Pothole(key), "api_key"), HttpStatusCode.Forbidden, "api_key");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "api_key", "o311_faux"), HttpStatusCode.Forbidden, "api_key");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "api_key", revoked), HttpStatusCode.Forbidden, "révoquée");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "service_code", "pas-un-service"), HttpStatusCode.NotFound, "pas-un-service");
        await AssertErrorAsync(app, Without(Open311Client.Pothole(key), "attribute[taille]"), HttpStatusCode.BadRequest, "attribute[taille] : Choisissez une réponse pour « Taille approximative ».");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "attribute[taille]", "Énorme"), HttpStatusCode.BadRequest, "attribute[taille] : La réponse choisie");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "attribute[inconnu]", "x"), HttpStatusCode.BadRequest, "attribute[inconnu]");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "lat", "quarante-trois"), HttpStatusCode.BadRequest, "lat et long");
        await AssertErrorAsync(app, Without(Open311Client.Pothole(key), "long"), HttpStatusCode.BadRequest, "lat et long");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "lat", "91"), HttpStatusCode.BadRequest, "lat/long : La latitude");
        // Lyon, about 350 km away: refused as the portal's form refuses it.
        await AssertErrorAsync(app, With(With(Open311Client.Pothole(key), "lat", "45.764043"), "long", "4.835659"), HttpStatusCode.BadRequest, "lat/long : Ce lieu est hors de la commune de Lavaur");
        await AssertErrorAsync(app, Without(Without(Without(Open311Client.Pothole(key), "lat"), "long"), "address_string"), HttpStatusCode.BadRequest, "lat et long, ou address_string");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "email", "pas une adresse"), HttpStatusCode.BadRequest, "email");
        await AssertErrorAsync(app, With(Open311Client.Pothole(key), "media_url", "javascript:alert(1)"), HttpStatusCode.BadRequest, "media_url");

        using var unknownFormat = await app.PostAsync("html", Open311Client.Pothole(key));
        Assert.Equal(HttpStatusCode.NotFound, unknownFormat.StatusCode);
        Assert.Equal(0, await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.CountAsync()));
    }

    [Fact]
    public async Task A_key_of_one_town_is_refused_on_another_and_each_town_lists_and_offers_only_its_own()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var lavaurKey = await Open311Client.KeyAsync(env.Platform, "lavaur");
        var gaillacKey = await Open311Client.KeyAsync(env.Platform, "gaillac");
        // Gaillac does not offer potholes: that code is Lavaur's only.
        await env.Platform.InTownAsync("gaillac", s => s.GetRequiredService<TenantDbContext>().Themes
            .Where(t => t.Slug == "nid-de-poule").ExecuteUpdateAsync(u => u.SetProperty(t => t.IsActive, false)));
        env.Platform.Services.GetRequiredService<GrcCloud.Host.Features.Portal.PortalCatalogueCache>().Cache.Compact(1.0);
        using var lavaur = new Open311Client(env.Platform, "lavaur");
        using var gaillac = new Open311Client(env.Platform, "gaillac");

        await AssertErrorAsync(lavaur, Open311Client.Pothole(gaillacKey), HttpStatusCode.Forbidden, "api_key");
        using var posted = await lavaur.PostAsync("xml", Open311Client.Pothole(lavaurKey));
        var reference = (await Open311Client.ReadXmlAsync(posted)).Root!.Element("request")!.Element("service_request_id")!.Value;

        Assert.Contains(reference, (await lavaur.XmlAsync("requests.xml")).Xml.Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value));
        Assert.Empty((await gaillac.XmlAsync("requests.xml")).Xml.Root!.Elements("request"));
        Assert.Equal(HttpStatusCode.NotFound, (await gaillac.XmlAsync($"requests/{reference}.xml")).Status);
        Assert.Empty((await gaillac.XmlAsync($"requests.xml?service_request_id={reference}")).Xml.Root!.Elements("request"));
        var token = (await Open311Client.ReadXmlAsync(await lavaur.PostAsync("xml", Open311Client.Pothole(lavaurKey)))).Root!.Element("request")!.Element("token")!.Value;
        Assert.Equal(HttpStatusCode.NotFound, (await gaillac.XmlAsync($"tokens/{token}.xml")).Status);

        Assert.Equal(HttpStatusCode.OK, (await lavaur.XmlAsync("services/nid-de-poule.xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gaillac.XmlAsync("services/nid-de-poule.xml")).Status);
        Assert.DoesNotContain("nid-de-poule", (await gaillac.XmlAsync("services.xml")).Xml.Root!.Elements("service").Select(s => s.Element("service_code")!.Value));
        await AssertErrorAsync(gaillac, Open311Client.Pothole(gaillacKey), HttpStatusCode.NotFound, "nid-de-poule");
    }

    [Fact]
    public async Task A_multivaluelist_takes_repeated_values_and_an_address_alone_locates_a_report()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var key = await Open311Client.KeyAsync(env.Platform, "lavaur");
        using var app = new Open311Client(env.Platform, "lavaur");
        var (_, definition) = await app.XmlAsync("services/vegetation-debordante.xml");
        Assert.Equal("multivaluelist", definition.Root!.Element("attributes")!.Elements("attribute").Single(a => a.Element("code")!.Value == "gene").Element("datatype")!.Value);

        using var posted = await app.PostAsync("json", [
            new("api_key", key), new("service_code", "vegetation-debordante"), new("address_string", "Chemin de la Rivière"),
            new("attribute[gene][]", "Visibilité réduite à un carrefour"), new("attribute[gene][]", "Trottoir obstrué"),
        ]);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reference = (await Open311Client.ReadJsonAsync(posted))[0].GetProperty("service_request_id").GetString();
        var saved = await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.AsNoTracking().SingleAsync(r => r.Reference == reference));
        Assert.Equal(["Trottoir obstrué", "Visibilité réduite à un carrefour"], saved.Answers.Single(a => a.Name == "gene").Values);
        Assert.Equal(["Chemin de la Rivière"], saved.Answers.Single(a => a.Name == "adresse").Values);
        Assert.DoesNotContain(saved.Answers, a => a.Type == "location");
        await AssertErrorAsync(app, [new("api_key", key), new("service_code", "vegetation-debordante"), new("address_string", "Chemin de la Rivière"),
            new("attribute[gene][]", "Trottoir obstrué"), new("attribute[gene][]", "Trottoir obstrué")], HttpStatusCode.BadRequest, "attribute[gene] : Une réponse a été envoyée deux fois");
    }

    internal static async Task AssertErrorAsync(Open311Client app, IEnumerable<KeyValuePair<string, string>> fields, HttpStatusCode expected, string descriptionPart)
    {
        using var response = await app.PostAsync("xml", fields);
        Assert.Equal(expected, response.StatusCode);
        var errors = (await Open311Client.ReadXmlAsync(response)).Root!;
        Assert.Equal("errors", errors.Name.LocalName);
        Assert.All(errors.Elements("error"), e => Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Element("code")!.Value));
        Assert.Contains(errors.Elements("error"), e => e.Element("description")!.Value.Contains(descriptionPart, StringComparison.Ordinal));
    }

    internal static List<KeyValuePair<string, string>> Without(List<KeyValuePair<string, string>> fields, string name) => [.. fields.Where(f => f.Key != name)];

    internal static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, string value) => [.. Without(fields, name), new(name, value)];
}
