using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Requests;

namespace GrcCloud.Tests.Notifications;

/// <summary>Links in mails lead to the town's configured public address, whatever Host header the request carried.</summary>
public sealed class MailLinksTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_reset_link_and_an_acknowledgement_link_ignore_the_port_a_client_put_in_its_host_header()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "lucie@exemple.fr");
        var configured = $"http://lavaur.localhost:{env.Platform.Port}/";
        session.Headers.Host = "lavaur.localhost:6666";

        env.Smtp.Clear();
        await session.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = "lucie@exemple.fr" });
        Assert.StartsWith(configured + "reinitialiser-mot-de-passe?", await env.LinkMailedToAsync("lucie@exemple.fr"), StringComparison.Ordinal);

        await ResidentAccountTests.SignInAsync(session, "lucie@exemple.fr");
        env.Smtp.Clear();
        await session.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(session));
        Assert.StartsWith(configured + "mes-demandes/LAV-", await env.LinkMailedToAsync("lucie@exemple.fr"), StringComparison.Ordinal);
    }
}
