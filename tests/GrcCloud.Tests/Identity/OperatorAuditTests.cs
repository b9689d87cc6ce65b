using GrcCloud.Data.Platform;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>The operators' audit log in the platform schema, and its console page.</summary>
public sealed class OperatorAuditTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sign_ins_activations_and_command_line_actions_on_towns_are_logged_and_listed()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env, "audit@grccloud.example");
        using var intruder = env.Session("ops.localhost");
        await intruder.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "audit@grccloud.example", ["Password"] = "pas le bon mot de passe" });
        var suspended = await Cli.RunAsync(env.Platform.ConnectionString, "tenants", "suspend", "--slug", "gaillac", "--reason", "Facture impayée");
        Assert.True(suspended.ExitCode == 0, suspended.Error);
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("gaillac")?.Status == GrcCloud.Tenancy.TenantStatus.Suspended);
        var towns = await ops.PageAsync("/");
        Assert.Contains("Suspendue — motif : Facture impayée", towns.Text("tbody"));
        Assert.Contains("Active", towns.Text("tbody"));
        var resumed = await Cli.RunAsync(env.Platform.ConnectionString, "tenants", "resume", "--slug", "gaillac");
        Assert.True(resumed.ExitCode == 0, resumed.Error);

        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var entries = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorAudit.OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["operateur-cree", "activation", "connexion", "connexion-refusee", "commune-suspendue", "commune-remise-en-service"], entries.Select(e => e.Action));
            Assert.StartsWith("cli:", entries[0].OperatorEmail, StringComparison.Ordinal);
            Assert.Contains("operators create --email audit@grccloud.example", entries[0].Details);
            Assert.Equal("audit@grccloud.example", entries[2].OperatorEmail);
            Assert.NotNull(entries[2].ClientAddress);
            Assert.Equal("gaillac", entries[4].TownSlug);
            Assert.Contains("--reason Facture impayée", entries[4].Details);
        }

        var journal = await ops.PageAsync("/journal");
        Assert.Contains("Suspension d'une commune", journal.Text("tbody"));
        Assert.Contains("Connexion refusée", journal.Text("tbody"));
        var gaillac = await ops.PageAsync("/journal?commune=gaillac");
        Assert.Equal(2, gaillac.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Remise en service d'une commune", gaillac.Text("tbody"));
        var refusals = await ops.PageAsync("/journal?action=connexion-refusee&operateur=audit%40grccloud.example");
        Assert.Single(refusals.QuerySelectorAll("tbody tr"));
    }
}
