using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace GrcCloud.Tests.Billing;

/// <summary>The webhook: signature checked before anything, each event once, any order, console host only.</summary>
public sealed class WebhookTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    internal static readonly BillingActor Tester = new(null, "tests@grccloud.example");

    [Fact]
    public async Task Duplicated_and_reordered_events_leave_the_invoice_paid_and_a_bad_signature_records_nothing()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres, deliverWebhooks: false);
        var invoice = Assert.Single((await StartLavaurAsync(billing)).Invoices);
        Assert.Equal("open", invoice.Status);
        // The town pays and Stripe learns it first (a transfer reconciled in Stripe's dashboard).
        await billing.Stripe().V1.Invoices.PayAsync(invoice.StripeInvoiceId, new InvoicePayOptions { PaidOutOfBand = true }, cancellationToken: Ct);
        var paid = await RawEventAsync(billing, "invoice.paid");
        var finalized = await RawEventAsync(billing, "invoice.finalized");
        using var ops = billing.Env.Platform.ClientFor("ops.localhost");

        // Paid arrives twice, then the older "finalized": the invoice stays paid, each event counted once.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ops, paid, BillingPlatform.WebhookSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ops, paid, BillingPlatform.WebhookSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ops, finalized, BillingPlatform.WebhookSecret)).StatusCode);
        var view = await ViewAsync(billing, "lavaur");
        Assert.Equal("payée", BillingStates.InvoiceLabel(Assert.Single(view.Invoices), view.Now));
        Assert.Equal(BillingState.Active, view.State);
        var recorded = await billing.WithDbAsync(db => db.StripeEvents.Select(e => e.EventId).ToListAsync(Ct));
        Assert.Equal(2, recorded.Count);
        Assert.Single(recorded, id => id == Id(paid));

        // Another secret, a touched body, no header: 400 with problem details, nothing recorded.
        var created = await RawEventAsync(billing, "invoice.created");
        var forged = await PostAsync(ops, created, "whsec_someone_else");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Signature Stripe", await forged.Content.ReadAsStringAsync(Ct));
        var header = Sign(created, BillingPlatform.WebhookSecret);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(ops, created.Replace("evt_", "evt_x", StringComparison.Ordinal), header)).StatusCode);
        using var bare = new StringContent(created, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await ops.PostAsync(StripeWebhook.Path, bare, Ct)).StatusCode);
        Assert.Equal(2, await billing.WithDbAsync(db => db.StripeEvents.CountAsync(Ct)));

        // A town's host does not serve it.
        using var town = billing.Env.Platform.ClientFor("lavaur.localhost");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(town, created, BillingPlatform.WebhookSecret)).StatusCode);
    }

    internal static async Task<TownBillingView> StartLavaurAsync(BillingPlatform billing, string slug = "lavaur")
    {
        await using var scope = billing.Env.Platform.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<TownBillingService>();
        var d = BillingPlatform.LavaurDetails();
        await service.SaveDetailsAsync(slug, new TownBillingService.Details($"finances@{slug}.example", d["Siret"], d["AddressLine"], d["PostalCode"], d["City"], d["ChorusServiceCode"], d["ChorusCommitmentNumber"], d["PlanCode"]), Tester, Ct);
        return await service.StartAsync(slug, Tester, Ct);
    }

    internal static async Task<TownBillingView> ViewAsync(BillingPlatform billing, string slug)
    {
        await using var scope = billing.Env.Platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TownBillingService>().ViewAsync(slug, Ct);
    }

    /// <summary>The event as Stripe sends it: the raw JSON the simulator keeps.</summary>
    private static async Task<string> RawEventAsync(BillingPlatform billing, string type)
    {
        var list = JsonNode.Parse(await billing.SimulatorHttp.GetStringAsync($"/v1/events?type={type}", Ct))!;
        var id = list["data"]![0]!["id"]!.GetValue<string>();
        return await billing.SimulatorHttp.GetStringAsync($"/v1/events/{id}", Ct);
    }

    private static string Id(string json) => JsonNode.Parse(json)!["id"]!.GetValue<string>();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string secretOrHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", secretOrHeader.StartsWith("whsec_", StringComparison.Ordinal) ? Sign(json, secretOrHeader) : secretOrHeader);
        return client.SendAsync(request, Ct);
    }

    /// <summary>Stripe's header: t=…,v1=HMAC-SHA256(secret, "t.payload").</summary>
    private static string Sign(string json, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{json}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
