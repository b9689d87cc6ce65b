using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Data.Towns.Webhooks;
using GrcCloud.Host.Features.Webhooks;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Api;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Webhooks;

/// <summary>Outbound webhooks: subscribed on the supervisor's page, signed, retried with backoff, shown with their status, never across towns.</summary>
public sealed class WebhookDeliveryTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Loopback receivers and short retries: the tests' own settings.</summary>
    private async Task<TestPlatform> TwoTownsAsync()
    {
        var platform = await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:Webhooks:AllowPrivateNetworks"] = "true",
            ["GrcCloud:Webhooks:RetryDelaysSeconds:0"] = "1",
            ["GrcCloud:Webhooks:RetryDelaysSeconds:1"] = "1",
        });
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        await platform.ProvisionAsync("gaillac", "Gaillac", "81099");
        return platform;
    }

    internal static async Task<WebSession> SupervisorAsync(TestPlatform platform, string town) =>
        await Queues.BackOffice.AgentAsync(platform, town, $"direction@{town}.example", AgentRoles.Supervisor);

    /// <summary>Subscribes through the page (every event type unless told); returns the secret the page shows once.</summary>
    internal static async Task<(HttpResponseMessage Response, string? Secret)> SubscribeAsync(WebSession supervisor, string name, string url, params string[] types)
    {
        var page = await supervisor.PageAsync("/agents/integrations/webhooks");
        var form = page.QuerySelector("form[action*='Subscribe']")!;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!),
            new("Name", name), new("Address", url),
        };
        fields.AddRange((types.Length > 0 ? types : WebhookEvents.All.Select(e => e.Type)).Select(t => new KeyValuePair<string, string>("EventTypes", t)));
        var response = await supervisor.PostAsync(form.GetAttribute("action")!, new FormUrlEncodedContent(fields));
        var shown = await Html.ParseAsync(response);
        var secret = shown.QuerySelectorAll(".success code").Select(c => c.TextContent).FirstOrDefault(t => t.StartsWith("whsec_", StringComparison.Ordinal));
        return (response, secret);
    }

    [Fact]
    public async Task Each_town_sends_its_own_events_signed_with_its_secret_and_its_job_never_reads_another_towns_delivery()
    {
        await using var platform = await TwoTownsAsync();
        await using var lavaurReceiver = await WebhookReceiver.StartAsync();
        await using var gaillacReceiver = await WebhookReceiver.StartAsync();
        using var lavaurSupervisor = await SupervisorAsync(platform, "lavaur");
        using var gaillacSupervisor = await SupervisorAsync(platform, "gaillac");
        var (_, lavaurSecret) = await SubscribeAsync(lavaurSupervisor, "Logiciel des services techniques", lavaurReceiver.Url);
        var (_, gaillacSecret) = await SubscribeAsync(gaillacSupervisor, "SIG de Gaillac", gaillacReceiver.Url, WebhookEvents.Created);
        Assert.NotNull(lavaurSecret);
        Assert.NotNull(gaillacSecret);
        Assert.DoesNotContain(lavaurSecret!, (await lavaurSupervisor.PageAsync("/agents/integrations/webhooks")).Source.Text); // shown once

        using var lavaur = await TownApiClient.ConnectedAsync(platform, "lavaur", "requests:read", "requests:write");
        using var gaillac = await TownApiClient.ConnectedAsync(platform, "gaillac", "requests:read", "requests:write");
        // The same submission twice: one request, so one event (the second attempt's rows were rolled back).
        var body = await TownApiClient.IllegalDumpingAsync(lavaur);
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!;
        json["submissionKey"] = Guid.NewGuid().ToString();
        foreach (var _ in new[] { 1, 2 })
            Assert.Equal(HttpStatusCode.Created, (await lavaur.PostAsync("/api/v1/requests", new StringContent(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct)).StatusCode);
        var reference = (await TownApiClient.JsonAsync(await lavaur.GetAsync("/api/v1/requests", Ct))).GetProperty("items")[0].GetProperty("reference").GetString()!;
        var gaillacReference = await TownApiClient.CreateAsync(gaillac, "Place d'Hautpoul");
        // A public reply, made through the workflow (RequestTimeline), goes out too.
        Assert.Equal(HttpStatusCode.OK, (await lavaur.PostAsJsonAsync($"/api/v1/requests/{reference}/replies", new { outcome = "resolved", text = "Dépôt enlevé." }, Ct)).StatusCode);

        var received = await lavaurReceiver.WaitForAsync(r => r.Any(x => x.EventType == WebhookEvents.PublicReply) && r.Any(x => x.EventType == WebhookEvents.Created));
        var gaillacReceived = await gaillacReceiver.WaitForAsync(r => r.Count >= 1);
        Assert.Single(received, r => r.EventType == WebhookEvents.Created);
        foreach (var delivery in received)
        {
            Assert.True(WebhookSignature.Verify(lavaurSecret!, delivery.Signature!, delivery.Body, DateTimeOffset.UtcNow), "signature de Lavaur vérifiable");
            Assert.False(WebhookSignature.Verify(gaillacSecret!, delivery.Signature!, delivery.Body, DateTimeOffset.UtcNow));
            Assert.False(WebhookSignature.Verify(lavaurSecret!, delivery.Signature!, delivery.Body + " ", DateTimeOffset.UtcNow));
            Assert.False(WebhookSignature.Verify(lavaurSecret!, delivery.Signature!, delivery.Body, DateTimeOffset.UtcNow.AddMinutes(10))); // too old: a replay
            using var payload = JsonDocument.Parse(delivery.Body);
            Assert.Equal("lavaur", payload.RootElement.GetProperty("town").GetString());
            Assert.Equal(reference, payload.RootElement.GetProperty("request").GetProperty("reference").GetString());
        }
        var reply = JsonDocument.Parse(received.Single(r => r.EventType == WebhookEvents.PublicReply).Body).RootElement;
        Assert.Equal("resolved", reply.GetProperty("request").GetProperty("status").GetString());
        Assert.Contains("Dépôt enlevé.", reply.GetProperty("event").GetProperty("text").GetString());
        var gaillacDelivery = Assert.Single(gaillacReceived);
        Assert.True(WebhookSignature.Verify(gaillacSecret!, gaillacDelivery.Signature!, gaillacDelivery.Body, DateTimeOffset.UtcNow));
        Assert.Contains(gaillacReference, gaillacDelivery.Body);

        // Lavaur's job handed Gaillac's delivery finds nothing in Lavaur's schema and sends nothing.
        var gaillacTown = platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("gaillac")!;
        var lavaurTown = platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!;
        // (Put back to pending, so that a job able to read it would send it.)
        var foreign = await platform.InTownAsync("gaillac", async s =>
        {
            var db = s.GetRequiredService<TenantDbContext>();
            await db.WebhookDeliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending), Ct);
            return await db.WebhookDeliveries.AsNoTracking().SingleAsync(Ct);
        });
        await using (var scope = platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WebhookJobs>().DeliverAsync(lavaurTown.Id, foreign.Id, foreign.Attempts, Ct);
        Assert.Single(gaillacReceiver.Requests);
        var untouched = await platform.InTownAsync("gaillac", s => s.GetRequiredService<TenantDbContext>().WebhookDeliveries.AsNoTracking().SingleAsync(Ct));
        Assert.Equal((1, WebhookDeliveryStatus.Pending), (untouched.Attempts, untouched.Status));
        // And a job for an unknown town fails closed.
        await using (var scope = platform.Services.CreateAsyncScope())
            await Assert.ThrowsAsync<GrcCloud.Host.Features.Notifications.Jobs.TownUnavailableException>(() =>
                scope.ServiceProvider.GetRequiredService<WebhookJobs>().DeliverAsync(Guid.CreateVersion7(), foreign.Id, 0, Ct));
        Assert.NotEqual(gaillacTown.Id, lavaurTown.Id);

        // The back-office lists the deliveries with their status.
        var page = await lavaurSupervisor.PageAsync("/agents/integrations/webhooks");
        var statuses = page.QuerySelectorAll(".delivery-status").Select(c => c.TextContent).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, s => Assert.Equal("Remis", s));
        Assert.Contains("Nouvelle demande", page.Text("table"));
    }

    [Fact]
    public async Task A_delivery_refused_with_500_is_retried_after_its_delay_then_delivered_each_attempt_recorded_and_can_be_sent_again()
    {
        await using var platform = await TwoTownsAsync();
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var supervisor = await SupervisorAsync(platform, "lavaur");
        var (_, secret) = await SubscribeAsync(supervisor, "GMAO", receiver.Url, WebhookEvents.Created);
        using var api = await TownApiClient.ConnectedAsync(platform, "lavaur", "requests:write");
        await TownApiClient.CreateAsync(api);

        var received = await receiver.WaitForAsync(r => r.Count >= 2, seconds: 40);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.Equal(received[0].DeliveryId, received[1].DeliveryId);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromSeconds(1), "la nouvelle tentative attend son délai");
        Assert.True(WebhookSignature.Verify(secret!, received[1].Signature!, received[1].Body, DateTimeOffset.UtcNow));

        var delivery = await WaitForDeliveryAsync(platform, d => d.Status == WebhookDeliveryStatus.Delivered);
        Assert.Equal(2, delivery.Attempts);
        var attempts = delivery.AttemptLog.OrderBy(a => a.Number).ToList();
        Assert.Equal(500, attempts[0].StatusCode);
        Assert.Equal("Réponse HTTP 500.", attempts[0].Error);
        Assert.NotNull(attempts[0].NextAttemptAt);
        Assert.Equal(200, attempts[1].StatusCode);
        Assert.Null(attempts[1].Error);

        var page = await supervisor.PageAsync("/agents/integrations/webhooks");
        Assert.Equal("Remis", page.Text(".delivery-status"));
        var resend = await supervisor.SubmitAsync(page, new Uri(supervisor.BaseAddress, "/agents/integrations/webhooks"), new Dictionary<string, string>(), "form[action*='Resend']");
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        Assert.Contains("Envoi relancé", (await supervisor.PageAsync(resend.Headers.Location!.OriginalString)).Text("main"));
        await receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(3, (await WaitForDeliveryAsync(platform, d => d.Status == WebhookDeliveryStatus.Delivered && d.Attempts == 3)).Attempts);
    }

    [Fact]
    public async Task Outside_development_only_public_https_addresses_are_accepted()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        using var supervisor = await SupervisorAsync(platform, "lavaur");
        foreach (var (url, message) in new[]
        {
            ("http://logiciel.exemple.fr/grccloud", "https://"),
            ("https://127.0.0.1/grccloud", "réseau interne"),
            ("https://10.1.2.3/grccloud", "réseau interne"),
            ("https://[::1]/grccloud", "réseau interne"),
            ("https://localhost/grccloud", "réseau interne"),
            ("https://169.254.169.254/latest/meta-data", "réseau interne"),
            ("pas une adresse", "adresse complète"),
        })
        {
            var (response, secret) = await SubscribeAsync(supervisor, "Essai", url);
            Assert.Null(secret);
            Assert.Contains(message, (await Html.ParseAsync(response)).Text("#Address-erreur"));
        }
        var (_, accepted) = await SubscribeAsync(supervisor, "Logiciel", "https://logiciel.exemple.fr/grccloud");
        Assert.NotNull(accepted);
        Assert.Equal(1, await platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().WebhookSubscriptions.CountAsync(Ct)));

        // The connection itself refuses an internal address, whatever the name resolved to.
        using var strict = new HttpClient(new SocketsHttpHandler { ConnectCallback = WebhookTargets.Connect(allowPrivate: false) });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync($"http://127.0.0.1:{platform.Port}/", Ct));
        Assert.Contains("réseau interne", refused.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("172.20.1.1", true)]
    [InlineData("192.168.1.10", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2001:db8::1", false)]
    public void Internal_addresses_are_recognised(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookTargets.IsInternal(IPAddress.Parse(address)));

    private static async Task<WebhookDelivery> WaitForDeliveryAsync(TestPlatform platform, Func<WebhookDelivery, bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = await platform.InTownAsync("lavaur", s => s.GetRequiredService<TenantDbContext>().WebhookDeliveries.AsNoTracking().Include(d => d.AttemptLog).SingleAsync(Ct));
            if (condition(delivery))
                return delivery;
            Assert.True(DateTimeOffset.UtcNow < until, $"envoi dans l'état {delivery.Status} après {delivery.Attempts} tentative(s)");
            await Task.Delay(200, Ct);
        }
    }
}
