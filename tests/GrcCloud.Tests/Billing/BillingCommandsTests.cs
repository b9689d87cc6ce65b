using System.Text.Json;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Billing;

/// <summary>grccloud billing …: the console's plan actions on the command line, with --json for scripts.</summary>
public sealed class BillingCommandsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Plans_are_listed_created_and_edited_with_json_output_and_french_refusals()
    {
        var database = await postgres.NewDatabaseAsync();

        var listed = await Cli.RunAsync(database, "billing", "plans", "list", "--json");
        Assert.True(listed.ExitCode == 0, listed.Error);
        var reference = JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "reference");
        Assert.Equal(550_000, reference.GetProperty("setupFeeIncludingVatCents").GetInt64());
        Assert.Equal(50_000, reference.GetProperty("quarterlyFeeIncludingVatCents").GetInt64());

        var created = await Cli.RunAsync(database, "billing", "plans", "create", "--code", "petite-commune", "--name", "Petite commune", "--setup-fee", "1 200,00", "--quarterly-fee", "300");
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("Petite commune", created.Output);
        var edited = await Cli.RunAsync(database, "billing", "plans", "edit", "--code", "petite-commune", "--name", "Petite commune", "--setup-fee", "1000", "--quarterly-fee", "250", "--excluding-vat", "--json");
        Assert.True(edited.ExitCode == 0, edited.Error);
        var plan = JsonDocument.Parse(edited.Output).RootElement;
        Assert.Equal(100_000, plan.GetProperty("setupFeeExcludingVatCents").GetInt64());
        Assert.Equal(120_000, plan.GetProperty("setupFeeIncludingVatCents").GetInt64());

        var refused = await Cli.RunAsync(database, "billing", "plans", "create", "--code", "x", "--name", "Essai", "--setup-fee", "beaucoup", "--quarterly-fee", "300");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("saisissez un montant en euros", refused.Error);
        Assert.Contains("Le code compte 2 à 40 caractères", refused.Error);
        var unknown = await Cli.RunAsync(database, "billing", "invoices", "--slug", "albi");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Commune « albi » inconnue", unknown.Error);
    }
}
