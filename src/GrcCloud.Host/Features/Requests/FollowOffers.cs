using GrcCloud.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// The offer to follow a nearby report, bound server-side: the duplicate search hands the resident a
/// token naming the town, the resident, the theme and the request, valid two hours. A follow posts it
/// back; a guessed reference, another resident's offer or another theme's is worth nothing.
/// </summary>
public sealed class FollowOffers(IDataProtectionProvider protection, TenantContext tenant)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private ITimeLimitedDataProtector Protector =>
        protection.CreateProtector("GrcCloud.FollowOffer.v1", tenant.Required.Id.ToString()).ToTimeLimitedDataProtector();

    public string Offer(Guid residentId, string themeSlug, Guid requestId) =>
        Protector.Protect($"{residentId:N}|{themeSlug}|{requestId:N}", Lifetime);

    /// <summary>The request offered to this resident for this theme; null for anything else (forged, expired, someone else's).</summary>
    public Guid? RequestOf(string? token, Guid residentId, string themeSlug)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            var parts = Protector.Unprotect(token).Split('|');
            return parts.Length == 3 && parts[0] == residentId.ToString("N") && parts[1] == themeSlug
                && Guid.TryParseExact(parts[2], "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
