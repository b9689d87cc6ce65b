using GrcCloud.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace GrcCloud.Host.Features.Requests.Tracking;

/// <summary>
/// The tracking link mailed to a person without an account (a request taken at the counter or by
/// phone): a token protected with the platform's Data Protection keys, whose purpose names the town,
/// so a link of one town opens nothing on another town's host and a changed token opens nothing.
/// </summary>
public sealed class TrackingLinks(IDataProtectionProvider protection, TenantContext tenant)
{
    private IDataProtector Protector => protection.CreateProtector("GrcCloud.RequestTracking.v1", tenant.Required.Id.ToString());

    public string TokenFor(Guid requestId) => Protector.Protect(requestId.ToString("N"));

    public Guid? RequestOf(string token)
    {
        try
        {
            return Guid.TryParseExact(Protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
