using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// Tokens of agent invitation links: valid three days, single use (setting the password changes the
/// security stamp, which invalidates the token).
/// </summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider dataProtection, ILogger<DataProtectorTokenProvider<TownUser>> logger)
    : DataProtectorTokenProvider<TownUser>(dataProtection, Microsoft.Extensions.Options.Options.Create(new DataProtectionTokenProviderOptions
    {
        Name = Name,
        TokenLifespan = TimeSpan.FromDays(3),
    }), logger)
{
    public new const string Name = "Invitation";
    public const string Purpose = "agent-invitation";
}
