using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Simulator;

/// <summary>
/// Every object of the simulated account, as the JSON Stripe returns, in memory. Handlers hold
/// <see cref="Gate"/> for their whole work: the simulator is small and a call is short.
/// </summary>
public sealed class StripeStore(TimeProvider time, WebhookDispatcher webhooks)
{
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public Lock Gate { get; } = new();

    public void Add(JsonObject item)
    {
        var id = item["id"]!.GetValue<string>();
        _objects.Add(id, item);
        _order.Add(id);
    }

    /// <summary>The object of that kind (the value of its "object" field), or Stripe's 404.</summary>
    public JsonObject Require(string objectType, string id, string kind, string? param)
    {
        if (_objects.TryGetValue(id, out var item) && item["object"]!.GetValue<string>() == objectType)
            return item;
        throw StripeErrorException.NoSuch(kind, id, param);
    }

    public IEnumerable<JsonObject> All(string objectType) =>
        _order.Select(id => _objects[id]).Where(o => o["object"]!.GetValue<string>() == objectType);

    /// <summary>Now for a customer: its test clock's frozen time when it has one, the real time otherwise.</summary>
    public long Now(JsonObject? customer)
    {
        if (customer?["test_clock"]?.GetValue<string>() is { } clockId && _objects.TryGetValue(clockId, out var clock))
            return clock["frozen_time"]!.AsLong();
        return time.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>Records an event carrying a copy of the object as it is now, and sends it to the webhook endpoints.</summary>
    public JsonObject Raise(string type, JsonObject item, long created, JsonObject? previousAttributes = null)
    {
        var data = new JsonObject { ["object"] = item.DeepClone() };
        if (previousAttributes is not null)
            data["previous_attributes"] = previousAttributes;
        var evt = new JsonObject
        {
            ["id"] = Ids.New("evt"),
            ["object"] = "event",
            ["api_version"] = StripeSimulatorOptions.ApiVersion,
            ["created"] = created,
            ["data"] = data,
            ["livemode"] = false,
            ["pending_webhooks"] = webhooks.EndpointCount,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        Add(evt);
        webhooks.Enqueue(evt["id"]!.GetValue<string>(), type, evt.ToJsonString());
        return evt;
    }

    /// <summary>The object's JSON with the requested fields expanded (top level, and one level down: "a.b").</summary>
    public string Render(JsonObject item, IEnumerable<string> expand)
    {
        var copy = (JsonObject)item.DeepClone();
        foreach (var path in expand)
        {
            var parts = path.Split('.');
            var parent = copy;
            for (var i = 0; i < parts.Length - 1 && parent is not null; i++)
                parent = parent[parts[i]] as JsonObject;
            var field = parts[^1];
            if (parent?[field] is JsonValue value && value.TryGetValue<string>(out var id) && _objects.TryGetValue(id, out var target))
                parent[field] = target.DeepClone();
        }
        return copy.ToJsonString();
    }

    public static JsonObject List(IEnumerable<JsonObject> items, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items.Select(i => (JsonNode?)i.DeepClone()).ToArray()),
        ["has_more"] = false,
        ["url"] = url,
    };
}
