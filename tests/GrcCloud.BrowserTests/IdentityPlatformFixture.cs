using System.Globalization;
using System.Text.RegularExpressions;
using GrcCloud.FranceConnectSimulator;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GrcCloud.BrowserTests;

/// <summary>
/// For one test class whose tests create accounts: a platform of its own (its own database in the
/// run's PostgreSQL) with Lavaur provisioned, mailing through a real SMTP server of the tests, and
/// the FranceConnect simulator hosted in-process, Lavaur registered as its client. The Chromium is
/// the assembly's; each test opens its own context.
/// </summary>
public sealed partial class IdentityPlatformFixture(BrowserFixture browser) : IAsyncLifetime
{
    public const string Host = "lavaur.localhost";

    private WebApplication? _simulator;
    private TestPlatform? _platform;
    private TestSmtpServer? _smtp;

    public TestPlatform Platform => _platform ?? throw new InvalidOperationException("Plateforme non démarrée");
    public TestSmtpServer Smtp => _smtp ?? throw new InvalidOperationException("Serveur SMTP non démarré");
    public int SimulatorPort { get; private set; }

    /// <summary>The simulator's own origin, as the browser sees it (FranceConnect's pages live under /api/v2).</summary>
    public string SimulatorOrigin => $"http://localhost:{SimulatorPort}";

    /// <summary>A page of Lavaur's portal on this platform, by its real address.</summary>
    public string Url(string path) => $"http://{Host}:{Platform.Port}{path}";

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        // Issuer "": the simulator derives it from each request, which suits a random port.
        _simulator = FranceConnectSimulatorApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FranceConnectSimulator:Issuer"] = "" }));
        await _simulator.StartAsync();
        SimulatorPort = new Uri(_simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        _platform = await TestPlatform.StartAsync(browser.Postgres, settings: new Dictionary<string, string?>
        {
            ["GrcCloud:Mail:SmtpHost"] = _smtp.Host,
            ["GrcCloud:Mail:SmtpPort"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            // The tests post more forms in a minute than a person would.
            ["GrcCloud:RateLimits:AccountPostsPerMinute"] = "1000",
            ["GrcCloud:FranceConnect:Environments:simulator:Issuer"] = $"{SimulatorOrigin}/api/v2",
        });
        await _platform.ProvisionAsync("lavaur", "Lavaur", "81140");

        var origin = $"http://{Host}:{_platform.Port}";
        _simulator.Services.GetRequiredService<SimulatorClients>().Register(new SimulatorClient
        {
            ClientId = "grccloud-lavaur",
            ClientSecret = "secret-lavaur",
            Name = "Mairie de Lavaur",
            RedirectUris = [origin + "/connexion/franceconnect/retour"],
            PostLogoutRedirectUris = [origin + "/deconnexion/franceconnect/retour"],
        });
        await using var scope = _platform.Services.CreateAsyncScope();
        var town = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        await scope.ServiceProvider.GetRequiredService<FranceConnectCredentialsStore>().SetAsync(town.Id, "simulator", "grccloud-lavaur", "secret-lavaur");
    }

    /// <summary>A fresh browser context (no cookie of another test) and its first tab, at 1280 px unless told.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(width, height);
        return (context, await context.NewPageAsync());
    }

    /// <summary>The first link of the first mail received for <paramref name="address"/>.</summary>
    public async Task<string> LinkMailedToAsync(string address)
    {
        var mail = await Smtp.WaitForMessageToAsync(address, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        var match = MailLink().Match(mail.TextBody);
        Assert.True(match.Success, $"aucun lien dans le courriel « {mail.Subject} »");
        return match.Value;
    }

    /// <summary>What the command line needs to mail through this SMTP server with links to this platform.</summary>
    public Dictionary<string, string> CliEnvironment() => new()
    {
        ["GrcCloud__Mail__SmtpHost"] = Smtp.Host,
        ["GrcCloud__Mail__SmtpPort"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["GRCCLOUD_PORT"] = Platform.Port.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>From the sign-in page, through the simulator's login page, back on the portal signed in.</summary>
    public async Task SignInWithFranceConnectAsync(IPage page, string login = "test")
    {
        await page.GotoAsync(Url("/connexion"));
        await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(SimulatorOrigin + "/api/v2/authorize?")));
        await page.GetByLabel("Identifiant", new() { Exact = true }).FillAsync(login);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(Url("/")) + "(mon-compte|connexion/franceconnect/lier)"));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex MailLink();

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
            await _platform.DisposeAsync();
        _platform = null;
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
        _simulator = null;
        if (_smtp is not null)
            await _smtp.DisposeAsync();
        _smtp = null;
    }
}
