using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Customers: a town, with its address and the Chorus Pro references printed on its invoices.</summary>
public static class CustomerEndpoints
{
    private static readonly string[] AddressFields = ["city", "country", "line1", "line2", "postal_code", "state"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/customers", Create);
        v1.MapPost("/customers/{id}", Update);
        v1.MapGet("/customers", (HttpContext context, StripeStore store) =>
        {
            var email = context.Form().Text("email");
            lock (store.Gate)
            {
                var found = store.All("customer").Where(c => email is null || c["email"]?.GetValue<string>() == email).Reverse();
                return Results.Text(StripeStore.List(found, "/v1/customers").ToJsonString(), "application/json");
            }
        });
        v1.MapGet("/customers/{id}", (string id, HttpContext context, StripeStore store) =>
        {
            lock (store.Gate)
                return Respond.Object(store, store.Require("customer", id, "customer", "id"), context);
        });
    }

    private static IResult Create(HttpContext context, StripeStore store)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var customer = Respond.Created(Ids.New("cus"), "customer", store.Now(null));
            customer["address"] = null;
            customer["currency"] = null;
            customer["delinquent"] = false;
            customer["invoice_prefix"] = Ids.New("X")[2..10].ToUpperInvariant();
            customer["invoice_settings"] = new JsonObject { ["custom_fields"] = null, ["default_payment_method"] = null, ["footer"] = null, ["rendering_options"] = null };
            customer["next_invoice_sequence"] = 1;
            customer["preferred_locales"] = new JsonArray();
            customer["test_clock"] = null;
            if (form.Text("test_clock") is { Length: > 0 } clockId)
            {
                var clock = store.Require("test_helpers.test_clock", clockId, "test clock", "test_clock");
                customer["test_clock"] = clockId;
                customer["created"] = clock["frozen_time"]!.DeepClone();
            }
            Apply(customer, form);
            store.Add(customer);
            return Respond.Object(store, customer, context);
        }
    }

    private static IResult Update(string id, HttpContext context, StripeStore store)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var customer = store.Require("customer", id, "customer", "id");
            if (form.Text("test_clock") is not null)
                throw new StripeErrorException(400, "invalid_request_error", "parameter_unknown", "Received unknown parameter: test_clock", "test_clock");
            Apply(customer, form);
            return Respond.Object(store, customer, context);
        }
    }

    private static void Apply(JsonObject customer, JsonObject form)
    {
        foreach (var field in new[] { "name", "email", "description", "phone" })
            if (form.Text(field) is { } value)
                customer[field] = value.Length == 0 ? null : value;
        if (form.Object("address") is { } address)
        {
            var current = customer["address"] as JsonObject ?? AddressFields.Aggregate(new JsonObject(), (o, f) => { o[f] = null; return o; });
            foreach (var field in AddressFields)
                if (address.Text(field) is { } value)
                    current[field] = value.Length == 0 ? null : value;
            customer["address"] = current;
        }
        if (form.Strings("preferred_locales") is { Count: > 0 } locales)
            customer["preferred_locales"] = new JsonArray(locales.Select(l => (JsonNode?)l).ToArray());
        if (form.Object("invoice_settings") is { } settings)
            ApplyInvoiceSettings((JsonObject)customer["invoice_settings"]!, settings);
        Respond.MergeMetadata(customer, form);
    }

    private static void ApplyInvoiceSettings(JsonObject current, JsonObject settings)
    {
        if (settings.Text("footer") is { } footer)
            current["footer"] = footer.Length == 0 ? null : footer;
        if (settings["custom_fields"] is JsonValue)
        {
            current["custom_fields"] = null; // an empty value clears them
            return;
        }
        var fields = settings.List("custom_fields").OfType<JsonObject>().ToList();
        if (settings["custom_fields"] is null)
            return;
        // Stripe's limits: four fields, names of 40 characters at most, values of 140.
        if (fields.Count > 4)
            throw StripeErrorException.Invalid("invoice_settings[custom_fields]", "You can have at most 4 custom fields.");
        var result = new JsonArray();
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Text("name") is { Length: > 0 } n ? n : throw StripeErrorException.Missing($"invoice_settings[custom_fields][{i}][name]");
            var value = fields[i].Text("value") is { Length: > 0 } v ? v : throw StripeErrorException.Missing($"invoice_settings[custom_fields][{i}][value]");
            if (name.Length > 40)
                throw StripeErrorException.Invalid($"invoice_settings[custom_fields][{i}][name]", "Custom field names can be at most 40 characters.");
            if (value.Length > 140)
                throw StripeErrorException.Invalid($"invoice_settings[custom_fields][{i}][value]", "Custom field values can be at most 140 characters.");
            result.Add(new JsonObject { ["name"] = name, ["value"] = value });
        }
        current["custom_fields"] = result;
    }
}
