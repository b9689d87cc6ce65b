using System.Text.Json;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>What the platform remembers between leaving for FranceConnect and coming back.</summary>
public sealed record FranceConnectFlowState(string State, string? Nonce, string? ReturnUrl, DateTimeOffset StartedAt);

/// <summary>
/// Short-lived, encrypted, host-only cookies for the FranceConnect round trips (sign-in, account link,
/// sign-out). The protector's purpose holds the town's id: a cookie made for one town is unreadable
/// on another's host.
/// </summary>
public sealed class FranceConnectFlow(IDataProtectionProvider dataProtection, TenantContext tenant, TenancyOptions tenancy)
{
    public const string SignInCookie = "grc_fc_signin";
    public const string LinkCookie = "grc_fc_link";
    public const string SignOutCookie = "grc_fc_signout";

    /// <summary>
    /// Where FranceConnect sends the person back: the town's host they came on (its cookies are host-only)
    /// with the configured scheme and port, as registered with FranceConnect; never the client's Host header.
    /// </summary>
    public string ReturnUrl(HttpContext context, string path) => tenancy.RequestOrigin(context) + path;

    // Time-limited: a copied cookie value is worth no more than the cookie's own lifetime.
    private ITimeLimitedDataProtector Protector(string cookie) =>
        dataProtection.CreateProtector("grc.franceconnect", tenant.Required.Id.ToString(), cookie).ToTimeLimitedDataProtector();

    public void Write<T>(HttpResponse response, string cookie, T value, TimeSpan lifetime) =>
        response.Cookies.Append(cookie, Protector(cookie).Protect(JsonSerializer.Serialize(value), lifetime), new CookieOptions
        {
            HttpOnly = true,
            // Lax: the cookie must come back on FranceConnect's top-level redirect to the callback.
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            MaxAge = lifetime,
            Path = "/",
        });

    public T? Read<T>(HttpRequest request, string cookie) where T : class
    {
        if (request.Cookies[cookie] is not { Length: > 0 } value)
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(Protector(cookie).Unprotect(value));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void Clear(HttpResponse response, string cookie) => response.Cookies.Delete(cookie, new CookieOptions { Path = "/" });
}
