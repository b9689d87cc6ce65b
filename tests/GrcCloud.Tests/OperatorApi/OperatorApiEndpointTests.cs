using System.Net;
using System.Text.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>The operators' API endpoints: their answers, their errors as French problem details, their audit entries.</summary>
public sealed class OperatorApiEndpointTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Towns_are_listed_by_page_read_with_an_etag_and_unknown_ones_are_404()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140", hosts: ["demarches.ville-lavaur.fr"]);
        await platform.ProvisionAsync("gaillac", "Gaillac", "81099");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example");
        using var api = OperatorApiClient.Client(platform, token);

        var first = await api.GetAsync("/api/ops/v1/towns?pageSize=1", Ct);
        var page = await OperatorApiClient.JsonAsync(first);
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal("gaillac", page.GetProperty("items")[0].GetProperty("slug").GetString());
        var next = page.GetProperty("next").GetString()!;
        Assert.Equal($"<{next}>; rel=\"next\"", first.Headers.GetValues("Link").Single());
        var second = await OperatorApiClient.JsonAsync(await api.GetAsync(next, Ct));
        var lavaur = second.GetProperty("items")[0];
        Assert.Equal("lavaur", lavaur.GetProperty("slug").GetString());
        Assert.Equal("Lavaur", lavaur.GetProperty("name").GetString());
        Assert.Equal("81140", lavaur.GetProperty("inseeCode").GetString());
        Assert.Equal("active", lavaur.GetProperty("status").GetString());
        Assert.Equal(["lavaur.localhost", "demarches.ville-lavaur.fr"], lavaur.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.True(lavaur.TryGetProperty("planCode", out _));
        Assert.True(lavaur.TryGetProperty("createdAt", out _));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.False((await api.GetAsync(next, Ct)).Headers.Contains("Link"));

        Assert.Contains("entre 1 et 200", await OperatorApiClient.FieldErrorAsync(await api.GetAsync("/api/ops/v1/towns?pageSize=0", Ct), "pageSize"));
        Assert.Contains("commence à 1", await OperatorApiClient.FieldErrorAsync(await api.GetAsync("/api/ops/v1/towns?page=0", Ct), "page"));
        Assert.Contains("État inconnu", await OperatorApiClient.FieldErrorAsync(await api.GetAsync("/api/ops/v1/towns?status=fermee", Ct), "status"));
        Assert.Equal(0, (await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/towns?status=suspended", Ct))).GetProperty("total").GetInt32());

        var single = await api.GetAsync("/api/ops/v1/towns/lavaur", Ct);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        var etag = single.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/ops/v1/towns/lavaur");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await api.SendAsync(conditional, Ct)).StatusCode);

        var unknown = await OperatorApiClient.ProblemAsync(await api.GetAsync("/api/ops/v1/towns/albi", Ct), 404);
        Assert.Equal("Aucune commune n'a l'identifiant « albi ».", unknown.GetProperty("detail").GetString());

        // A change gives a new ETag.
        var suspended = await api.PostJsonAsync("/api/ops/v1/towns/lavaur/suspend", new { reason = "Essai" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/ops/v1/towns/lavaur");
        stale.Headers.IfNoneMatch.Add(etag);
        var fresh = await api.SendAsync(stale, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task Suspending_through_the_api_closes_the_portal_and_resuming_opens_it_with_conflicts_validation_and_audit()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lautrec", "Lautrec", "81145");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example");
        using var api = OperatorApiClient.Client(platform, token);
        using var portal = platform.ClientFor("lautrec.localhost");
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/", Ct)).StatusCode);

        Assert.Contains("Indiquez le motif de la suspension", await OperatorApiClient.FieldErrorAsync(await api.PostJsonAsync("/api/ops/v1/towns/lautrec/suspend", new { reason = "  " }), "reason"));
        Assert.Contains("500 caractères", await OperatorApiClient.FieldErrorAsync(await api.PostJsonAsync("/api/ops/v1/towns/lautrec/suspend", new { reason = new string('x', 501) }), "reason"));
        await OperatorApiClient.ProblemAsync(await api.PostJsonAsync("/api/ops/v1/towns/albi/suspend", new { reason = "Impayé" }), 404);
        var conflictBefore = await OperatorApiClient.ProblemAsync(await api.PostAsync("/api/ops/v1/towns/lautrec/resume", null, Ct), 409);
        Assert.Contains("est active : seule une commune suspendue se remet en service", conflictBefore.GetProperty("detail").GetString());

        var suspended = await api.PostJsonAsync("/api/ops/v1/towns/lautrec/suspend", new { reason = "Contrat échu" });
        var town = await OperatorApiClient.JsonAsync(suspended);
        Assert.Equal("suspended", town.GetProperty("status").GetString());
        Assert.Equal("Contrat échu", town.GetProperty("statusReason").GetString());
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lautrec")?.Status == TenantStatus.Suspended);
        var closed = await portal.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        Assert.Equal("Portail momentanément suspendu", (await Html.ParseAsync(closed)).Text("h1"));
        var conflict = await OperatorApiClient.ProblemAsync(await api.PostJsonAsync("/api/ops/v1/towns/lautrec/suspend", new { reason = "Encore" }), 409);
        Assert.Contains("est suspendue : seule une commune active se suspend", conflict.GetProperty("detail").GetString());

        Assert.Equal("active", (await OperatorApiClient.JsonAsync(await api.PostAsync("/api/ops/v1/towns/lautrec/resume", null, Ct))).GetProperty("status").GetString());
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lautrec")?.Status == TenantStatus.Active);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/", Ct)).StatusCode);

        // Each write is in the operators' audit, readable through the API, newest first.
        var audit = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/audit?town=lautrec", Ct));
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["commune-remise-en-service", "commune-suspendue"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("ops@grccloud.example", e.GetProperty("operatorEmail").GetString()));
        Assert.Contains("motif : Contrat échu", entries[1].GetProperty("details").GetString());
        Assert.StartsWith("API (jeton ", entries[1].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("Suspension d'une commune", entries[1].GetProperty("actionLabel").GetString());
        var recent = await OperatorApiClient.JsonAsync(await api.GetAsync($"/api/ops/v1/audit?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}", Ct));
        Assert.Equal(0, recent.GetProperty("total").GetInt32());
        Assert.Contains("entre 2000 et 2100", await OperatorApiClient.FieldErrorAsync(await api.GetAsync("/api/ops/v1/audit?since=1990-01-01", Ct), "since"));
    }

    [Fact]
    public async Task FranceConnect_credentials_plans_and_operators_through_the_api()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var lavaur = await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example");
        using var api = OperatorApiClient.Client(platform, token);

        var invalid = await api.PutJsonAsync("/api/ops/v1/towns/lavaur/franceconnect", new { environment = "recette", clientId = "", clientSecret = (string?)null });
        var problem = await OperatorApiClient.ProblemAsync(invalid, 400);
        var errors = problem.GetProperty("errors");
        Assert.Contains("Choisissez l'environnement", errors.GetProperty("environment")[0].GetString());
        Assert.Contains("Indiquez l'identifiant client", errors.GetProperty("clientId")[0].GetString());
        Assert.Contains("Indiquez le secret client", errors.GetProperty("clientSecret")[0].GetString());
        await OperatorApiClient.ProblemAsync(await api.PutJsonAsync("/api/ops/v1/towns/albi/franceconnect", new { environment = "sandbox", clientId = "id", clientSecret = "secret" }), 404);
        var saved = await api.PutJsonAsync("/api/ops/v1/towns/lavaur/franceconnect", new { environment = "sandbox", clientId = "client-lavaur", clientSecret = "secret-lavaur" });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().FranceConnectCredentials.SingleAsync(c => c.TenantId == lavaur.Id, Ct);
            Assert.Equal("client-lavaur", stored.ClientId);
            Assert.DoesNotContain("secret-lavaur", stored.ProtectedClientSecret, StringComparison.Ordinal);
            var entry = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorAudit.SingleAsync(e => e.Action == "franceconnect-modifie", Ct);
            Assert.Equal("lavaur", entry.TownSlug);
            Assert.DoesNotContain("secret-lavaur", entry.Details, StringComparison.Ordinal);
        }
        var body = await api.PutAsync("/api/ops/v1/towns/lavaur/franceconnect", new StringContent("{\"environment\":", System.Text.Encoding.UTF8, "application/json"), Ct);
        await OperatorApiClient.ProblemAsync(body, 400);

        var plans = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/plans", Ct));
        var reference = plans.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "reference");
        Assert.True(reference.GetProperty("quarterlyFeeCents").GetInt64() > 0);

        var operators = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/operators", Ct));
        var me = operators.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("ops@grccloud.example", me.GetProperty("email").GetString());
        Assert.Equal("administrateur", me.GetProperty("role").GetString());
        Assert.False(me.GetProperty("activated").GetBoolean());
    }
}
