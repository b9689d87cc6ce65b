using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Shared pieces of the handlers: parameters, answers, metadata.</summary>
public static class Respond
{
    public static JsonObject Form(this HttpContext context) => StripeApiMiddleware.Form(context);

    /// <summary>The object as JSON, expanded as the call's expand[] asks.</summary>
    public static IResult Object(StripeStore store, JsonObject item, HttpContext context) =>
        Results.Text(store.Render(item, context.Form().Strings("expand")), "application/json");

    /// <summary>Where the simulator serves what it links to (hosted invoice pages, PDFs).</summary>
    public static string BaseUrl(this HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    /// <summary>Stripe's metadata rules: keys set or replaced one by one, an empty value removes the key.</summary>
    public static void MergeMetadata(JsonObject target, JsonObject form)
    {
        var metadata = target["metadata"] as JsonObject ?? new JsonObject();
        target["metadata"] = metadata;
        if (form["metadata"] is JsonValue cleared && cleared.GetValue<string>().Length == 0)
        {
            metadata.Clear();
            return;
        }
        foreach (var (key, value) in form.Object("metadata") ?? [])
        {
            var text = value?.GetValue<string>() ?? "";
            if (text.Length == 0)
                metadata.Remove(key);
            else
                metadata[key] = text;
        }
    }

    public static JsonObject Created(string id, string objectType, long created) => new()
    {
        ["id"] = id, ["object"] = objectType, ["created"] = created, ["livemode"] = false, ["metadata"] = new JsonObject(),
    };
}
