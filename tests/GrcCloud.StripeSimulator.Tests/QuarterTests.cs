using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;
using Stripe.TestHelpers;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>A town's first quarter and the next, through Stripe.net: the billing module's whole path.</summary>
public sealed class QuarterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_quarter_is_invoiced_paid_renewed_then_overdue()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var start = new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);
        var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = start.UtcDateTime, Name = "Lavaur" }, cancellationToken: Ct);
        Assert.StartsWith("clock_", clock.Id, StringComparison.Ordinal);

        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Name = "Commune de Lavaur",
            Email = "finances@ville-lavaur.fr",
            Address = new AddressOptions { Line1 = "Place du Plô", PostalCode = "81500", City = "Lavaur", Country = "FR" },
            Metadata = new Dictionary<string, string> { ["tenant_id"] = "lavaur" },
            TestClock = clock.Id,
            InvoiceSettings = new CustomerInvoiceSettingsOptions
            {
                CustomFields =
                [
                    new CustomerInvoiceSettingsCustomFieldOptions { Name = "SIRET", Value = "21810140900013" },
                    new CustomerInvoiceSettingsCustomFieldOptions { Name = "Code service", Value = "FIN" },
                    new CustomerInvoiceSettingsCustomFieldOptions { Name = "N° d'engagement", Value = "EJ-2027-042" },
                ],
            },
        }, cancellationToken: Ct);
        Assert.StartsWith("cus_", customer.Id, StringComparison.Ordinal);
        Assert.Equal("lavaur", customer.Metadata["tenant_id"]);
        Assert.Equal("Lavaur", customer.Address.City);
        Assert.Equal(clock.Id, customer.TestClockId);

        var options = catalogue.Subscription(customer.Id);
        options.AddExpand("latest_invoice");
        var subscription = await stripe.V1.Subscriptions.CreateAsync(options, cancellationToken: Ct);
        Assert.StartsWith("sub_", subscription.Id, StringComparison.Ordinal);
        Assert.Equal("active", subscription.Status);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal(start.UtcDateTime, item.CurrentPeriodStart);
        Assert.Equal(start.AddMonths(3).UtcDateTime, item.CurrentPeriodEnd);
        Assert.Equal(3, item.Price.Recurring.IntervalCount);

        // The first invoice: set-up fee and first quarter, 20 % VAT on top, finalized, due in 30 days.
        var first = subscription.LatestInvoice;
        Assert.StartsWith("in_", first.Id, StringComparison.Ordinal);
        Assert.Equal("open", first.Status);
        Assert.Equal(subscription.Id, first.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal(2, first.Lines.Data.Count);
        Assert.Contains(first.Lines.Data, l => l.Amount == Catalogue.SetUpExclTax && l.Pricing.PriceDetails.PriceId == catalogue.SetUp.Id);
        Assert.Contains(first.Lines.Data, l => l.Amount == Catalogue.QuarterlyExclTax && l.Pricing.PriceDetails.PriceId == catalogue.Quarterly.Id);
        Assert.All(first.Lines.Data, l => Assert.Equal(catalogue.Vat.Id, Assert.Single(l.Taxes).TaxRateDetails.TaxRateId));
        Assert.Equal(500_000, first.Subtotal);
        Assert.Equal(100_000, Assert.Single(first.TotalTaxes).Amount);
        Assert.Equal(600_000, first.Total); // 5,500 + 500 EUR incl. VAT
        Assert.Equal(600_000, first.AmountDue);
        Assert.Equal(start.AddDays(30).UtcDateTime, first.DueDate);
        Assert.Equal(["SIRET", "Code service", "N° d'engagement"], first.CustomFields.Select(f => f.Name));
        Assert.Equal("EJ-2027-042", first.CustomFields[2].Value);

        // The documents it links to are served.
        var page = await simulator.Http.GetStringAsync(new Uri(first.HostedInvoiceUrl), Ct);
        Assert.Contains("21810140900013", page, StringComparison.Ordinal);
        var pdf = await simulator.Http.GetByteArrayAsync(new Uri(first.InvoicePdf), Ct);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        // The commune's transfer arrives.
        var paid = await stripe.V1.Invoices.PayAsync(first.Id, new InvoicePayOptions { PaidOutOfBand = true }, cancellationToken: Ct);
        Assert.Equal("paid", paid.Status);
        Assert.Equal(600_000, paid.AmountPaid);
        Assert.Equal(0, paid.AmountRemaining);

        // A quarter later: the next period's invoice, finalized, the subscription moved on.
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddMonths(3).AddHours(1).UtcDateTime }, cancellationToken: Ct);
        var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id }, cancellationToken: Ct);
        Assert.Equal(2, invoices.Data.Count);
        var second = invoices.Data[0];
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("open", second.Status);
        Assert.Equal(50_000, second.Total);
        Assert.Equal(start.AddMonths(3).UtcDateTime, Assert.Single(second.Lines.Data).Period.Start);
        Assert.Equal(start.AddMonths(3).AddDays(30).UtcDateTime, second.DueDate);
        var renewed = await stripe.V1.Subscriptions.GetAsync(subscription.Id, cancellationToken: Ct);
        Assert.Equal(start.AddMonths(3).UtcDateTime, renewed.Items.Data[0].CurrentPeriodStart);
        Assert.Equal(start.AddMonths(6).UtcDateTime, renewed.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal(second.Id, renewed.LatestInvoiceId);

        // Unpaid past its due date: invoice.overdue, for that invoice only.
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddMonths(3).AddDays(31).UtcDateTime }, cancellationToken: Ct);
        var overdue = await stripe.V1.Events.ListAsync(new EventListOptions { Type = "invoice.overdue" }, cancellationToken: Ct);
        var evt = Assert.Single(overdue.Data);
        Assert.StartsWith("evt_", evt.Id, StringComparison.Ordinal);
        Assert.Equal(second.Id, Assert.IsType<Invoice>(evt.Data.Object).Id);
        var fetched = await stripe.V1.Events.GetAsync(evt.Id, cancellationToken: Ct);
        Assert.Equal("invoice.overdue", fetched.Type);
    }

    [Fact]
    public async Task A_cancelled_subscription_is_no_longer_renewed()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        var catalogue = await Catalogue.CreateAsync(stripe);
        var start = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = start.UtcDateTime }, cancellationToken: Ct);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Gaillac", TestClock = clock.Id }, cancellationToken: Ct);
        var subscription = await stripe.V1.Subscriptions.CreateAsync(catalogue.Subscription(customer.Id), cancellationToken: Ct);

        var cancelled = await stripe.V1.Subscriptions.CancelAsync(subscription.Id, cancellationToken: Ct);
        Assert.Equal("canceled", cancelled.Status);
        await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddMonths(7).UtcDateTime }, cancellationToken: Ct);

        var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id }, cancellationToken: Ct);
        Assert.Single(invoices.Data);
        var deleted = await stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.deleted" }, cancellationToken: Ct);
        Assert.Equal(subscription.Id, Assert.IsType<Subscription>(Assert.Single(deleted.Data).Data.Object).Id);
    }
}
