using System.Globalization;
using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Simulator;

/// <summary>
/// Invoices as Stripe builds them for send_invoice subscriptions: one per period, with the one-off
/// items added at creation, taxed by the subscription's default tax rates, finalized at once, due
/// days_until_due later. Callers hold the store's gate.
/// </summary>
public sealed class Billing(StripeStore store)
{
    public const long Day = 86_400;

    // Simulator bookkeeping kept off the objects, so that they render exactly as Stripe's.
    private readonly HashSet<string> _overdueRaised = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _periodsElapsed = new(StringComparer.Ordinal);

    /// <summary>The end of the period that starts <paramref name="periods"/> intervals after the anchor.</summary>
    public static long PeriodEnd(long anchor, JsonObject recurring, int periods)
    {
        var count = int.Parse(recurring["interval_count"]!.ToString(), CultureInfo.InvariantCulture) * periods;
        var start = DateTimeOffset.FromUnixTimeSeconds(anchor);
        var end = recurring["interval"]!.GetValue<string>() switch
        {
            "day" => start.AddDays(count),
            "week" => start.AddDays(7 * count),
            "year" => start.AddYears(count),
            _ => start.AddMonths(count),
        };
        return end.ToUnixTimeSeconds();
    }

    /// <summary>Builds the period's invoice (draft, then finalized), raising invoice.created and invoice.finalized.</summary>
    public JsonObject InvoiceSubscription(JsonObject subscription, JsonObject customer, IReadOnlyList<JsonObject> oneOffPrices, string billingReason, string baseUrl)
    {
        var now = store.Now(customer);
        var invoiceId = Ids.New("in");
        var taxRates = subscription["default_tax_rates"]!.AsArray().Select(r => (JsonObject)r!).ToList();
        var lines = new List<JsonObject>();
        foreach (var price in oneOffPrices)
        {
            var itemId = Ids.New("ii");
            var invoiceItem = new JsonObject
            {
                ["id"] = itemId, ["object"] = "invoiceitem", ["amount"] = price["unit_amount"]!.AsLong(), ["currency"] = price["currency"]!.GetValue<string>(),
                ["customer"] = customer["id"]!.GetValue<string>(), ["date"] = now, ["invoice"] = invoiceId, ["livemode"] = false, ["metadata"] = new JsonObject(),
                ["period"] = new JsonObject { ["start"] = now, ["end"] = now }, ["quantity"] = 1,
                ["pricing"] = Pricing(price), ["tax_rates"] = new JsonArray(taxRates.Select(t => (JsonNode?)t.DeepClone()).ToArray()),
                ["test_clock"] = customer["test_clock"]?.DeepClone(),
            };
            store.Add(invoiceItem);
            lines.Add(Line(invoiceId, price, now, now, taxRates, new JsonObject
            {
                ["type"] = "invoice_item_details",
                ["invoice_item_details"] = new JsonObject { ["invoice_item"] = itemId, ["subscription"] = subscription["id"]!.GetValue<string>() },
            }));
        }
        foreach (var item in subscription["items"]!["data"]!.AsArray().Select(i => (JsonObject)i!))
        {
            lines.Add(Line(invoiceId, (JsonObject)item["price"]!, item["current_period_start"]!.AsLong(), item["current_period_end"]!.AsLong(), taxRates, new JsonObject
            {
                ["type"] = "subscription_item_details",
                ["subscription_item_details"] = new JsonObject { ["subscription"] = subscription["id"]!.GetValue<string>(), ["subscription_item"] = item["id"]!.GetValue<string>() },
            }));
        }

        var subtotal = lines.Sum(l => l["amount"]!.AsLong());
        var totalTaxes = TotalTaxes(lines);
        var exclusiveTax = lines.SelectMany(l => l["taxes"]!.AsArray()).Where(t => t!["tax_behavior"]!.GetValue<string>() == "exclusive").Sum(t => t!["amount"]!.AsLong());
        var total = subtotal + exclusiveTax;
        var invoice = new JsonObject
        {
            ["id"] = invoiceId, ["object"] = "invoice", ["account_country"] = "FR", ["amount_due"] = total, ["amount_paid"] = 0, ["amount_remaining"] = total,
            ["attempt_count"] = 0, ["attempted"] = false, ["auto_advance"] = true, ["billing_reason"] = billingReason,
            ["days_until_due"] = subscription["days_until_due"]?.DeepClone(),
            ["collection_method"] = subscription["collection_method"]!.GetValue<string>(), ["created"] = now, ["currency"] = subscription["currency"]!.GetValue<string>(),
            ["custom_fields"] = customer["invoice_settings"]?["custom_fields"]?.DeepClone(),
            ["customer"] = customer["id"]!.GetValue<string>(), ["customer_address"] = customer["address"]?.DeepClone(),
            ["customer_email"] = customer["email"]?.DeepClone(), ["customer_name"] = customer["name"]?.DeepClone(),
            ["due_date"] = null, ["hosted_invoice_url"] = null, ["invoice_pdf"] = null, ["number"] = null,
            ["lines"] = StripeStore.List(lines, $"/v1/invoices/{invoiceId}/lines"), ["livemode"] = false, ["metadata"] = new JsonObject(),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details", ["quote_details"] = null,
                ["subscription_details"] = new JsonObject { ["metadata"] = subscription["metadata"]!.DeepClone(), ["subscription"] = subscription["id"]!.GetValue<string>() },
            },
            ["period_start"] = lines.Min(l => l["period"]!["start"]!.AsLong()), ["period_end"] = lines.Max(l => l["period"]!["end"]!.AsLong()),
            ["status"] = "draft", ["status_transitions"] = new JsonObject { ["finalized_at"] = null, ["marked_uncollectible_at"] = null, ["paid_at"] = null, ["voided_at"] = null },
            ["subtotal"] = subtotal, ["subtotal_excluding_tax"] = subtotal, ["total"] = total, ["total_excluding_tax"] = subtotal, ["total_taxes"] = totalTaxes,
            ["test_clock"] = customer["test_clock"]?.DeepClone(),
        };
        store.Add(invoice);
        subscription["latest_invoice"] = invoiceId;
        store.Raise("invoice.created", invoice, now);
        Finalize(invoice, customer, baseUrl);
        return invoice;
    }

    /// <summary>draft → open: numbered, due date set, documents served; raises invoice.finalized.</summary>
    public void Finalize(JsonObject invoice, JsonObject customer, string baseUrl)
    {
        if (invoice["status"]!.GetValue<string>() != "draft")
            throw new StripeErrorException(400, "invalid_request_error", "invoice_not_editable", $"This invoice is already finalized, you can't re-finalize a non-draft invoice.", null);
        var now = store.Now(customer);
        var sequence = customer["next_invoice_sequence"]!.AsLong();
        customer["next_invoice_sequence"] = sequence + 1;
        var id = invoice["id"]!.GetValue<string>();
        invoice["number"] = $"{customer["invoice_prefix"]!.GetValue<string>()}-{sequence:0000}";
        invoice["status"] = "open";
        invoice["status_transitions"]!["finalized_at"] = now;
        invoice["effective_at"] = now;
        if (invoice["collection_method"]!.GetValue<string>() == "send_invoice")
            invoice["due_date"] = now + (Days(invoice) * Day);
        invoice["hosted_invoice_url"] = $"{baseUrl}/invoices/{id}";
        invoice["invoice_pdf"] = $"{baseUrl}/invoices/{id}/pdf";
        store.Raise("invoice.finalized", invoice, now);
    }

    /// <summary>open → paid, the payment received outside Stripe (a bank transfer); raises invoice.paid.</summary>
    public void PayOutOfBand(JsonObject invoice, JsonObject customer)
    {
        if (invoice["status"]!.GetValue<string>() != "open")
            throw new StripeErrorException(400, "invalid_request_error", "invoice_not_open", $"Invoice {invoice["id"]} is {invoice["status"]}: only an open invoice can be paid.", null);
        var now = store.Now(customer);
        invoice["status"] = "paid";
        invoice["paid"] = true;
        invoice["paid_out_of_band"] = true;
        invoice["amount_paid"] = invoice["amount_due"]!.AsLong();
        invoice["amount_remaining"] = 0;
        invoice["status_transitions"]!["paid_at"] = now;
        store.Raise("invoice.paid", invoice, now);
    }

    /// <summary>
    /// Moves a test clock: each subscription of its customers renews as many periods as have ended
    /// (one invoice each), then every open invoice past its due date raises invoice.overdue once.
    /// </summary>
    public void Advance(JsonObject clock, long frozenTime, string baseUrl)
    {
        var clockId = clock["id"]!.GetValue<string>();
        clock["frozen_time"] = frozenTime;
        var customers = store.All("customer").Where(c => c["test_clock"]?.GetValue<string>() == clockId).ToList();
        foreach (var customer in customers)
        {
            var customerId = customer["id"]!.GetValue<string>();
            foreach (var subscription in store.All("subscription").Where(s => s["customer"]!.GetValue<string>() == customerId && s["status"]!.GetValue<string>() == "active").ToList())
                Renew(subscription, customer, frozenTime, baseUrl);
            foreach (var invoice in store.All("invoice").Where(i => i["customer"]!.GetValue<string>() == customerId).ToList())
            {
                if (invoice["status"]!.GetValue<string>() == "open" && invoice["due_date"]?.AsLong() is { } due && due <= frozenTime && _overdueRaised.Add(invoice["id"]!.GetValue<string>()))
                {
                    // Stripe stamps the event with the moment the invoice became overdue.
                    store.Raise("invoice.overdue", invoice, due);
                }
            }
        }
    }

    private void Renew(JsonObject subscription, JsonObject customer, long until, string baseUrl)
    {
        var item = (JsonObject)subscription["items"]!["data"]![0]!;
        var recurring = (JsonObject)item["price"]!["recurring"]!;
        var anchor = subscription["billing_cycle_anchor"]!.AsLong();
        while (item["current_period_end"]!.AsLong() <= until)
        {
            var previous = new JsonObject
            {
                ["items"] = subscription["items"]!.DeepClone(),
                ["latest_invoice"] = subscription["latest_invoice"]?.DeepClone(),
            };
            var start = item["current_period_end"]!.AsLong();
            var periods = _periodsElapsed.GetValueOrDefault(subscription["id"]!.GetValue<string>()) + 1;
            _periodsElapsed[subscription["id"]!.GetValue<string>()] = periods;
            foreach (var each in subscription["items"]!["data"]!.AsArray())
            {
                each!["current_period_start"] = start;
                each["current_period_end"] = PeriodEnd(anchor, recurring, periods + 1);
            }
            // The renewal happens at the period's start, not at the clock's final time.
            var frozen = store.Now(customer);
            SetClock(customer, start);
            InvoiceSubscription(subscription, customer, [], "subscription_cycle", baseUrl);
            store.Raise("customer.subscription.updated", subscription, start, previous);
            SetClock(customer, frozen);
        }
    }

    private void SetClock(JsonObject customer, long time)
    {
        var clockId = customer["test_clock"]!.GetValue<string>();
        store.Require("test_helpers.test_clock", clockId, "test clock", null)["frozen_time"] = time;
    }

    private static long Days(JsonObject invoice) => invoice["days_until_due"]?.AsLong() ?? 30;

    private string? Description(JsonObject price) =>
        price["nickname"]?.GetValue<string>() ?? store.Require("product", price["product"]!.GetValue<string>(), "product", null)["name"]?.GetValue<string>();

    private static JsonObject Pricing(JsonObject price) => new()
    {
        ["type"] = "price_details",
        ["price_details"] = new JsonObject { ["price"] = price["id"]!.GetValue<string>(), ["product"] = price["product"]!.GetValue<string>() },
        ["unit_amount_decimal"] = price["unit_amount"]!.AsLong().ToString(CultureInfo.InvariantCulture),
    };

    private JsonObject Line(string invoiceId, JsonObject price, long start, long end, List<JsonObject> taxRates, JsonObject parent)
    {
        var amount = price["unit_amount"]!.AsLong();
        var behavior = price["tax_behavior"]?.GetValue<string>() is "inclusive" ? "inclusive" : "exclusive";
        var taxes = taxRates.Select(rate =>
        {
            var percentage = rate["percentage"]!.AsDecimal();
            var tax = behavior == "exclusive"
                ? (long)Math.Round(amount * percentage / 100m, MidpointRounding.AwayFromZero)
                : amount - (long)Math.Round(amount * 100m / (100m + percentage), MidpointRounding.AwayFromZero);
            return (JsonNode?)new JsonObject
            {
                ["amount"] = tax, ["tax_behavior"] = behavior, ["taxability_reason"] = "standard_rated", ["taxable_amount"] = behavior == "exclusive" ? amount : amount - tax,
                ["type"] = "tax_rate_details", ["tax_rate_details"] = new JsonObject { ["tax_rate"] = rate["id"]!.GetValue<string>() },
            };
        }).ToArray();
        return new JsonObject
        {
            ["id"] = Ids.New("il"), ["object"] = "line_item", ["amount"] = amount, ["currency"] = price["currency"]!.GetValue<string>(),
            ["description"] = Description(price), ["discountable"] = true, ["invoice"] = invoiceId,
            ["livemode"] = false, ["metadata"] = new JsonObject(), ["parent"] = parent, ["period"] = new JsonObject { ["start"] = start, ["end"] = end },
            ["pricing"] = Pricing(price), ["quantity"] = 1, ["subtotal"] = amount, ["taxes"] = new JsonArray(taxes),
        };
    }

    private static JsonArray TotalTaxes(List<JsonObject> lines) =>
        new(lines.SelectMany(l => l["taxes"]!.AsArray().Select(t => (JsonObject)t!))
            .GroupBy(t => (Rate: t["tax_rate_details"]!["tax_rate"]!.GetValue<string>(), Behavior: t["tax_behavior"]!.GetValue<string>()))
            .Select(g => (JsonNode?)new JsonObject
            {
                ["amount"] = g.Sum(t => t["amount"]!.AsLong()), ["tax_behavior"] = g.Key.Behavior, ["taxability_reason"] = "standard_rated",
                ["taxable_amount"] = g.Sum(t => t["taxable_amount"]!.AsLong()), ["type"] = "tax_rate_details",
                ["tax_rate_details"] = new JsonObject { ["tax_rate"] = g.Key.Rate },
            }).ToArray());
}
