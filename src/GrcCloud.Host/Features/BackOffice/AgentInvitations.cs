using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Identity;

namespace GrcCloud.Host.Features.BackOffice;

public sealed record AgentInvitation(string GivenName, string FamilyName, string Email, string Role, IReadOnlyCollection<Guid> Services);

/// <summary>
/// Creates an agent account without a password, with its function and services, in one
/// transaction, then mails the invitation link (3 days, single use). Used by the supervisor's page
/// and, for a town's first supervisor, by the command line.
/// </summary>
public sealed class AgentInvitations(UserManager<TownUser> users, TenantDbContext db, AccountMails mails, TimeProvider clock)
{
    /// <summary>The account and the link; or the French reasons for a refusal.</summary>
    public async Task<(TownUser? Agent, string? Link, IReadOnlyList<string> Errors)> InviteAsync(AgentInvitation invitation, CancellationToken cancellationToken)
    {
        if (!AgentRoles.All.Contains(invitation.Role))
            return (null, null, ["Fonction inconnue."]);
        if (await users.FindByEmailAsync(invitation.Email) is not null)
            return (null, null, ["Un compte existe déjà avec cette adresse électronique."]);

        var agent = new TownUser
        {
            Id = Guid.CreateVersion7(),
            Kind = UserKind.Agent,
            UserName = invitation.Email.Trim(),
            Email = invitation.Email.Trim(),
            GivenName = invitation.GivenName.Trim(),
            FamilyName = invitation.FamilyName.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var created = await users.CreateAsync(agent);
            if (!created.Succeeded)
                return (null, null, [.. created.Errors.Select(e => e.Description)]);
            await users.AddToRoleAsync(agent, invitation.Role);
            db.AgentServices.AddRange(invitation.Services.Distinct().Select(s => new AgentServiceMembership { UserId = agent.Id, ServiceId = s }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var link = await mails.SendInvitationAsync(agent, cancellationToken);
        return (agent, link, []);
    }
}
