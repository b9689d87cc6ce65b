using System.Net;
using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>The Idempotency-Key header, as Stripe honours it: a replay answers the first result, never a second object.</summary>
public sealed class IdempotencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_key_and_parameters_answer_the_first_object_without_creating_another()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, cancellationToken: Ct);
        var once = new RequestOptions { IdempotencyKey = "subscribe-lavaur-1" };

        var first = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), once, Ct);
        var again = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), once, Ct);

        Assert.Equal(first.Id, again.Id);
        var subscriptions = await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id }, cancellationToken: Ct);
        Assert.Single(subscriptions.Data);
        var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id }, cancellationToken: Ct);
        Assert.Single(invoices.Data);
    }

    [Fact]
    public async Task The_same_key_with_other_parameters_is_an_idempotency_error()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var once = new RequestOptions { IdempotencyKey = "create-town-42" };
        await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, once, Ct);

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Gaillac" }, once, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("idempotency_error", error.StripeError.Type);
        Assert.Contains("create-town-42", error.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Different_keys_create_different_objects()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var options = new CustomerCreateOptions { Name = "Commune de Lavaur" };

        var one = await stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = "a" }, Ct);
        var two = await stripe.V1.Customers.CreateAsync(options, new RequestOptions { IdempotencyKey = "b" }, Ct);

        Assert.NotEqual(one.Id, two.Id);
    }
}
