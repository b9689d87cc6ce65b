using GrcCloud.Testing;
using Microsoft.Extensions.Options;

namespace GrcCloud.Tests.Platform;

/// <summary>The platform refuses to start with a missing or wrong setting, and says which one.</summary>
public sealed class StartupChecksTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData()] // the web role
    [InlineData("tenants", "list")] // the command line
    public async Task Outside_development_without_a_connection_string_the_platform_refuses_to_start_and_names_the_setting(params string[] args)
    {
        var started = await Cli.RunAsync("", new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["GRCCLOUD_PORT"] = "0" }, args);

        Assert.Equal(1, started.ExitCode);
        Assert.Contains("ConnectionStrings:GrcCloud", started.Error);
        Assert.Contains("Development", started.Error);
    }

    [Theory]
    [InlineData("GrcCloud:Tenancy:BaseDomain", "pas un domaine")]
    [InlineData("GrcCloud:Tenancy:PublicScheme", "ftp")]
    [InlineData("GrcCloud:Mail:SmtpPort", "0")]
    [InlineData("GrcCloud:Mail:FromAddress", "personne")]
    [InlineData("GrcCloud:Jobs:Workers", "0")]
    [InlineData("GrcCloud:Maps:TileUrl", "tuiles/{z}/{x}/{y}.png")]
    [InlineData("GrcCloud:FranceConnect:Environments:sandbox:Issuer", "fcp-low.sbx.dev-franceconnect.fr")]
    [InlineData("GrcCloud:Addresses:BaseUrl", "api-adresse")]
    [InlineData("GrcCloud:Exports:Path", "exports/relatif")]
    [InlineData("GrcCloud:Retention:CancelledTownDays", "0")]
    public async Task A_wrong_setting_stops_the_start_with_a_message_naming_it(string setting, string value)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(setting, refused.Message);
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_not_a_network_stops_the_start_with_a_message_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:TrustedProxies:0"] = "10.0.0.0/99" }));

        Assert.Contains("GrcCloud:TrustedProxies", refused.Message);
    }
}
