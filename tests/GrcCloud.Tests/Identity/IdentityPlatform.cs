using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>A platform wired to a real SMTP server of the tests, with Lavaur and Gaillac provisioned.</summary>
public sealed class IdentityPlatform : IAsyncDisposable
{
    private IdentityPlatform(TestPlatform platform, TestSmtpServer smtp)
    {
        Platform = platform;
        Smtp = smtp;
    }

    /// <summary>Lavaur's bounding box, as in tenants/lavaur/town.yaml.</summary>
    public static readonly GrcCloud.Tenancy.CommuneArea LavaurArea = new(43.64, 1.73, 43.76, 1.91);

    public TestPlatform Platform { get; }
    public TestSmtpServer Smtp { get; }

    public static async Task<IdentityPlatform> StartAsync(PostgresFixture postgres, int accountPostsPerMinute = 1000, IDictionary<string, string?>? settings = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        var smtp = await TestSmtpServer.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["GrcCloud:Mail:SmtpHost"] = smtp.Host,
            ["GrcCloud:Mail:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrcCloud:RateLimits:AccountPostsPerMinute"] = accountPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var platform = await TestPlatform.StartAsync(postgres, settings: all, configure: configure);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140", area: LavaurArea);
        await platform.ProvisionAsync("gaillac", "Gaillac", "81099");
        return new IdentityPlatform(platform, smtp);
    }

    /// <summary>What the command line needs to mail through the test SMTP server with links to this platform.</summary>
    public Dictionary<string, string> CliEnvironment() => new()
    {
        ["GrcCloud__Mail__SmtpHost"] = Smtp.Host,
        ["GrcCloud__Mail__SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GRCCLOUD_PORT"] = Platform.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public WebSession Session(string host = "lavaur.localhost") => new(Platform, host);

    /// <summary>The first link of the mail last sent to <paramref name="address"/>.</summary>
    public async Task<string> LinkMailedToAsync(string address)
    {
        var mail = await Smtp.WaitForMessageToAsync(address, TimeSpan.FromSeconds(10));
        var match = System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"https?://\S+");
        Assert.True(match.Success, $"aucun lien dans le courriel « {mail.Subject} »");
        return match.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
