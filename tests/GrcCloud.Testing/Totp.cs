using System.Security.Cryptography;
using AngleSharp.Dom;

namespace GrcCloud.Testing;

/// <summary>What an authenticator app computes from a key, as ASP.NET Core Identity checks it.</summary>
public static class Totp
{
    /// <summary>The key a set-up page shows (".totp-key", in groups of four, lower case), as Identity stores it.</summary>
    public static string KeyOf(IDocument page) => page.Text(".totp-key").Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>RFC 6238 (SHA-1, 30 s, 6 digits), what an authenticator app computes from the key.</summary>
    public static string Code(string base32Key)
    {
        var key = Base32(base32Key);
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(counter);
#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1: the test computes what they compute.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3]) % 1_000_000;
        return code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
