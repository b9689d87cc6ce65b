using System.Globalization;
using System.Text.Json.Nodes;

namespace GrcCloud.StripeSimulator.Wire;

/// <summary>Numbers read back from the stored JSON whatever .NET type they were written with.</summary>
public static class JsonReads
{
    public static long AsLong(this JsonNode node) => long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    public static decimal AsDecimal(this JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Number, CultureInfo.InvariantCulture);
}
