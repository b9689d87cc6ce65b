using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// What every subscription is made of at Stripe, created once and remembered in platform: the 20 %
/// exclusive VAT rate, and per plan a product with its set-up price and quarterly price. Prices are
/// immutable at Stripe: new amounts make new prices (for new subscriptions); running ones keep theirs.
/// </summary>
public sealed class StripeCatalogue(PlatformDbContext db, StripeClient stripe, BillingClock clock)
{
    public async Task<string> TaxRateAsync(decimal vatPercent, CancellationToken cancellationToken)
    {
        var settings = await db.BillingSettings.SingleAsync(cancellationToken);
        if (settings.StripeTaxRateId is { } known && vatPercent == 20m)
            return known;
        var rate = await stripe.V1.TaxRates.CreateAsync(new TaxRateCreateOptions
        {
            DisplayName = "TVA",
            Description = $"TVA France {vatPercent:0.##} %",
            Percentage = vatPercent,
            Inclusive = false,
            Country = "FR",
            Jurisdiction = "FR",
        }, Keys.Request($"tax-rate-fr-{vatPercent:0.##}"), cancellationToken);
        if (vatPercent == 20m)
        {
            settings.StripeTaxRateId = rate.Id;
            settings.UpdatedAt = clock.Now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return rate.Id;
    }

    public async Task<PlanStripePrices> PricesAsync(PlanRecord plan, CancellationToken cancellationToken)
    {
        var prices = await db.PlanStripePrices.SingleOrDefaultAsync(p => p.PlanId == plan.Id, cancellationToken);
        if (prices is not null && prices.SetupFeeCents == plan.SetupFeeCents && prices.QuarterlyFeeCents == plan.QuarterlyFeeCents)
            return prices;
        var productId = prices?.StripeProductId ?? (await stripe.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Name = $"GrcCloud – {plan.Name}",
            Metadata = new Dictionary<string, string> { ["plan_id"] = plan.Id.ToString(), ["plan_code"] = plan.Code },
        }, Keys.Request($"plan-{plan.Id}-product"), cancellationToken)).Id;
        var setup = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = productId,
            Currency = "eur",
            UnitAmount = plan.SetupFeeCents,
            TaxBehavior = "exclusive",
            Nickname = "Mise en service",
        }, Keys.Request($"plan-{plan.Id}-setup-{plan.SetupFeeCents}"), cancellationToken);
        var quarterly = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = productId,
            Currency = "eur",
            UnitAmount = plan.QuarterlyFeeCents,
            TaxBehavior = "exclusive",
            Nickname = "Abonnement trimestriel",
            Recurring = new PriceRecurringOptions { Interval = "month", IntervalCount = 3 },
        }, Keys.Request($"plan-{plan.Id}-quarterly-{plan.QuarterlyFeeCents}"), cancellationToken);
        if (prices is null)
        {
            prices = new PlanStripePrices { PlanId = plan.Id, StripeProductId = productId, SetupPriceId = setup.Id, QuarterlyPriceId = quarterly.Id };
            db.PlanStripePrices.Add(prices);
        }
        prices.SetupPriceId = setup.Id;
        prices.SetupFeeCents = plan.SetupFeeCents;
        prices.QuarterlyPriceId = quarterly.Id;
        prices.QuarterlyFeeCents = plan.QuarterlyFeeCents;
        prices.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(cancellationToken);
        return prices;
    }
}

/// <summary>
/// Idempotency keys derived from what is being made (town id, plan, purpose), never random: a retry,
/// by Stripe.net or by an operator pressing the button again, replays the first answer at Stripe.
/// </summary>
public static class Keys
{
    public static RequestOptions Request(string purpose) => new() { IdempotencyKey = $"grccloud-{purpose}" };
}
