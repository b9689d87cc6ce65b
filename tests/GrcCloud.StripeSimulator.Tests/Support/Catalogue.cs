using Stripe;

namespace GrcCloud.StripeSimulator.Tests.Support;

/// <summary>The reference contract as the billing module will set it up: prices without VAT, 20 % on top.</summary>
public sealed record Catalogue(Price Quarterly, Price SetUp, TaxRate Vat)
{
    // 500 EUR and 5,500 EUR incl. VAT, stored without it: 416.67 and 4,583.33.
    public const long QuarterlyExclTax = 41_667;
    public const long SetUpExclTax = 458_333;

    public static async Task<Catalogue> CreateAsync(StripeClient stripe)
    {
        var ct = TestContext.Current.CancellationToken;
        var product = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "GrcCloud — guichet numérique" }, cancellationToken: ct);
        var quarterly = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "eur", UnitAmount = QuarterlyExclTax, TaxBehavior = "exclusive", Nickname = "Abonnement trimestriel",
            Recurring = new PriceRecurringOptions { Interval = "month", IntervalCount = 3 },
        }, cancellationToken: ct);
        var setUp = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "eur", UnitAmount = SetUpExclTax, TaxBehavior = "exclusive", Nickname = "Mise en service",
        }, cancellationToken: ct);
        var vat = await stripe.V1.TaxRates.CreateAsync(new TaxRateCreateOptions
        {
            DisplayName = "TVA", Percentage = 20m, Inclusive = false, Country = "FR", TaxType = "vat",
        }, cancellationToken: ct);
        return new Catalogue(quarterly, setUp, vat);
    }

    public SubscriptionCreateOptions Subscription(string customerId) => new()
    {
        Customer = customerId,
        Items = [new SubscriptionItemOptions { Price = Quarterly.Id }],
        AddInvoiceItems = [new SubscriptionAddInvoiceItemOptions { Price = SetUp.Id }],
        CollectionMethod = "send_invoice",
        DaysUntilDue = 30,
        DefaultTaxRates = [Vat.Id],
    };
}
