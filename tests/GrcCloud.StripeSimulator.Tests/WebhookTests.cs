using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>Events reach the product's endpoint signed as Stripe signs them, and again until it accepts them.</summary>
public sealed class WebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Subscription> SubscribeAsync(SimulatorHost simulator)
    {
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, cancellationToken: Ct);
        return await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), cancellationToken: Ct);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never held.");
            await Task.Delay(25, Ct);
        }
    }

    [Fact]
    public async Task Events_are_signed_so_that_ConstructEvent_accepts_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SimulatorHost.StartAsync(receiver.Settings());
        var subscription = await SubscribeAsync(simulator);

        await WaitForAsync(() => receiver.Received.Count >= 3);
        var events = receiver.Received.Select(r => EventUtility.ConstructEvent(r.Payload, r.Signature, WebhookReceiver.Secret)).ToList();
        Assert.Equal(["customer.subscription.created", "invoice.created", "invoice.finalized"], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        Assert.All(events, e =>
        {
            Assert.StartsWith("evt_", e.Id, StringComparison.Ordinal);
            Assert.Equal(StripeConfiguration.ApiVersion, e.ApiVersion);
            Assert.False(e.Livemode);
        });
        var created = Assert.IsType<Subscription>(events.Single(e => e.Type == "customer.subscription.created").Data.Object);
        Assert.Equal(subscription.Id, created.Id);
        var finalized = Assert.IsType<Invoice>(events.Single(e => e.Type == "invoice.finalized").Data.Object);
        Assert.Equal("open", finalized.Status);
        Assert.Equal(subscription.Id, finalized.Parent.SubscriptionDetails.SubscriptionId);

        // Another secret, or a payload touched on the way, is refused.
        var first = receiver.Received[0];
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(first.Payload, first.Signature, "whsec_someone_else"));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(first.Payload.Replace("evt_", "evt_x", StringComparison.Ordinal), first.Signature, WebhookReceiver.Secret));
    }

    [Fact]
    public async Task A_failing_endpoint_receives_the_same_event_again_until_it_accepts_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SimulatorHost.StartAsync(receiver.Settings());
        receiver.FailNext(2);
        var subscription = await SubscribeAsync(simulator);

        var deliveries = await simulator.WaitForDeliveriesAsync(d => d.Count == 3 && d.All(x => x.Status == "succeeded"));
        Assert.Equal(5, deliveries.Sum(d => d.Attempts)); // three events, two of the attempts failed
        var retried = deliveries.Where(d => d.Attempts > 1).ToList();
        Assert.NotEmpty(retried);
        foreach (var delivery in retried)
            Assert.Equal(delivery.Attempts, receiver.Received.Count(r => r.Payload.Contains(delivery.EventId, StringComparison.Ordinal)));
        // Every attempt carries a valid signature.
        Assert.All(receiver.Received, r => EventUtility.ConstructEvent(r.Payload, r.Signature, WebhookReceiver.Secret));
        Assert.Contains(receiver.Received, r => r.Payload.Contains(subscription.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_shows_as_failed_after_the_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SimulatorHost.StartAsync(receiver.Settings("00:00:00.020", "00:00:00.020"));
        receiver.FailNext(1000);
        await SubscribeAsync(simulator);

        var deliveries = await simulator.WaitForDeliveriesAsync(d => d.Count == 3 && d.All(x => x.Status == "failed"));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(3, d.Attempts);
            Assert.Equal(500, d.LastStatusCode);
            Assert.Equal(receiver.Url, d.Url);
        });
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_in_time_is_tried_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = receiver.Settings("00:00:00.020");
        settings["StripeSimulator:DeliveryTimeout"] = "00:00:00.300";
        receiver.HangNext(1);
        await using var simulator = await SimulatorHost.StartAsync(settings);
        await SubscribeAsync(simulator);

        var deliveries = await simulator.WaitForDeliveriesAsync(d => d.Count == 3 && d.All(x => x.Status == "succeeded"));
        var retried = Assert.Single(deliveries, d => d.Attempts == 2);
        Assert.Equal(200, retried.LastStatusCode);
    }

    [Fact]
    public async Task An_endpoint_named_under_localhost_is_reached_on_the_loopback()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = receiver.Settings();
        // The platform's console answers on ops.localhost: the simulator must reach it as a browser would.
        settings["StripeSimulator:WebhookEndpoints:0:Url"] = receiver.Url.Replace("127.0.0.1", "ops.localhost", StringComparison.Ordinal);
        await using var simulator = await SimulatorHost.StartAsync(settings);
        await SubscribeAsync(simulator);

        var deliveries = await simulator.WaitForDeliveriesAsync(d => d.Count == 3 && d.All(x => x.Status == "succeeded"));
        Assert.All(deliveries, d => Assert.StartsWith("http://ops.localhost:", d.Url, StringComparison.Ordinal));
        Assert.Equal(3, receiver.Received.Count);
    }
}
