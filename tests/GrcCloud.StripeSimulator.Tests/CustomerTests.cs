using System.Net.Http.Json;
using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>A town's Chorus Pro references change over time: the next invoices print the new ones.</summary>
public sealed class CustomerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_update_replaces_the_custom_fields_and_removes_an_emptied_metadata_key()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Commune de Lavaur",
            Metadata = new Dictionary<string, string> { ["tenant_id"] = "lavaur", ["plan"] = "standard" },
            InvoiceSettings = new CustomerInvoiceSettingsOptions
            {
                CustomFields = [new CustomerInvoiceSettingsCustomFieldOptions { Name = "SIRET", Value = "21810140900013" }],
            },
        }, cancellationToken: Ct);

        await stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            Metadata = new Dictionary<string, string> { ["plan"] = "" },
            Address = new AddressOptions { City = "Lavaur", PostalCode = "81500", Country = "FR" },
            InvoiceSettings = new CustomerInvoiceSettingsOptions
            {
                CustomFields =
                [
                    new CustomerInvoiceSettingsCustomFieldOptions { Name = "SIRET", Value = "21810140900013" },
                    new CustomerInvoiceSettingsCustomFieldOptions { Name = "N° d'engagement", Value = "EJ-2028-001" },
                ],
            },
        }, cancellationToken: Ct);
        var stored = await stripe.V1.Customers.GetAsync(customer.Id, cancellationToken: Ct);

        Assert.Equal("lavaur", Assert.Single(stored.Metadata).Value);
        Assert.Equal("81500", stored.Address.PostalCode);
        Assert.Equal(["SIRET", "N° d'engagement"], stored.InvoiceSettings.CustomFields.Select(f => f.Name));

        var catalogue = await Catalogue.CreateAsync(stripe);
        var subscription = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), cancellationToken: Ct);
        var invoice = await stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId, cancellationToken: Ct);
        Assert.Equal("EJ-2028-001", invoice.CustomFields[1].Value);
        Assert.Equal("Lavaur", invoice.CustomerAddress.City);
    }

    [Fact]
    public async Task A_webhook_endpoint_added_at_run_time_receives_the_payment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Gaillac" }, cancellationToken: Ct);
        var subscription = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), cancellationToken: Ct);
        using (var added = await simulator.Http.PostAsJsonAsync("/_simulator/webhook_endpoints", new { url = receiver.Url, secret = WebhookReceiver.Secret }, Ct))
            added.EnsureSuccessStatusCode();

        await stripe.V1.Invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaidOutOfBand = true }, cancellationToken: Ct);

        var delivery = Assert.Single(await simulator.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Status == "succeeded"));
        Assert.Equal("invoice.paid", delivery.Type);
        var evt = EventUtility.ConstructEvent(Assert.Single(receiver.Received).Payload, receiver.Received[0].Signature, WebhookReceiver.Secret);
        var paid = Assert.IsType<Invoice>(evt.Data.Object);
        Assert.Equal("paid", paid.Status);
        Assert.Equal(subscription.LatestInvoiceId, paid.Id);
    }

    [Fact]
    public async Task Customers_are_listed_newest_first_and_filtered_by_email()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var lavaur = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur", Email = "finances@lavaur.example" }, cancellationToken: TestContext.Current.CancellationToken);
        var gaillac = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Gaillac", Email = "finances@gaillac.example" }, cancellationToken: TestContext.Current.CancellationToken);

        var all = await stripe.V1.Customers.ListAsync(cancellationToken: TestContext.Current.CancellationToken);
        var one = await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "finances@lavaur.example" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([gaillac.Id, lavaur.Id], all.Data.Select(c => c.Id));
        Assert.Equal(lavaur.Id, Assert.Single(one.Data).Id);
    }
}
