using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Open311;

/// <summary>
/// Every response carries the elements the GeoReport v2 specification lists for it
/// (http://wiki.open311.org/GeoReport_v2), in XML and in JSON, with its root element, and its dates in ISO 8601 with an offset.
/// </summary>
public sealed class Open311ConformanceTests(PostgresFixture postgres)
{
    /// <summary>The spec's responses, written once from its text: root, repeated element (none for one object), the fields of each.</summary>
    private static readonly Dictionary<string, (string Root, string? Item, string[] Fields)> Spec = new()
    {
        ["discovery"] = ("discovery", null, ["changeset", "contact", "key_service", "endpoints"]),
        ["services"] = ("services", "service", ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]),
        ["service_definition"] = ("service_definition", null, ["service_code", "attributes"]),
        ["post_request"] = ("service_requests", "request", ["service_request_id", "token", "service_notice", "account_id"]),
        ["requests"] = ("service_requests", "request", ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
            "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
            "lat", "long", "media_url"]),
        ["token"] = ("service_requests", "request", ["token", "service_request_id"]),
        ["errors"] = ("errors", "error", ["code", "description"]),
    };

    private static readonly string[] EndpointFields = ["specification", "url", "changeset", "type", "formats"];
    private static readonly string[] AttributeFields = ["variable", "code", "datatype", "required", "datatype_description", "order", "description"];
    private static readonly string[] ValueFields = ["key", "name"];
    private static readonly string[] DateFields = ["changeset", "requested_datetime", "updated_datetime", "expected_datetime"];

    [Fact]
    public async Task Every_response_carries_the_fields_the_spec_lists_in_xml_and_json()
    {
        await using var env = await Open311Client.StartAsync(postgres);
        var key = await Open311Client.KeyAsync(env.Platform, "lavaur");
        using var app = new Open311Client(env.Platform, "lavaur");
        string? token = null, reference = null;

        foreach (var format in new[] { "xml", "json" })
        {
            using var posted = await app.PostAsync(format, Open311Client.Pothole(key));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var body = await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Check("post_request", format, body);
            if (format == "xml")
                (token, reference) = (XDocument.Parse(body).Root!.Element("request")!.Element("token")!.Value, XDocument.Parse(body).Root!.Element("request")!.Element("service_request_id")!.Value);

            await CheckAsync(app, "discovery", $"discovery.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "services", $"services.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "service_definition", $"services/nid-de-poule.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "requests", $"requests.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "requests", $"requests/{reference}.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "token", $"tokens/{token}.{format}", format, HttpStatusCode.OK);
            await CheckAsync(app, "errors", $"services/inconnu.{format}", format, HttpStatusCode.NotFound);
            await CheckAsync(app, "errors", $"requests.{format}?start_date=demain", format, HttpStatusCode.BadRequest);
            using var refused = await app.PostAsync(format, Open311PostTests.Without(Open311Client.Pothole(key), "api_key"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Check("errors", format, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    private static async Task CheckAsync(Open311Client app, string response, string path, string format, HttpStatusCode expected)
    {
        using var answer = await app.GetAsync(path);
        Assert.Equal(expected, answer.StatusCode);
        Assert.Equal(format == "xml" ? "text/xml" : "application/json", answer.Content.Headers.ContentType?.MediaType);
        Check(response, format, await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void Check(string response, string format, string body)
    {
        var (root, item, fields) = Spec[response];
        if (format == "xml")
        {
            var document = XDocument.Parse(body);
            Assert.Equal(root, document.Root!.Name.LocalName);
            var objects = item is null ? [document.Root] : document.Root.Elements(item).ToList();
            Assert.NotEmpty(objects);
            Assert.All(objects, o => HasXml(o, fields, response));
            if (response == "discovery")
                Assert.All(document.Root.Element("endpoints")!.Elements("endpoint"), e => HasXml(e, EndpointFields, "endpoint"));
            if (response == "service_definition")
            {
                var attributes = document.Root.Element("attributes")!.Elements("attribute").ToList();
                Assert.NotEmpty(attributes);
                Assert.All(attributes, a => HasXml(a, AttributeFields, "attribute"));
                Assert.All(attributes.Where(a => a.Element("datatype")!.Value.EndsWith("valuelist", StringComparison.Ordinal)),
                    a => Assert.All(a.Element("values")!.Elements("value"), v => HasXml(v, ValueFields, "value")));
            }
            foreach (var date in document.Descendants().Where(e => DateFields.Contains(e.Name.LocalName) && e.Value.Length > 0))
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", date.Value);
            return;
        }
        using var json = JsonDocument.Parse(body);
        var elements = item is null ? [json.RootElement] : json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(elements);
        Assert.All(elements, o => HasJson(o, fields, response));
        if (response == "discovery")
            Assert.All(json.RootElement.GetProperty("endpoints").EnumerateArray(), e => HasJson(e, EndpointFields, "endpoint"));
        if (response == "service_definition")
            Assert.All(json.RootElement.GetProperty("attributes").EnumerateArray(), a => HasJson(a, AttributeFields, "attribute"));
    }

    private static void HasXml(XElement element, string[] fields, string what)
    {
        var missing = fields.Where(f => element.Element(f) is null).ToList();
        Assert.True(missing.Count == 0, $"{what} sans {string.Join(", ", missing)} : {element}");
    }

    private static void HasJson(JsonElement element, string[] fields, string what)
    {
        var missing = fields.Where(f => !element.TryGetProperty(f, out _)).ToList();
        Assert.True(missing.Count == 0, $"{what} sans {string.Join(", ", missing)} : {element}");
    }
}
