using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>Failures come back in Stripe's shape and statuses, so Stripe.net raises them as StripeException with its StripeError.</summary>
public sealed class ErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sk_live_not_allowed")]
    [InlineData("pk_test_publishable")]
    public async Task Only_a_secret_test_key_is_accepted(string key)
    {
        await using var simulator = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            simulator.Stripe(apiKey: key).V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
    }

    [Fact]
    public async Task An_unknown_object_is_a_404_resource_missing()
    {
        await using var simulator = await SimulatorHost.StartAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() => simulator.Stripe().V1.Customers.GetAsync("cus_unknown", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("id", error.StripeError.Param);
        Assert.Contains("cus_unknown", error.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_parameter_is_a_400_naming_it()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var product = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Guichet" }, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            stripe.V1.Prices.CreateAsync(new PriceCreateOptions { Product = product.Id, UnitAmount = 100 }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("parameter_missing", error.StripeError.Code);
        Assert.Equal("currency", error.StripeError.Param);
    }

    [Fact]
    public async Task More_than_four_invoice_custom_fields_are_refused()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var fields = Enumerable.Range(1, 5).Select(i => new CustomerInvoiceSettingsCustomFieldOptions { Name = $"Champ {i}", Value = "x" }).ToList();

        var error = await Assert.ThrowsAsync<StripeException>(() => simulator.Stripe().V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Commune de Lavaur",
            InvoiceSettings = new CustomerInvoiceSettingsOptions { CustomFields = fields },
        }, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("invoice_settings[custom_fields]", error.StripeError.Param);
    }

    [Fact]
    public async Task Paying_without_a_payment_method_is_a_402_and_a_paid_invoice_cannot_be_paid_again()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, cancellationToken: Ct);
        var subscription = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), cancellationToken: Ct);

        var card = await Assert.ThrowsAsync<StripeException>(() => stripe.V1.Invoices.PayAsync(subscription.LatestInvoiceId, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.PaymentRequired, card.HttpStatusCode);
        Assert.Equal("card_error", card.StripeError.Type);

        await stripe.V1.Invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaidOutOfBand = true }, cancellationToken: Ct);
        var twice = await Assert.ThrowsAsync<StripeException>(() =>
            stripe.V1.Invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaidOutOfBand = true }, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.BadRequest, twice.HttpStatusCode);
        Assert.Equal("invoice_not_open", twice.StripeError.Code);
    }

    [Fact]
    public async Task An_unknown_route_answers_Stripe_s_error_shape()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nothing_here");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorHost.ApiKey);

        using var response = await simulator.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith("Unrecognized request URL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
