using Microsoft.Playwright;

namespace GrcCloud.BrowserTests;

/// <summary>
/// For the whole assembly: a private PostgreSQL, a real platform with the demo towns (Lavaur,
/// Gaillac) on a loopback port, and one headless Chromium, Debian's, never a downloaded one.
/// Each test opens its own browser context, so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly PostgresFixture _postgres = new();
    private DemoPlatformFixture? _demo;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private bool _postgresStopped;

    /// <summary>The private PostgreSQL of the run: classes that change state start their own platform on a database of it.</summary>
    public PostgresFixture Postgres => _postgres;

    public TestPlatform Platform => _demo?.Platform ?? throw new InvalidOperationException("Plateforme non démarrée");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium non démarré");

    /// <summary>The page's real address: the town's host name, resolved to loopback by Chromium itself.</summary>
    public string Url(string host, string path) => $"http://{host}:{Platform.Port}{path}";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium est introuvable ({ChromiumPath}) : deploy/dev/test.sh l'installe avec apt (paquets chromium et chromium-driver).");
        try
        {
            await StartAsync();
        }
        catch
        {
            // Stop what did start (PostgreSQL, the platform), so a failed start leaves no process behind.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        await _postgres.InitializeAsync();
        _demo = new DemoPlatformFixture(_postgres);
        await _demo.InitializeAsync();
        // The test projects run side by side on two cores: give a page more than the default 5 s to show up.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // --no-sandbox: CI runs as root. The rest: the network is closed, so nothing may try to reach it.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800) =>
        Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "fr-FR" });

    /// <summary>Opens one of <see cref="SitePages"/> and waits until it shows what a visitor expects there.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string pageName)
    {
        var site = SitePages.All[pageName];
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(site.Host, site.Path));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(site.Heading);
        if (site.Shows is not null)
            await Assertions.Expect(page.GetByText(site.Shows).First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Stops everything once, even when called again after a failed start.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _browser = null;
        _playwright?.Dispose();
        _playwright = null;
        if (_demo is not null)
            await _demo.DisposeAsync();
        _demo = null;
        if (!_postgresStopped)
            await _postgres.DisposeAsync();
        _postgresStopped = true;
    }
}
