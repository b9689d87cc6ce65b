using System.Net;
using System.Text.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>The console's town actions through the operators' API: creation and its run, edit, domains, cancel and reactivate, who may write.</summary>
public sealed class TownActionApiTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] AlbiHosts = ["demarches.albi.fr"];

    /// <summary>Every write of the API, read from the route table (a new endpoint is in it without anyone listing it).</summary>
    private static List<(string Method, string Route)> Writes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/ops/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Where(m => m != HttpMethods.Get && m != HttpMethods.Head && m != HttpMethods.Options)
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))];

    private static string Concrete(string route) => route
        .Replace("{slug}", "lautrec").Replace("{host}", "demarches.lautrec.fr").Replace("{id:guid}", Guid.NewGuid().ToString()).Replace("{id}", Guid.NewGuid().ToString())
        .Replace("{code}", "reference");

    [Fact]
    public async Task Support_and_billing_tokens_are_refused_on_every_town_write_and_nothing_changes()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lautrec", "Lautrec", "81145");
        var (support, _) = await OperatorApiClient.TokenAsync(platform, "support@grccloud.example", "support");
        using var api = OperatorApiClient.Client(platform, support);

        var writes = Writes(platform.Services);
        foreach (var expected in new[]
        {
            ("POST", "/api/ops/v1/towns"), ("POST", "/api/ops/v1/runs/{id:guid}/retry"), ("PATCH", "/api/ops/v1/towns/{slug}"),
            ("POST", "/api/ops/v1/towns/{slug}/hosts"), ("DELETE", "/api/ops/v1/towns/{slug}/hosts/{host}"), ("POST", "/api/ops/v1/towns/{slug}/suspend"),
            ("POST", "/api/ops/v1/towns/{slug}/resume"), ("PUT", "/api/ops/v1/towns/{slug}/franceconnect"), ("POST", "/api/ops/v1/towns/{slug}/cancel"),
            ("POST", "/api/ops/v1/towns/{slug}/reactivate"), ("POST", "/api/ops/v1/towns/{slug}/exports"), ("POST", "/api/ops/v1/towns/{slug}/purge"),
        })
            Assert.Contains(expected, writes);
        foreach (var (method, route) in writes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route))
            {
                Content = new StringContent("{\"reason\":\"essai\",\"host\":\"demarches.lautrec.fr\",\"name\":\"Lautrec\",\"confirmation\":\"lautrec\"}", System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await api.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} : {(int)response.StatusCode}");
        }

        var (billing, _) = await OperatorApiClient.TokenAsync(platform, "factu@grccloud.example", "facturation");
        using var billingApi = OperatorApiClient.Client(platform, billing);
        foreach (var (method, route) in writes.Where(w => w.Route.StartsWith("/api/ops/v1/towns", StringComparison.Ordinal) && !w.Route.Contains("/billing", StringComparison.Ordinal)
            || w.Route.StartsWith("/api/ops/v1/runs", StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route))
            {
                Content = new StringContent("{\"reason\":\"essai\"}", System.Text.Encoding.UTF8, "application/json"),
            };
            var response = await billingApi.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} (facturation) : {(int)response.StatusCode}");
        }

        var town = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/towns/lautrec", Ct));
        Assert.Equal("active", town.GetProperty("status").GetString());
        Assert.Equal("Lautrec", town.GetProperty("name").GetString());
        Assert.Single(town.GetProperty("hosts").EnumerateArray());

        // Every new path is in the OpenAPI document.
        using var anonymous = OperatorApiClient.Client(platform, null);
        var paths = (await OperatorApiClient.JsonAsync(await anonymous.GetAsync("/api/ops/v1/openapi.json", Ct))).GetProperty("paths");
        foreach (var path in new[] { "/api/ops/v1/towns", "/api/ops/v1/runs/{id}", "/api/ops/v1/runs/{id}/retry", "/api/ops/v1/towns/{slug}/hosts",
            "/api/ops/v1/towns/{slug}/hosts/{host}", "/api/ops/v1/towns/{slug}/cancel", "/api/ops/v1/towns/{slug}/reactivate", "/api/ops/v1/towns/{slug}/purge",
            "/api/ops/v1/towns/{slug}/exports", "/api/ops/v1/towns/{slug}/exports/{id}" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        Assert.True(paths.GetProperty("/api/ops/v1/towns/{slug}").TryGetProperty("patch", out var patch));
        Assert.False(string.IsNullOrEmpty(patch.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Edit_domains_cancel_and_reactivate_through_the_api_with_their_effect_and_journal()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example");
        using var api = OperatorApiClient.Client(platform, token);
        using var portal = platform.ClientFor("lavaur.localhost");

        Assert.Contains("5 chiffres", await OperatorApiClient.FieldErrorAsync(await api.PatchAsync("/api/ops/v1/towns/lavaur", Json(new { postalCode = "8150" }), Ct), "postalCode"));
        await OperatorApiClient.ProblemAsync(await api.PatchAsync("/api/ops/v1/towns/albi", Json(new { city = "Albi" }), Ct), 404);
        var edited = await OperatorApiClient.JsonAsync(await api.PatchAsync("/api/ops/v1/towns/lavaur", Json(new { name = "Ville de Lavaur", postalCode = "81500" }), Ct));
        Assert.Equal("Ville de Lavaur", edited.GetProperty("name").GetString());
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var row = await db.Tenants.AsNoTracking().SingleAsync(t => t.Slug == "lavaur", Ct);
            Assert.Equal("81500", row.PostalCode);
            Assert.Equal("81140", row.InseeCode);
        }

        Assert.Contains("n'est pas valide", await OperatorApiClient.FieldErrorAsync(await api.PostJsonAsync("/api/ops/v1/towns/lavaur/hosts", new { host = "pas un domaine!" }), "host"));
        var withHost = await OperatorApiClient.JsonAsync(await api.PostJsonAsync("/api/ops/v1/towns/lavaur/hosts", new { host = "Demarches.Ville-Lavaur.fr" }));
        Assert.Contains("demarches.ville-lavaur.fr", withHost.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        var withoutHost = await OperatorApiClient.JsonAsync(await api.DeleteAsync("/api/ops/v1/towns/lavaur/hosts/demarches.ville-lavaur.fr", Ct));
        Assert.DoesNotContain("demarches.ville-lavaur.fr", withoutHost.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        await OperatorApiClient.ProblemAsync(await api.DeleteAsync("/api/ops/v1/towns/lavaur/hosts/demarches.ville-lavaur.fr", Ct), 404);

        Assert.Contains("motif", await OperatorApiClient.FieldErrorAsync(await api.PostJsonAsync("/api/ops/v1/towns/lavaur/cancel", new { reason = " " }), "reason"));
        await OperatorApiClient.ProblemAsync(await api.PostAsync("/api/ops/v1/towns/lavaur/reactivate", null, Ct), 409);
        var cancelled = await OperatorApiClient.JsonAsync(await api.PostJsonAsync("/api/ops/v1/towns/lavaur/cancel", new { reason = "Fin du marché" }));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Cancelled);
        Assert.NotEqual(HttpStatusCode.OK, (await portal.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/ops/v1/towns/lavaur/exports", Ct)).StatusCode);
        var early = await OperatorApiClient.ProblemAsync(await api.PostJsonAsync("/api/ops/v1/towns/lavaur/purge", new { confirmation = "lavaur" }), 409);
        Assert.Contains("délai de conservation", early.GetProperty("detail").GetString());

        var reactivated = await OperatorApiClient.JsonAsync(await api.PostAsync("/api/ops/v1/towns/lavaur/reactivate", null, Ct));
        Assert.Equal("active", reactivated.GetProperty("status").GetString());
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/", Ct)).StatusCode);
        await OperatorApiClient.ProblemAsync(await api.PostAsync("/api/ops/v1/towns/lavaur/resume", null, Ct), 409);

        // The console's journal entries, saying the token acted.
        var audit = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/audit?town=lavaur&pageSize=50", Ct));
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        foreach (var action in new[] { "commune-modifiee", "commune-resiliee", "commune-reactivee" })
            Assert.Contains(entries, e => e.GetProperty("action").GetString() == action);
        Assert.All(entries.Where(e => e.GetProperty("action").GetString() is "commune-resiliee" or "commune-reactivee"),
            e => Assert.StartsWith("API (jeton ", e.GetProperty("details").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_town_created_through_the_api_runs_to_the_end_and_is_active()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var (token, _) = await OperatorApiClient.TokenAsync(env.Platform, "ops@grccloud.example");
        using var api = OperatorApiClient.Client(env.Platform, token);

        var bad = await OperatorApiClient.ProblemAsync(await api.PostJsonAsync("/api/ops/v1/towns", new { name = "", slug = "Albi!", insee = "8100" }), 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("slug", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("insee", out _));

        var accepted = await api.PostJsonAsync("/api/ops/v1/towns", new
        {
            name = "Albi", slug = "albi", insee = "81004", siret = GrcCloud.Tests.Operator.TownCreationTests.AlbiSiret, addressLine = "16 rue de l'Hôtel de Ville",
            postalCode = "81000", city = "Albi", supervisorEmail = "cabinet@albi.example", recipe = "_template", plan = "reference", hosts = AlbiHosts,
        });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var run = await OperatorApiClient.JsonAsync(accepted);
        var runId = run.GetProperty("id").GetGuid();
        Assert.Equal($"/api/ops/v1/runs/{runId}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("albi", run.GetProperty("townSlug").GetString());

        // The job, as the platform's worker runs it (a run already taken is left to its worker).
        await using (var scope = env.Platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TownCreation>().RunAsync(runId, null, Ct);
        JsonElement polled = default;
        for (var i = 0; i < 120; i++)
        {
            polled = await OperatorApiClient.JsonAsync(await api.GetAsync($"/api/ops/v1/runs/{runId}", Ct));
            if (polled.GetProperty("status").GetString() is "succeeded" or "failed")
                break;
            await Task.Delay(500, Ct);
        }
        Assert.Equal("succeeded", polled.GetProperty("status").GetString());
        Assert.Equal(polled.GetProperty("stepCount").GetInt32(), polled.GetProperty("step").GetInt32());

        var town = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/towns/albi", Ct));
        Assert.Equal("active", town.GetProperty("status").GetString());
        Assert.Contains("demarches.albi.fr", town.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        await OperatorApiClient.ProblemAsync(await api.PostAsync($"/api/ops/v1/runs/{runId}/retry", null, Ct), 409);
        await OperatorApiClient.ProblemAsync(await api.GetAsync($"/api/ops/v1/runs/{Guid.NewGuid()}", Ct), 404);
        Assert.Contains("déjà", await OperatorApiClient.FieldErrorAsync(await api.PostJsonAsync("/api/ops/v1/towns", new { name = "Albi", slug = "albi", insee = "81004" }), "slug"));
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
