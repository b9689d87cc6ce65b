using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// <c>GrcCloud-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, the HMAC of <c>"{t}.{body}"</c>
/// keyed with the subscription's secret (its UTF-8 bytes). A receiver recomputes it over the raw body,
/// compares in constant time, and refuses a timestamp more than five minutes away from its clock (replay).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "GrcCloud-Signature";
    public const string EventHeader = "GrcCloud-Event";
    public const string DeliveryHeader = "GrcCloud-Delivery";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What a receiver does (and what the tests do): true when the header matches the body and is recent.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        if (!long.TryParse(parts["t"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > Tolerance)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body).Split("v1=")[1]);
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v)));
    }
}
