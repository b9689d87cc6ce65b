using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// The account mails (confirmation, password reset, agent invitation), with links back to the
/// town's own host (<paramref name="origin"/>: "http://lavaur.localhost:5080", from the request or,
/// on the command line, from the configured public scheme and port).
/// </summary>
public sealed class AccountMails(UserManager<TownUser> users, TownMailer mailer, TenantDbContext db)
{
    public static string OriginOf(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    public async Task SendConfirmationAsync(TownUser user, string origin, CancellationToken cancellationToken)
    {
        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        await SendAsync("account_confirmation", user, Link(origin, "/confirmer-email", user.Id, code), cancellationToken);
    }

    public async Task SendPasswordResetAsync(TownUser user, string origin, CancellationToken cancellationToken)
    {
        var code = await users.GeneratePasswordResetTokenAsync(user);
        await SendAsync("password_reset", user, Link(origin, "/reinitialiser-mot-de-passe", user.Id, code), cancellationToken);
    }

    /// <summary>
    /// Someone signs up (or gives as their address) an address that already has an account: the page
    /// answers as for a new one, and the mailbox's owner learns the rest. A resident who never confirmed
    /// gets the confirmation link again; anyone else a reminder that the account exists, with its sign-in page.
    /// </summary>
    public async Task SendAlreadyRegisteredAsync(TownUser user, string origin, CancellationToken cancellationToken)
    {
        if (user is { Kind: UserKind.Resident, EmailConfirmed: false })
            await SendConfirmationAsync(user, origin, cancellationToken);
        else
            await SendAsync("account_exists", user, origin + (user.Kind == UserKind.Agent ? "/agents/connexion" : "/connexion"), cancellationToken);
    }

    /// <summary>Sends the invitation and returns its link (the command line prints it too).</summary>
    public async Task<string> SendInvitationAsync(TownUser agent, string origin, CancellationToken cancellationToken)
    {
        var code = await users.GenerateUserTokenAsync(agent, InvitationTokenProvider.Name, InvitationTokenProvider.Purpose);
        var link = Link(origin, "/agents/invitation", agent.Id, code);
        var services = await db.AgentServices.AsNoTracking().Where(m => m.UserId == agent.Id)
            .Join(db.Services.AsNoTracking(), m => m.ServiceId, s => s.Id, (_, s) => s.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        await SendAsync("agent_invitation", agent, link, cancellationToken, services.Count > 0 ? string.Join(", ", services) : "l'équipe de la mairie");
        return link;
    }

    private Task SendAsync(string template, TownUser user, string link, CancellationToken cancellationToken, string? service = null) =>
        mailer.SendAsync(template, user.Email!, user.DisplayName, new Dictionary<string, string?> { ["link"] = link, ["service"] = service }, cancellationToken);

    private static string Link(string origin, string path, Guid user, string code) =>
        origin + path + QueryString.Create(new Dictionary<string, string?> { ["utilisateur"] = user.ToString(), ["code"] = code });
}
