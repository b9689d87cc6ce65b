using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GrcCloud.Data.Postgres;
using GrcCloud.Data.Towns;
using GrcCloud.Host;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Benchmarks;

/// <summary>
/// A throw-away PostgreSQL cluster, the provisioning services in this process, and the real host
/// started as a separate process (so its memory and CPU are its own), on loopback.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly PrivatePostgresCluster _cluster;
    private readonly ServiceProvider _services;
    private Process? _host;

    private BenchEnvironment(PrivatePostgresCluster cluster, ServiceProvider services)
    {
        _cluster = cluster;
        _services = services;
    }

    public string ConnectionString => _cluster.ConnectionString;
    public string PostgresDataDirectory => _cluster.DataDirectory;
    /// <summary>The server's log (pg_ctl -l), beside the data folder.</summary>
    public string PostgresLogFile => Path.Combine(Path.GetDirectoryName(_cluster.DataDirectory)!, "postgres.log");
    public int Port { get; private set; }
    public IServiceProvider Services => _services;
    public int HostProcessId => _host?.Id ?? throw new InvalidOperationException("hôte non démarré");

    public static async Task<BenchEnvironment> StartAsync()
    {
        var cluster = await PrivatePostgresCluster.StartAsync(Path.Combine(Path.GetTempPath(), "grccloud-bench-" + Guid.NewGuid().ToString("N")[..8]), ephemeral: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddGrcCloudCore(configuration, cluster.ConnectionString).BuildServiceProvider();
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync();
        return new BenchEnvironment(cluster, services);
    }

    private int _townsMade;

    /// <summary>One town per INSEE code: each benchmark town gets its own (10000 and up).</summary>
    private string UnusedInsee() => (10000 + Interlocked.Increment(ref _townsMade)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<TimeSpan> ProvisionAsync(string slug, string? template = null)
    {
        var loader = Services.GetRequiredService<RecipeLoader>();
        var recipe = template is null ? loader.LoadTown(slug) : loader.LoadFromTemplate(template, slug, $"Commune {slug}", UnusedInsee(), null, []);
        var stopwatch = Stopwatch.StartNew();
        await Services.GetRequiredService<TownProvisioner>().ProvisionAsync(recipe);
        return stopwatch.Elapsed;
    }

    /// <summary>Starts the host; <paramref name="workers"/> false makes it a web-only instance (jobs enqueued, run elsewhere).</summary>
    public async Task StartHostAsync(bool workers = true)
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(ProjectPaths.RepositoryRoot!, "src", "GrcCloud.Host") };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grccloud.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{Port}");
        start.Environment["ConnectionStrings__GrcCloud"] = ConnectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["GrcCloud__Jobs__RunServer"] = workers ? "true" : "false";
        // Billing is not measured here: without Stripe keys a production host refuses to start unless it is off.
        start.Environment["GrcCloud__Stripe__Enabled"] = "false";
        _host = Process.Start(start)!;
        using var client = LoadGenerator.ClientFor("127.0.0.1", Port);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("l'hôte n'a pas démarré");
    }

    /// <summary>Resident set size of the host process, in MB (what "working set" means on Linux).</summary>
    public double HostWorkingSetMb()
    {
        var line = File.ReadLines($"/proc/{HostProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Stops the host (its background workers too) so what follows has the machine to itself.</summary>
    public async Task StopHostAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
        _host?.Dispose();
        await _services.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
