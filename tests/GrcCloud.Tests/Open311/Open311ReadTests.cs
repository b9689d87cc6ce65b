using System.Net;
using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using GrcCloud.Tests.Domain;

namespace GrcCloud.Tests.Open311;

/// <summary>The reading side, in XML and JSON: discovery, services, a service's definition, the public request lists.</summary>
public sealed class Open311ReadTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Discovery_services_and_definitions_describe_the_towns_catalogue_in_xml_and_json()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        using var app = new Open311Client(env.Platform, "lavaur");

        var (status, discovery) = await app.XmlAsync("discovery.xml");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("discovery", discovery.Root!.Name.LocalName);
        var endpoint = discovery.Root.Element("endpoints")!.Element("endpoint")!;
        Assert.Equal($"http://lavaur.localhost:{env.Platform.Port}/open311/v2", endpoint.Element("url")!.Value);
        Assert.Equal(["text/xml", "application/json"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));
        var (_, discoveryJson) = await app.JsonAsync("discovery.json");
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", discoveryJson.GetProperty("endpoints")[0].GetProperty("specification").GetString());

        // One service per theme, but the civil status themes that need FranceConnect.
        var (_, services) = await app.XmlAsync("services.xml");
        var pothole = services.Root!.Elements("service").Single(s => s.Element("service_code")!.Value == "nid-de-poule");
        var offered = await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Themes
            .CountAsync(t => t.IsActive && t.Identification != IdentificationRequirement.FranceConnect));
        Assert.True(offered > 40, $"{offered} démarches");
        Assert.Equal(offered, services.Root.Elements("service").Count());
        Assert.DoesNotContain(services.Root.Elements("service"), s => s.Element("service_code")!.Value == "acte-de-naissance");
        Assert.Equal("Signaler un nid-de-poule", pothole.Element("service_name")!.Value);
        Assert.Equal("true", pothole.Element("metadata")!.Value);
        Assert.Equal("realtime", pothole.Element("type")!.Value);
        Assert.Contains("trou", pothole.Element("keywords")!.Value.Split(','));
        Assert.False(string.IsNullOrEmpty(pothole.Element("group")!.Value));
        var (_, servicesJson) = await app.JsonAsync("services.json");
        var potholeJson = servicesJson.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "nid-de-poule");
        Assert.True(potholeJson.GetProperty("metadata").GetBoolean());
        Assert.Equal(pothole.Element("group")!.Value, potholeJson.GetProperty("group").GetString());

        // The form's fields as attributes; the map and the address are lat/long and address_string.
        var (_, definition) = await app.XmlAsync("services/nid-de-poule.xml");
        Assert.Equal("service_definition", definition.Root!.Name.LocalName);
        var attributes = definition.Root.Element("attributes")!.Elements("attribute").ToList();
        Assert.Equal(["emplacement", "taille", "precisions"], attributes.Select(a => a.Element("code")!.Value));
        Assert.Equal(["singlevaluelist", "singlevaluelist", "text"], attributes.Select(a => a.Element("datatype")!.Value));
        Assert.Equal(["true", "true", "false"], attributes.Select(a => a.Element("required")!.Value));
        Assert.Equal(["1", "2", "3"], attributes.Select(a => a.Element("order")!.Value));
        Assert.Equal(["Chaussée", "Trottoir", "Piste cyclable", "Parking"], attributes[0].Element("values")!.Elements("value").Select(v => v.Element("key")!.Value));
        var (_, definitionJson) = await app.JsonAsync("services/lampadaire-en-panne.json");
        var lamp = definitionJson.GetProperty("attributes").EnumerateArray().ToList();
        Assert.Equal("number", lamp.Single(a => a.GetProperty("code").GetString() == "nombre_lampadaires").GetProperty("datatype").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await app.XmlAsync("services/pas-un-service.xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.XmlAsync("services/acte-de-naissance.xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("services.yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("discovery.html")).StatusCode);
    }

    [Fact]
    public async Task The_public_lists_filter_by_the_spec_parameters_and_carry_no_personal_data()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var key = await Open311Client.KeyAsync(env.Platform, "lavaur");
        using var app = new Open311Client(env.Platform, "lavaur");
        using var posted = await app.PostAsync("xml", Open311Client.Pothole(key));
        var reference = (await Open311Client.ReadXmlAsync(posted)).Root!.Element("request")!.Element("service_request_id")!.Value;
        // An older request, done: outside the default 90 days.
        await GrcCloud.Tests.Queues.BackOffice.RequestAsync(env.Platform, "lavaur", "lampadaire-en-panne", "LAV-2025-000001", r =>
        {
            r.ReceivedAt = DateTimeOffset.UtcNow.AddDays(-200);
            r.Reached(RequestStatus.Closed, r.ReceivedAt.AddDays(3));
        });

        foreach (var path in new[] { "requests.xml", "requests.json", $"requests/{reference}.xml", $"requests/{reference}.json", $"requests.xml?service_request_id={reference}" })
        {
            using var response = await app.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(reference, body, StringComparison.Ordinal);
            foreach (var personal in new[] { "Rose", "Blanc", "rose.blanc", "06 12 34 56 78", "0612345678", "Trou profond" })
                Assert.DoesNotContain(personal, body, StringComparison.Ordinal);
        }

        var (_, list) = await app.XmlAsync("requests.xml");
        var request = Assert.Single(list.Root!.Elements("request"));
        Assert.Equal(("open", "nid-de-poule", ""), (request.Element("status")!.Value, request.Element("service_code")!.Value, request.Element("description")!.Value));
        Assert.Equal("Signalement reçu par la mairie.", request.Element("status_notes")!.Value);
        Assert.Equal("Services techniques – voirie et éclairage", request.Element("agency_responsible")!.Value);
        Assert.Equal(("43.6989", "1.8187"), (request.Element("lat")!.Value, request.Element("long")!.Value));
        Assert.Equal("12 rue de la République", request.Element("address")!.Value);
        Assert.Equal("https://appli.exemple.fr/photos/42.jpg", request.Element("media_url")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", request.Element("requested_datetime")!.Value);

        // Filters: status, service code, dates, the id list (which overrides the others).
        Assert.Empty(await ReferencesAsync(app, "requests.xml?status=closed"));
        Assert.Equal([reference], await ReferencesAsync(app, "requests.xml?status=open&service_code=nid-de-poule"));
        Assert.Empty(await ReferencesAsync(app, "requests.xml?service_code=lampadaire-en-panne"));
        var (_, old) = await app.JsonAsync("requests.json?start_date=2020-01-01T00:00:00%2B01:00&status=closed");
        Assert.Equal(["LAV-2025-000001"], old.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));
        Assert.Equal(JsonValueKind.Null, old[0].GetProperty("lat").ValueKind); // not a report with a point
        Assert.Equal(["LAV-2025-000001", reference], (await ReferencesAsync(app, $"requests.xml?service_request_id=LAV-2025-000001,{reference}&status=open")).Order());
        Assert.Empty(await ReferencesAsync(app, "requests.xml?end_date=2020-01-01T00:00:00Z"));
        Assert.Single(await ReferencesAsync(app, "requests.xml?start_date=2020-01-01&max_requests=1"));

        foreach (var bad in new[] { "start_date=hier", "end_date=2026-13-45", "status=ouvert", "max_requests=5000", "start_date=2026-12-01T00:00:00Z&end_date=2026-01-01T00:00:00Z" })
        {
            var (status, errors) = await app.XmlAsync("requests.xml?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("400", errors.Root!.Element("error")!.Element("code")!.Value);
            Assert.False(string.IsNullOrEmpty(errors.Root.Element("error")!.Element("description")!.Value));
        }
        var (unknownStatus, unknown) = await app.JsonAsync("requests/LAV-1999-000009.json");
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Equal(404, unknown[0].GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("requests.csv")).StatusCode);
        Assert.Equal(2, await env.Platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.CountAsync()));
    }

    private static async Task<string[]> ReferencesAsync(Open311Client app, string path)
    {
        var (status, xml) = await app.XmlAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. xml.Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value)];
    }
}
