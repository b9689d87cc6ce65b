using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Subscriptions billed by invoice: created active, first invoice at once, cancelled at once.</summary>
public static class SubscriptionEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/subscriptions", Create);
        v1.MapGet("/subscriptions/{id}", (string id, HttpContext context, StripeStore store) =>
        {
            lock (store.Gate)
                return Respond.Object(store, store.Require("subscription", id, "subscription", "id"), context);
        });
        v1.MapDelete("/subscriptions/{id}", Cancel);
        v1.MapGet("/subscriptions", (HttpContext context, StripeStore store) =>
        {
            var customer = context.Form().Text("customer");
            lock (store.Gate)
            {
                var found = store.All("subscription").Where(s => customer is null || s["customer"]!.GetValue<string>() == customer).Reverse();
                return Results.Text(StripeStore.List(found, "/v1/subscriptions").ToJsonString(), "application/json");
            }
        });
    }

    private static IResult Create(HttpContext context, StripeStore store, Billing billing)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var customer = store.Require("customer", form.Required("customer"), "customer", "customer");
            var collection = form.Text("collection_method") ?? "charge_automatically";
            if (collection == "charge_automatically")
                throw new StripeErrorException(400, "invalid_request_error", "resource_missing", "This customer has no attached payment source or default payment method. The simulator bills by invoice only: use collection_method=send_invoice.", null);
            if (collection != "send_invoice")
                throw StripeErrorException.Invalid("collection_method", "Invalid collection_method: must be one of charge_automatically or send_invoice");
            var days = form.Long("days_until_due") ?? 30;

            var items = form.List("items").OfType<JsonObject>().ToList();
            if (items.Count == 0)
                throw StripeErrorException.Missing("items");
            var prices = items.Select((item, i) => store.Require("price", item.Required("price"), "price", $"items[{i}][price]")).ToList();
            if (prices.FirstOrDefault(p => p["recurring"] is null) is { } oneTime)
                throw StripeErrorException.Invalid("items[0][price]", $"The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.");
            var oneOff = form.List("add_invoice_items").OfType<JsonObject>()
                .Select((item, i) => store.Require("price", item.Required("price"), "price", $"add_invoice_items[{i}][price]")).ToList();
            var taxRates = form.Strings("default_tax_rates").Select((id, i) => store.Require("tax_rate", id, "tax rate", $"default_tax_rates[{i}]")).ToList();
            var currency = prices[0]["currency"]!.GetValue<string>();
            if (prices.Concat(oneOff).Any(p => p["currency"]!.GetValue<string>() != currency))
                throw StripeErrorException.Invalid("items", "All prices on a subscription must have the same currency.");

            var now = store.Now(customer);
            var id = Ids.New("sub");
            var subscription = Respond.Created(id, "subscription", now);
            subscription["billing_cycle_anchor"] = now;
            subscription["cancel_at"] = null;
            subscription["cancel_at_period_end"] = false;
            subscription["canceled_at"] = null;
            subscription["collection_method"] = collection;
            subscription["currency"] = currency;
            subscription["customer"] = customer["id"]!.GetValue<string>();
            subscription["days_until_due"] = days;
            subscription["default_tax_rates"] = new JsonArray(taxRates.Select(t => (JsonNode?)t.DeepClone()).ToArray());
            subscription["ended_at"] = null;
            subscription["latest_invoice"] = null;
            subscription["start_date"] = now;
            subscription["status"] = "active";
            subscription["test_clock"] = customer["test_clock"]?.DeepClone();
            var subscriptionItems = items.Select((item, i) =>
            {
                var quantity = item.Long("quantity") ?? 1;
                return (JsonNode?)new JsonObject
                {
                    ["id"] = Ids.New("si"), ["object"] = "subscription_item", ["created"] = now, ["metadata"] = new JsonObject(),
                    ["price"] = prices[i].DeepClone(), ["quantity"] = quantity, ["subscription"] = id, ["tax_rates"] = new JsonArray(),
                    ["current_period_start"] = now, ["current_period_end"] = Billing.PeriodEnd(now, (JsonObject)prices[i]["recurring"]!, 1),
                };
            }).ToArray();
            subscription["items"] = StripeStore.List([], $"/v1/subscription_items?subscription={id}");
            subscription["items"]!["data"] = new JsonArray(subscriptionItems);
            Respond.MergeMetadata(subscription, form);
            store.Add(subscription);
            store.Raise("customer.subscription.created", subscription, now);
            billing.InvoiceSubscription(subscription, customer, oneOff, "subscription_create", context.BaseUrl());
            return Respond.Object(store, subscription, context);
        }
    }

    private static IResult Cancel(string id, HttpContext context, StripeStore store)
    {
        lock (store.Gate)
        {
            var subscription = store.Require("subscription", id, "subscription", "id");
            if (subscription["status"]!.GetValue<string>() == "canceled")
                throw new StripeErrorException(404, "invalid_request_error", "resource_missing", $"No such subscription: '{id}' (it is already canceled).", "id");
            var customer = store.Require("customer", subscription["customer"]!.GetValue<string>(), "customer", null);
            var now = store.Now(customer);
            subscription["status"] = "canceled";
            subscription["canceled_at"] = now;
            subscription["ended_at"] = now;
            store.Raise("customer.subscription.deleted", subscription, now);
            return Respond.Object(store, subscription, context);
        }
    }
}
