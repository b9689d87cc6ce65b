using QRCoder;

namespace GrcCloud.Host.Features.Identity;

/// <summary>How a TOTP key (RFC 6238, as ASP.NET Core Identity generates it) is shown to be added to an authenticator app.</summary>
public static class AuthenticatorKey
{
    /// <summary>In groups of four, lower case: easier to type by hand.</summary>
    public static string Format(string key) => string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();

    public static string Uri(string host, string email, string key)
    {
        var issuer = System.Uri.EscapeDataString($"GrcCloud {host}");
        return $"otpauth://totp/{issuer}:{System.Uri.EscapeDataString(email)}?secret={key}&issuer={issuer}&digits=6";
    }

    /// <summary>A PNG data URI (the security policy allows data: images, not inline styles an SVG would need).</summary>
    public static string QrCodeDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
