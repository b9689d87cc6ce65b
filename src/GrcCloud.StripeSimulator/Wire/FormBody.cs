using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace GrcCloud.StripeSimulator.Wire;

/// <summary>
/// Stripe's form encoding read into a tree: <c>items[0][price]=p</c> gives {"items":[{"price":"p"}]},
/// <c>expand[]=x</c> appends, <c>metadata[k]=v</c> gives an object. Every leaf is a string.
/// </summary>
public static class FormBody
{
    public static JsonObject Parse(string encoded)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, values) in QueryHelpers.ParseQuery(encoded))
            foreach (var value in values)
                Insert(root, Segments(key), value ?? "");
        return (JsonObject)ToNode(root);
    }

    private static List<string> Segments(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
            return [key];
        var segments = new List<string> { key[..open] };
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
                break;
            segments.Add(key[(open + 1)..close]);
            open = close + 1 < key.Length && key[close + 1] == '[' ? close + 1 : -1;
        }
        return segments;
    }

    private static void Insert(Dictionary<string, object> node, List<string> segments, string value)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            // "[]" appends: its index is the count so far.
            var segment = segments[i].Length == 0 ? node.Count.ToString(CultureInfo.InvariantCulture) : segments[i];
            if (i == segments.Count - 1)
            {
                node[segment] = value;
                return;
            }
            if (!node.TryGetValue(segment, out var child) || child is not Dictionary<string, object> inner)
                node[segment] = inner = new Dictionary<string, object>(StringComparer.Ordinal);
            node = inner;
        }
    }

    private static JsonNode ToNode(object value)
    {
        if (value is string text)
            return JsonValue.Create(text);
        var map = (Dictionary<string, object>)value;
        // An object whose keys are all indexes is a list, in index order.
        if (map.Count > 0 && map.Keys.All(k => k.Length > 0 && k.All(char.IsAsciiDigit)))
            return new JsonArray(map.OrderBy(p => int.Parse(p.Key, CultureInfo.InvariantCulture)).Select(p => (JsonNode?)ToNode(p.Value)).ToArray());
        var result = new JsonObject();
        foreach (var (key, child) in map)
            result[key] = ToNode(child);
        return result;
    }
}

/// <summary>Typed reads of a parsed form, failing in Stripe's words.</summary>
public static class FormReads
{
    public static string? Text(this JsonObject form, string name) => form[name] is JsonValue v ? v.GetValue<string>() : null;

    public static string Required(this JsonObject form, string name) =>
        form.Text(name) is { Length: > 0 } value ? value : throw StripeErrorException.Missing(name);

    public static long? Long(this JsonObject form, string name)
    {
        if (form.Text(name) is not { Length: > 0 } text)
            return null;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeErrorException.Invalid(name, $"Invalid integer: {text}");
    }

    public static decimal? Decimal(this JsonObject form, string name)
    {
        if (form.Text(name) is not { Length: > 0 } text)
            return null;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeErrorException.Invalid(name, $"Invalid decimal: {text}");
    }

    public static bool? Bool(this JsonObject form, string name) => form.Text(name) switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        var other => throw StripeErrorException.Invalid(name, $"Invalid boolean: {other}"),
    };

    public static JsonObject? Object(this JsonObject form, string name) => form[name] as JsonObject;

    /// <summary>A list; Stripe.net sends an empty string to clear one, read as empty.</summary>
    public static IReadOnlyList<JsonNode?> List(this JsonObject form, string name) => form[name] is JsonArray array ? [.. array] : [];

    public static IReadOnlyList<string> Strings(this JsonObject form, string name) =>
        form.List(name).OfType<JsonValue>().Select(v => v.GetValue<string>()).ToList();
}
