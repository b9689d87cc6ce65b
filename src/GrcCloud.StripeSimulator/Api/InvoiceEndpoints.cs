using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Invoices: listed by customer or subscription, finalized, paid out of band (a bank transfer).</summary>
public static class InvoiceEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices", List);
        v1.MapGet("/invoices/{id}", (string id, HttpContext context, StripeStore store) =>
        {
            lock (store.Gate)
                return Respond.Object(store, store.Require("invoice", id, "invoice", "id"), context);
        });
        v1.MapPost("/invoices/{id}/finalize", (string id, HttpContext context, StripeStore store, Billing billing) =>
        {
            lock (store.Gate)
            {
                var invoice = store.Require("invoice", id, "invoice", "id");
                billing.Finalize(invoice, Customer(store, invoice), context.BaseUrl());
                return Respond.Object(store, invoice, context);
            }
        });
        v1.MapPost("/invoices/{id}/pay", Pay);
    }

    private static IResult List(HttpContext context, StripeStore store)
    {
        var form = context.Form();
        var customer = form.Text("customer");
        var subscription = form.Text("subscription");
        var status = form.Text("status");
        var limit = (int)Math.Clamp(form.Long("limit") ?? 10, 1, 100);
        lock (store.Gate)
        {
            // Newest first, as Stripe lists.
            var found = store.All("invoice")
                .Where(i => customer is null || i["customer"]!.GetValue<string>() == customer)
                .Where(i => subscription is null || i["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>() == subscription)
                .Where(i => status is null || i["status"]!.GetValue<string>() == status)
                .Reverse().ToList();
            var list = StripeStore.List(found.Take(limit), "/v1/invoices");
            list["has_more"] = found.Count > limit;
            return Results.Text(list.ToJsonString(), "application/json");
        }
    }

    private static IResult Pay(string id, HttpContext context, StripeStore store, Billing billing)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var invoice = store.Require("invoice", id, "invoice", "id");
            if (form.Bool("paid_out_of_band") != true)
                throw new StripeErrorException(402, "card_error", "invoice_no_payment_method_types", "This invoice has no payment method to charge. Communes pay by transfer: record it with paid_out_of_band=true.", null);
            billing.PayOutOfBand(invoice, Customer(store, invoice));
            return Respond.Object(store, invoice, context);
        }
    }

    private static System.Text.Json.Nodes.JsonObject Customer(StripeStore store, System.Text.Json.Nodes.JsonObject invoice) =>
        store.Require("customer", invoice["customer"]!.GetValue<string>(), "customer", null);
}
