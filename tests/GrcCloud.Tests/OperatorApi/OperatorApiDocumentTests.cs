using System.Net;
using System.Text.Json;
using GrcCloud.Tenancy;
using GrcCloud.Testing;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>The API lives on the ops host only, and its OpenAPI document and reference page describe all of it.</summary>
public sealed class OperatorApiDocumentTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_api_is_404_on_a_town_host_and_the_openapi_document_lists_every_path_with_the_bearer_scheme()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example");

        using var onTown = OperatorApiClient.Client(platform, token, "lavaur.localhost");
        foreach (var path in new[] { "/api/ops/v1/towns", "/api/ops/v1/openapi.json", "/api/ops/v1/reference" })
            Assert.Equal(HttpStatusCode.NotFound, (await onTown.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await onTown.PostAsync("/api/ops/v1/towns/lavaur/suspend", JsonContent("{\"reason\":\"x\"}"), Ct)).StatusCode);

        using var anonymous = OperatorApiClient.Client(platform, null);
        var response = await anonymous.GetAsync("/api/ops/v1/openapi.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = document.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("API des opérateurs GrcCloud", root.GetProperty("info").GetProperty("title").GetString());
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("jetonOperateur");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(root.GetProperty("security")[0].TryGetProperty("jetonOperateur", out _));

        // Every /api/ops/v1 endpoint of the route table is described (but the document and its page), with a French summary.
        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Path: p.Name, Method: m.Name.ToUpperInvariant(), Operation: m.Value)))
            .ToList();
        var routed = (await EndpointCatalog.ReadAsync(platform.Services))
            .Where(e => e.Site == SiteKind.Operator && e.Route.StartsWith("/api/ops/v1/", StringComparison.Ordinal)
                && e.Route is not "/api/ops/v1/openapi.json" && !e.Route.StartsWith("/api/ops/v1/reference", StringComparison.Ordinal))
            // The document names a route value without its constraint: {id:guid} is {id}.
            .SelectMany(e => e.Handlers.Select(h => (Path: System.Text.RegularExpressions.Regex.Replace(e.Route.TrimEnd('/'), @"\{(\w+):[^}]*\}", "{$1}"), h.Method)))
            .ToList();
        Assert.True(routed.Count >= 8, string.Join(", ", routed));
        foreach (var (path, method) in routed)
        {
            var operation = documented.SingleOrDefault(d => d.Path == path && d.Method == method);
            Assert.True(operation.Path is not null, $"{method} {path} absent du document : {string.Join(", ", documented.Select(d => $"{d.Method} {d.Path}"))}");
            Assert.False(string.IsNullOrEmpty(operation.Operation.GetProperty("summary").GetString()), $"{method} {path} sans résumé");
        }
        Assert.DoesNotContain(documented, d => d.Path.Contains("openapi", StringComparison.Ordinal) || d.Path.Contains("reference", StringComparison.Ordinal));
        var suspend = documented.Single(d => d.Path == "/api/ops/v1/towns/{slug}/suspend").Operation;
        Assert.Equal("Suspend une commune", suspend.GetProperty("summary").GetString());
        Assert.True(suspend.GetProperty("responses").TryGetProperty("409", out _) || suspend.GetProperty("responses").TryGetProperty("404", out _));
    }

    [Fact]
    public async Task The_reference_page_loads_its_scripts_from_the_platform_under_a_nonce_policy()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        using var ops = OperatorApiClient.Client(platform, null);
        var response = await ops.GetAsync("/api/ops/v1/reference", Ct);
        // Scalar sends "/reference" to "/reference/" (its scripts are relative to it).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        response = await ops.GetAsync(new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/ops/v1/reference/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("frame-ancestors 'none'", policy);
        var page = await Html.ParseAsync(response);
        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var src = script.GetAttribute("src");
            Assert.True(src is null ? script.GetAttribute("nonce") == nonce : !src.Contains("//", StringComparison.Ordinal), $"script {src ?? "en ligne"} hors de la politique");
        }
        foreach (var src in scripts.Select(s => s.GetAttribute("src")).OfType<string>())
            Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync(new Uri(response.RequestMessage!.RequestUri!, src), Ct)).StatusCode);
        // The nonce changes with every request.
        var again = await ops.GetAsync(response.RequestMessage!.RequestUri!, Ct);
        Assert.DoesNotContain(nonce, again.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
