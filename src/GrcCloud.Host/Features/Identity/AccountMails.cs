using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications;
using Microsoft.AspNetCore.Identity;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// The account mails (confirmation, password reset, agent invitation), with links back to the
/// town's own host (<paramref name="origin"/>: "http://lavaur.localhost:5080", from the request or,
/// on the command line, from the configured public scheme and port).
/// </summary>
public sealed class AccountMails(UserManager<TownUser> users, TownMailer mailer)
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

    /// <summary>Sends the invitation and returns its link (the command line prints it too).</summary>
    public async Task<string> SendInvitationAsync(TownUser agent, string origin, CancellationToken cancellationToken)
    {
        var code = await users.GenerateUserTokenAsync(agent, InvitationTokenProvider.Name, InvitationTokenProvider.Purpose);
        var link = Link(origin, "/agents/invitation", agent.Id, code);
        await SendAsync("agent_invitation", agent, link, cancellationToken);
        return link;
    }

    private Task SendAsync(string template, TownUser user, string link, CancellationToken cancellationToken) =>
        mailer.SendAsync(template, user.Email!, user.DisplayName, new Dictionary<string, string?> { ["link"] = link }, cancellationToken);

    private static string Link(string origin, string path, Guid user, string code) =>
        origin + path + QueryString.Create(new Dictionary<string, string?> { ["utilisateur"] = user.ToString(), ["code"] = code });
}
