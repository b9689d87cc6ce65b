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
        // The town's public address as configured (behind a proxy, say): not the port the platform listens on, nor the client's.
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:Tenancy:PublicScheme"] = "https", ["GrcCloud:Tenancy:PublicPort"] = "8443",
        });
        using var resident = await Workflow.WorkflowPeople.ResidentAsync(env, "lucie@exemple.fr", "Lucie Petit");
        using var visitor = env.Session();
        const string configured = "https://lavaur.localhost:8443/";
        visitor.Headers.Host = resident.Headers.Host = "lavaur.localhost:6666";

        await visitor.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = "lucie@exemple.fr" });
        Assert.StartsWith(configured + "reinitialiser-mot-de-passe?", await env.LinkMailedToAsync("lucie@exemple.fr"), StringComparison.Ordinal);

        env.Smtp.Clear();
        await resident.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(resident));
        Assert.StartsWith(configured + "mes-demandes/LAV-", await env.LinkMailedToAsync("lucie@exemple.fr"), StringComparison.Ordinal);
    }
}
