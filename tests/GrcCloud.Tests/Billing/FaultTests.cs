using GrcCloud.Host.Features.Billing;
using GrcCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace GrcCloud.Tests.Billing;

/// <summary>Stripe answering 500 or not answering in time: retried with the same keys, never two customers or subscriptions.</summary>
public sealed class FaultTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_500_and_a_timeout_are_retried_and_a_start_cut_short_resumes_without_duplicates()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres, deliverWebhooks: false, requestTimeout: "00:00:01");
        var stripe = billing.Stripe();

        // One 500 on the customer, one hang on the subscription: Stripe.net's retries get through.
        await billing.InjectFaultAsync(new { method = "POST", path = "/v1/customers", count = 1, status = 500 });
        await billing.InjectFaultAsync(new { method = "POST", path = "/v1/subscriptions", count = 1, hang_seconds = 5 });
        var lavaur = await WebhookTests.StartLavaurAsync(billing);
        Assert.True(lavaur.Started);
        Assert.Equal(600_000, Assert.Single(lavaur.Invoices).TotalCents);
        var customer = Assert.Single((await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "finances@lavaur.example" }, cancellationToken: Ct)).Data);
        Assert.Single((await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id }, cancellationToken: Ct)).Data);

        // Stripe fails longer than the retries: the operator is told, what exists is kept, and starting again finishes it.
        await billing.InjectFaultAsync(new { method = "POST", path = "/v1/subscriptions", count = 3, status = 500 });
        var refused = await Assert.ThrowsAsync<BillingUnavailableException>(() => WebhookTests.StartLavaurAsync(billing, "gaillac"));
        Assert.Contains("réessayez", refused.Message);
        var halfway = await WebhookTests.ViewAsync(billing, "gaillac");
        Assert.NotNull(halfway.Billing?.StripeCustomerId);
        Assert.False(halfway.Started);
        await using (var scope = billing.Env.Platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TownBillingService>().StartAsync("gaillac", WebhookTests.Tester, Ct);
        var gaillac = Assert.Single((await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "finances@gaillac.example" }, cancellationToken: Ct)).Data);
        Assert.Equal(halfway.Billing!.StripeCustomerId, gaillac.Id);
        Assert.Single((await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = gaillac.Id }, cancellationToken: Ct)).Data);
        Assert.Single((await WebhookTests.ViewAsync(billing, "gaillac")).Invoices);
        Assert.Equal(2, (await stripe.V1.Customers.ListAsync(cancellationToken: Ct)).Data.Count);
    }
}
