using System.Net.Sockets;
using GrcCloud.Host;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Testing;

/// <summary>
/// A real GrcCloud web host on a loopback port, on its own database. Clients reach any host name
/// (lavaur.localhost, ops.localhost, a custom domain) by connecting to that port with the name in
/// the Host header, as a browser would.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestPlatform(WebApplication app, string connectionString, int port)
    {
        _app = app;
        ConnectionString = connectionString;
        Port = port;
    }

    /// <summary>
    /// An address that fails on every host of a test platform (an unhandled exception), to check the
    /// error page people get then. Mapped by the tests only: the product has no such endpoint.
    /// </summary>
    public const string FailurePath = "/essais/panne";

    public string ConnectionString { get; }
    public int Port { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<TestPlatform> StartAsync(PostgresFixture postgres, string? connectionString = null, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        connectionString ??= await postgres.NewDatabaseAsync();
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:GrcCloud"] = connectionString,
            ["GrcCloud:Startup:Migrate"] = "true",
            ["GrcCloud:Startup:DemoTowns"] = "false",
            ["GrcCloud:Recipes:Folder"] = Repository.Recipes,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            // Many hosts run at once in a test run: a small job server each keeps connections few.
            ["GrcCloud:Jobs:Workers"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var contentRoot = Repository.HostProject;
        var app = await WebRole.BuildAsync(
            ["--urls=http://127.0.0.1:0", $"--contentRoot={contentRoot}", "--environment=Testing"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(config);
                // Services a test puts in place first (a clock it moves…); the product registers its own with TryAdd.
                configure?.Invoke(builder);
            });
        app.MapGet(FailurePath, string () => throw new InvalidOperationException("Panne provoquée par les tests.")).WithMetadata(new AnySiteAttribute());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        // Links are built from the configured public port, never the request's; the port is only known
        // once bound, so it is set now, as deploy/dev/run.sh sets GRCCLOUD_PORT (unless a test configured one).
        var tenancy = app.Services.GetRequiredService<TenancyOptions>();
        if (tenancy.PublicPort == 0)
            tenancy.PublicPort = port;
        return new TestPlatform(app, connectionString, port);
    }

    /// <summary>Provisions a town from a recipe folder of tenants/ (the demo towns) or from the template.</summary>
    public async Task<TenantInfo> ProvisionAsync(string slug, string? name = null, string? insee = null, string[]? hosts = null, string template = "_template", CommuneArea? area = null)
    {
        var loader = Services.GetRequiredService<RecipeLoader>();
        var recipe = loader.LoadFromTemplate(template, slug, name ?? slug, insee ?? UnusedInsee(), null, hosts ?? [], area);
        var (_, town) = await Services.GetRequiredService<TownProvisioner>().ProvisionAsync(recipe);
        await WaitForRegistryAsync(r => r.FindBySlug(slug)?.Status == TenantStatus.Active);
        return town;
    }

    private static int _townsMade;

    /// <summary>An INSEE code of its own for a town made without one (one town per commune): 99xxx is no commune's.</summary>
    public static string UnusedInsee() =>
        (99000 + Interlocked.Increment(ref _townsMade) % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until this instance's registry (fed by LISTEN/NOTIFY) satisfies a condition.</summary>
    public async Task WaitForRegistryAsync(Func<TenantRegistry, bool> condition, TimeSpan? timeout = null)
    {
        var registry = Services.GetRequiredService<TenantRegistry>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition(registry))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Le registre des communes n'a pas été mis à jour à temps.");
            await Task.Delay(10);
        }
    }

    /// <summary>An HTTP client that presents <paramref name="host"/> (port added) while connecting to this platform.</summary>
    public HttpClient ClientFor(string host)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://{host}:{Port}/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
