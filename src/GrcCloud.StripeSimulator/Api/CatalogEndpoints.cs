using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Products, prices and tax rates: what a plan is made of.</summary>
public static class CatalogEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/products", CreateProduct);
        v1.MapGet("/products/{id}", (string id, HttpContext context, StripeStore store) => Retrieve(store, context, "product", id));
        v1.MapPost("/prices", CreatePrice);
        v1.MapGet("/prices/{id}", (string id, HttpContext context, StripeStore store) => Retrieve(store, context, "price", id));
        v1.MapPost("/tax_rates", CreateTaxRate);
        v1.MapGet("/tax_rates/{id}", (string id, HttpContext context, StripeStore store) => Retrieve(store, context, "tax_rate", id));
    }

    private static IResult Retrieve(StripeStore store, HttpContext context, string objectType, string id)
    {
        lock (store.Gate)
            return Respond.Object(store, store.Require(objectType, id, objectType.Replace('_', ' '), "id"), context);
    }

    private static IResult CreateProduct(HttpContext context, StripeStore store)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var product = NewProduct(store, form);
            return Respond.Object(store, product, context);
        }
    }

    private static JsonObject NewProduct(StripeStore store, JsonObject form)
    {
        var product = Respond.Created(Ids.New("prod"), "product", store.Now(null));
        product["name"] = form.Required("name");
        product["active"] = form.Bool("active") ?? true;
        product["description"] = form.Text("description");
        product["tax_code"] = form.Text("tax_code");
        product["type"] = "service";
        Respond.MergeMetadata(product, form);
        store.Add(product);
        return product;
    }

    private static IResult CreatePrice(HttpContext context, StripeStore store)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var currency = form.Required("currency").ToLowerInvariant();
            var amount = form.Long("unit_amount") ?? throw StripeErrorException.Missing("unit_amount");
            if (amount < 0)
                throw StripeErrorException.Invalid("unit_amount", "This value must be greater than or equal to 0.");
            string productId;
            if (form.Object("product_data") is { } productData)
                productId = NewProduct(store, productData)["id"]!.GetValue<string>();
            else
                productId = store.Require("product", form.Required("product"), "product", "product")["id"]!.GetValue<string>();
            var taxBehavior = form.Text("tax_behavior") ?? "unspecified";
            if (taxBehavior is not ("exclusive" or "inclusive" or "unspecified"))
                throw StripeErrorException.Invalid("tax_behavior", $"Invalid tax_behavior: must be one of exclusive, inclusive, or unspecified");

            var price = Respond.Created(Ids.New("price"), "price", store.Now(null));
            price["active"] = form.Bool("active") ?? true;
            price["billing_scheme"] = "per_unit";
            price["currency"] = currency;
            price["lookup_key"] = form.Text("lookup_key");
            price["nickname"] = form.Text("nickname");
            price["product"] = productId;
            price["tax_behavior"] = taxBehavior;
            price["unit_amount"] = amount;
            price["unit_amount_decimal"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (form.Object("recurring") is { } recurring)
            {
                var interval = recurring.Required("interval");
                if (interval is not ("day" or "week" or "month" or "year"))
                    throw StripeErrorException.Invalid("recurring[interval]", "Invalid recurring[interval]: must be one of day, week, month, or year");
                price["recurring"] = new JsonObject
                {
                    ["interval"] = interval, ["interval_count"] = recurring.Long("interval_count") ?? 1, ["usage_type"] = "licensed",
                    ["meter"] = null, ["trial_period_days"] = null,
                };
                price["type"] = "recurring";
            }
            else
            {
                price["recurring"] = null;
                price["type"] = "one_time";
            }
            Respond.MergeMetadata(price, form);
            store.Add(price);
            return Respond.Object(store, price, context);
        }
    }

    private static IResult CreateTaxRate(HttpContext context, StripeStore store)
    {
        var form = context.Form();
        lock (store.Gate)
        {
            var percentage = form.Decimal("percentage") ?? throw StripeErrorException.Missing("percentage");
            if (percentage is < 0 or > 100)
                throw StripeErrorException.Invalid("percentage", "The percentage must be between 0 and 100.");
            var rate = Respond.Created(Ids.New("txr"), "tax_rate", store.Now(null));
            rate["active"] = form.Bool("active") ?? true;
            rate["country"] = form.Text("country");
            rate["description"] = form.Text("description");
            rate["display_name"] = form.Required("display_name");
            rate["effective_percentage"] = percentage;
            rate["inclusive"] = form.Bool("inclusive") ?? throw StripeErrorException.Missing("inclusive");
            rate["jurisdiction"] = form.Text("jurisdiction");
            rate["percentage"] = percentage;
            rate["tax_type"] = form.Text("tax_type");
            Respond.MergeMetadata(rate, form);
            store.Add(rate);
            return Respond.Object(store, rate, context);
        }
    }
}
