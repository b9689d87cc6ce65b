using GrcCloud.Testing;

namespace GrcCloud.Tests.Billing;

/// <summary>Outside development, billing needs its Stripe keys or is switched off explicitly.</summary>
public sealed class StripeSettingsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task In_production_a_missing_stripe_key_stops_the_start_unless_billing_is_switched_off()
    {
        var database = await postgres.NewDatabaseAsync();
        var production = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" };

        var refused = await Cli.RunAsync(database, production, "billing", "plans", "list");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("GrcCloud:Stripe:SecretKey", refused.Error);
        Assert.Contains("GrcCloud:Stripe:Enabled=false", refused.Error);

        production["GrcCloud__Stripe__Enabled"] = "false";
        var switchedOff = await Cli.RunAsync(database, production, "billing", "plans", "list");
        Assert.True(switchedOff.ExitCode == 0, switchedOff.Error);
        Assert.Contains("reference", switchedOff.Output);
    }
}
