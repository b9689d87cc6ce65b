using System.Security.Claims;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GrcCloud.Host.Features.Identity;

/// <summary>Claims that scope a principal to one town and one kind of user.</summary>
public static class TownClaims
{
    /// <summary>The id of the town that issued the principal; checked on every request.</summary>
    public const string Tenant = "grc_tenant";
    /// <summary>resident or agent.</summary>
    public const string Kind = "grc_kind";
    /// <summary>Set when the session was opened through FranceConnect: sign-out must go through it.</summary>
    public const string FranceConnectSession = "grc_fc";

    public static Guid? TenantOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Tenant), out var id) ? id : null;

    public static bool IsAgent(this ClaimsPrincipal principal) => principal.HasClaim(Kind, "agent");
    public static bool IsResident(this ClaimsPrincipal principal) => principal.HasClaim(Kind, "resident");
}

/// <summary>Adds the town and the kind of user to every principal made for a <see cref="TownUser"/>.</summary>
public sealed class TownClaimsPrincipalFactory(
    UserManager<TownUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, TenantContext tenant)
    : UserClaimsPrincipalFactory<TownUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TownUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TownClaims.Tenant, tenant.Required.Id.ToString()));
        identity.AddClaim(new Claim(TownClaims.Kind, user.Kind == UserKind.Agent ? "agent" : "resident"));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        return identity;
    }
}

public static class ResidentPrincipal
{
    /// <summary>A resident of the current town is signed in (the cookie's town was checked on the way in).</summary>
    public static bool IsResidentSignedIn(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && principal.IsResident();
}
