using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// The account mails (confirmation, password reset, agent invitation), with links to the town's
/// configured public address ("http://lavaur.localhost:5080"): never built from the request's Host
/// header, which a client chooses (a reset link to another port or host would hand over the code).
/// </summary>
public sealed class AccountMails(UserManager<TownUser> users, TownMailer mailer, TenantDbContext db, TenancyOptions tenancy, TenantContext tenant)
{
    public async Task SendConfirmationAsync(TownUser user, CancellationToken cancellationToken)
    {
        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        await SendAsync("account_confirmation", user, Link("/confirmer-email", user.Id, code), cancellationToken);
    }

    public async Task SendPasswordResetAsync(TownUser user, CancellationToken cancellationToken)
    {
        var code = await users.GeneratePasswordResetTokenAsync(user);
        await SendAsync("password_reset", user, Link("/reinitialiser-mot-de-passe", user.Id, code), cancellationToken);
    }

    /// <summary>
    /// Someone signs up (or gives as their address) an address that already has an account: the page
    /// answers as for a new one, and the mailbox's owner learns the rest. A resident who never confirmed
    /// gets the confirmation link again; anyone else a reminder that the account exists, with its sign-in page.
    /// </summary>
    public async Task SendAlreadyRegisteredAsync(TownUser user, CancellationToken cancellationToken)
    {
        if (user is { Kind: UserKind.Resident, EmailConfirmed: false })
            await SendConfirmationAsync(user, cancellationToken);
        else
            await SendAsync("account_exists", user, tenancy.PublicOrigin(tenant.Required.Slug) + (user.Kind == UserKind.Agent ? "/agents/connexion" : "/connexion"), cancellationToken);
    }

    /// <summary>Sends the invitation and returns its link (the command line prints it too).</summary>
    public async Task<string> SendInvitationAsync(TownUser agent, CancellationToken cancellationToken)
    {
        var code = await users.GenerateUserTokenAsync(agent, InvitationTokenProvider.Name, InvitationTokenProvider.Purpose);
        var link = Link("/agents/invitation", agent.Id, code);
        var services = await db.AgentServices.AsNoTracking().Where(m => m.UserId == agent.Id)
            .Join(db.Services.AsNoTracking(), m => m.ServiceId, s => s.Id, (_, s) => s.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        await SendAsync("agent_invitation", agent, link, cancellationToken, services.Count > 0 ? string.Join(", ", services) : "l'équipe de la mairie");
        return link;
    }

    private Task SendAsync(string template, TownUser user, string link, CancellationToken cancellationToken, string? service = null) =>
        mailer.SendAsync(template, user.Email!, user.DisplayName, new Dictionary<string, string?> { ["link"] = link, ["service"] = service }, cancellationToken);

    private string Link(string path, Guid user, string code) =>
        tenancy.PublicOrigin(tenant.Required.Slug) + path + QueryString.Create(new Dictionary<string, string?> { ["utilisateur"] = user.ToString(), ["code"] = code });
}
