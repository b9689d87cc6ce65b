using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Api;

/// <summary>The integrators' API of a town: requests listed, read, created and acted on; scopes; ETags; pages; isolation between towns.</summary>
public sealed class TownApiTests(PostgresFixture postgres)
{
    private const string Read = "requests:read";
    private const string Write = "requests:write";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<TestPlatform> TwoTownsAsync()
    {
        var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        await platform.ProvisionAsync("gaillac", "Gaillac", "81099");
        return platform;
    }

    [Fact]
    public async Task Requests_are_created_through_the_submission_then_listed_by_page_and_read_with_etags_and_never_across_towns()
    {
        await using var platform = await TwoTownsAsync();
        using var lavaur = await TownApiClient.ConnectedAsync(platform, "lavaur", Read, Write);
        using var gaillac = await TownApiClient.ConnectedAsync(platform, "gaillac", Read, Write);
        var first = await TownApiClient.CreateAsync(lavaur, "Chemin des Crêtes");
        await TownApiClient.CreateAsync(lavaur, "Rue Villeneuve");
        await TownApiClient.CreateAsync(lavaur, "Place du Plô");
        var elsewhere = await TownApiClient.CreateAsync(gaillac, "Place d'Hautpoul");
        Assert.StartsWith("LAV-", first);
        Assert.StartsWith("GAI-", elsewhere);

        // Routed and acknowledged as any submission, with the channel of the applications.
        var stored = await platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.AsNoTracking().SingleAsync(r => r.Reference == first, Ct));
        Assert.Equal(RequestChannel.Application, stored.Channel);
        Assert.Equal("Claire Martin", stored.ContactName);

        var page1 = await lavaur.GetAsync("/api/v1/requests?pageSize=2", Ct);
        var list = await TownApiClient.JsonAsync(page1);
        Assert.Equal(3, list.GetProperty("total").GetInt32());
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
        var next = list.GetProperty("next").GetString()!;
        Assert.Equal($"<{next}>; rel=\"next\"", page1.Headers.GetValues("Link").Single());
        var page2 = await TownApiClient.JsonAsync(await lavaur.GetAsync(next, Ct));
        var all = list.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("reference").GetString()!).ToList();
        Assert.Equal(3, all.Distinct().Count());
        Assert.All(all, r => Assert.StartsWith("LAV-", r));

        using var notModified = new HttpRequestMessage(HttpMethod.Get, "/api/v1/requests?pageSize=2");
        notModified.Headers.IfNoneMatch.Add(page1.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await lavaur.SendAsync(notModified, Ct)).StatusCode);

        var one = await lavaur.GetAsync($"/api/v1/requests/{first}", Ct);
        var request = await TownApiClient.JsonAsync(one);
        Assert.Equal("received", request.GetProperty("status").GetString());
        Assert.Equal("application", request.GetProperty("channel").GetString());
        Assert.Equal("depot-sauvage", request.GetProperty("theme").GetString());
        Assert.Contains(request.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "received");
        Assert.Contains(request.GetProperty("answers").EnumerateArray(), a => a.GetProperty("values")[0].GetString() == "Chemin des Crêtes");
        Assert.False(request.TryGetProperty("contactEmail", out _)); // no personal contact details in the API
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/requests/{first}");
        again.Headers.IfNoneMatch.Add(one.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await lavaur.SendAsync(again, Ct)).StatusCode);

        // Filters.
        Assert.Equal(3, (await TownApiClient.JsonAsync(await lavaur.GetAsync("/api/v1/requests?status=received&theme=depot-sauvage", Ct))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await TownApiClient.JsonAsync(await lavaur.GetAsync("/api/v1/requests?status=resolved", Ct))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await TownApiClient.JsonAsync(await lavaur.GetAsync("/api/v1/requests?service=etat-civil", Ct))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await TownApiClient.JsonAsync(await lavaur.GetAsync($"/api/v1/requests?updatedSince={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}", Ct))).GetProperty("total").GetInt32());
        Assert.Contains("État inconnu", await TownApiClient.FieldErrorAsync(await lavaur.GetAsync("/api/v1/requests?status=ouverte", Ct), "status"));
        Assert.Contains("ISO 8601", await TownApiClient.FieldErrorAsync(await lavaur.GetAsync("/api/v1/requests?updatedSince=hier", Ct), "updatedSince"));
        Assert.Contains("entre 1 et 200", await TownApiClient.FieldErrorAsync(await lavaur.GetAsync("/api/v1/requests?pageSize=500", Ct), "pageSize"));

        // Gaillac's request does not exist for Lavaur's client, and the other way round.
        var missing = await TownApiClient.ProblemAsync(await lavaur.GetAsync($"/api/v1/requests/{elsewhere}", Ct), 404);
        Assert.Contains("Aucune demande", missing.GetProperty("detail").GetString());
        await TownApiClient.ProblemAsync(await gaillac.GetAsync($"/api/v1/requests/{first}", Ct), 404);
        var gaillacList = await TownApiClient.JsonAsync(await gaillac.GetAsync("/api/v1/requests", Ct));
        Assert.Equal([elsewhere], gaillacList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task Each_endpoint_needs_a_token_of_its_town_with_its_scope()
    {
        await using var platform = await TwoTownsAsync();
        using var anonymous = platform.ClientFor("lavaur.localhost");
        var unauthenticated = await anonymous.GetAsync("/api/v1/requests", Ct);
        var problem = await TownApiClient.ProblemAsync(unauthenticated, 401);
        Assert.Equal("Authentification requise", problem.GetProperty("title").GetString());
        Assert.Equal("Bearer", unauthenticated.Headers.WwwAuthenticate.Single().Scheme);
        await TownApiClient.ProblemAsync(await anonymous.GetAsync("/api/v1/themes", Ct), 401);

        // The first scope only: the catalogue and "who am I" as before, not the requests.
        using var legacy = await TownApiClient.ConnectedAsync(platform, "lavaur", "grc_api");
        Assert.Equal(HttpStatusCode.OK, (await legacy.GetAsync("/api/v1/moi", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await legacy.GetAsync("/api/v1/themes", Ct)).StatusCode);
        var forbidden = await legacy.GetAsync("/api/v1/requests", Ct);
        var refusal = await TownApiClient.ProblemAsync(forbidden, 403);
        Assert.Contains("requests:read", refusal.GetProperty("detail").GetString());
        Assert.Contains("insufficient_scope", forbidden.Headers.WwwAuthenticate.ToString());

        using var reader = await TownApiClient.ConnectedAsync(platform, "lavaur", Read, "grc_api");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/requests", Ct)).StatusCode);
        var write = await reader.PostAsJsonAsync("/api/v1/requests", await TownApiClient.IllegalDumpingAsync(reader), Ct);
        Assert.Contains("requests:write", (await TownApiClient.ProblemAsync(write, 403)).GetProperty("detail").GetString());

        // A scope the supervisor did not grant is refused by the token endpoint.
        var (id, secret) = await TownApiClient.RegisterAsync(platform, "lavaur", Read);
        using var tokens = platform.ClientFor("lavaur.localhost");
        var asked = await tokens.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret, ["scope"] = Write,
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);

        // Lavaur's token is worth nothing on Gaillac's host, nor on the operators' one.
        var token = await TownApiClient.TokenAsync(platform, "lavaur", id, secret);
        using var onGaillac = TownApiClient.Bearer(platform, "gaillac.localhost", token);
        await TownApiClient.ProblemAsync(await onGaillac.GetAsync("/api/v1/requests", Ct), 401);
        using var onOps = TownApiClient.Bearer(platform, "ops.localhost", token);
        Assert.Equal(HttpStatusCode.NotFound, (await onOps.GetAsync("/api/v1/requests", Ct)).StatusCode);
    }

    [Fact]
    public async Task Notes_and_public_replies_go_through_the_workflow_and_a_stale_if_match_is_refused()
    {
        await using var platform = await TwoTownsAsync();
        using var api = await TownApiClient.ConnectedAsync(platform, "lavaur", Read, Write);
        var reference = await TownApiClient.CreateAsync(api);
        var read = await api.GetAsync($"/api/v1/requests/{reference}", Ct);
        var etag = read.Headers.ETag!;

        Assert.Equal("Indiquez le texte de la note.", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync($"/api/v1/requests/{reference}/notes", new { text = " " }, Ct), "text"));
        using (var noted = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/requests/{reference}/notes") { Content = JsonContent.Create(new { text = "Benne commandée pour jeudi." }) })
        {
            noted.Headers.IfMatch.Add(etag);
            var done = await api.SendAsync(noted, Ct);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            // Internal: the public timeline does not show it.
            Assert.DoesNotContain("Benne", await done.Content.ReadAsStringAsync(Ct));
        }
        var note = await platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().RequestEvents.AsNoTracking().SingleAsync(e => e.Kind == RequestEventKind.InternalNote, Ct));
        Assert.Equal("Benne commandée pour jeudi.", note.Text);
        Assert.False(note.IsPublic);
        Assert.Equal("Logiciel des services techniques (application)", note.AuthorName);

        // The note changed the request (its date of change): the ETag read before it is stale now.
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/requests/{reference}/replies") { Content = JsonContent.Create(new { outcome = "resolved", text = "Dépôt enlevé." }) })
        {
            stale.Headers.IfMatch.Add(etag);
            var problem = await TownApiClient.ProblemAsync(await api.SendAsync(stale, Ct), 412);
            Assert.Contains("If-Match", problem.GetProperty("detail").GetString());
        }
        Assert.Contains("resolved", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync($"/api/v1/requests/{reference}/replies", new { outcome = "fini", text = "x" }, Ct), "outcome"));
        Assert.Contains("Indiquez", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync($"/api/v1/requests/{reference}/replies", new { outcome = "resolved" }, Ct), "text"));

        var replied = await TownApiClient.JsonAsync(await api.PostAsJsonAsync($"/api/v1/requests/{reference}/replies", new { outcome = "resolved", text = "Dépôt enlevé ce matin." }, Ct));
        Assert.Equal("resolved", replied.GetProperty("status").GetString());
        Assert.Contains(replied.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("Dépôt enlevé ce matin."));
        var twice = await TownApiClient.ProblemAsync(await api.PostAsJsonAsync($"/api/v1/requests/{reference}/replies", new { outcome = "rejected", text = "Non." }, Ct), 409);
        Assert.Contains("n'est pas possible", twice.GetProperty("detail").GetString());

        await TownApiClient.ProblemAsync(await api.PostAsJsonAsync("/api/v1/requests/LAV-2000-999999/notes", new { text = "x" }, Ct), 404);
        await TownApiClient.ProblemAsync(await api.PostAsync($"/api/v1/requests/{reference}/notes", new StringContent("{pas du json", System.Text.Encoding.UTF8, "application/json"), Ct), 400);
    }

    [Fact]
    public async Task A_new_request_with_bad_input_gets_a_400_by_field_and_nothing_is_recorded()
    {
        await using var platform = await TwoTownsAsync();
        using var api = await TownApiClient.ConnectedAsync(platform, "lavaur", Read, Write);
        Assert.Contains("Démarche inconnue", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/requests", new { theme = "inventee" }, Ct), "theme"));
        var missing = await TownApiClient.ProblemAsync(await api.PostAsJsonAsync("/api/v1/requests", new { theme = "depot-sauvage", answers = new { lieu = "Ici" } }, Ct), 400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("answers.volume", out _));
        Assert.Contains("texte", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/requests",
            new { theme = "depot-sauvage", answers = new { lieu = new { x = 1 } } }, Ct), "answers.lieu"));
        Assert.Contains("contrôle", await TownApiClient.FieldErrorAsync(await api.PostAsJsonAsync("/api/v1/requests",
            new { theme = "depot-sauvage", answers = new { lieu = "a\u0001b" } }, Ct), "answers.lieu"));
        var body = await TownApiClient.IllegalDumpingAsync(api);
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body, System.Text.Json.JsonSerializerOptions.Web)!;
        json["contact"]!["email"] = "pas une adresse";
        Assert.Equal("Adresse électronique invalide.", await TownApiClient.FieldErrorAsync(
            await api.PostAsync("/api/v1/requests", new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct), "contact.email"));
        Assert.Equal(0, await platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().Requests.CountAsync(Ct)));
    }

    [Fact]
    public async Task The_town_api_has_its_own_openapi_document_and_reference_page_on_town_hosts_only()
    {
        await using var platform = await TwoTownsAsync();
        using var town = platform.ClientFor("lavaur.localhost");
        var document = await TownApiClient.JsonAsync(await town.GetAsync("/api/v1/openapi.json", Ct));
        Assert.Equal("API de la commune (GrcCloud)", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/requests", paths);
        Assert.Contains("/api/v1/requests/{reference}/replies", paths);
        Assert.Contains("/api/v1/themes", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/ops", StringComparison.Ordinal));
        var scopes = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2Commune").GetProperty("flows")
            .GetProperty("clientCredentials").GetProperty("scopes");
        Assert.True(scopes.TryGetProperty("requests:write", out _));

        var reference = await town.GetAsync("/api/v1/reference/", Ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("API de la commune", await reference.Content.ReadAsStringAsync(Ct));

        using var ops = platform.ClientFor("ops.localhost");
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync("/api/v1/openapi.json", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync("/api/v1/reference/", Ct)).StatusCode);
        var opsDocument = await ops.GetStringAsync("/api/ops/v1/openapi.json", Ct);
        Assert.DoesNotContain("/api/v1/requests", opsDocument);
    }
}
