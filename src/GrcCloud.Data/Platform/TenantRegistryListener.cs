using GrcCloud.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GrcCloud.Data.Platform;

/// <summary>
/// Keeps this instance's registry in step with the database: loads it at start, then reloads it
/// whenever any instance (or the command line) changes a town, through PostgreSQL LISTEN/NOTIFY.
/// After a lost connection it reloads in full, since notifications sent meanwhile are gone.
/// </summary>
public sealed class TenantRegistryListener(
    NpgsqlDataSource dataSource, TenantRegistry registry, ILogger<TenantRegistryListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        // Serve no request before the registry is known.
        await _firstLoad.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var reload = 0;
                connection.Notification += (_, _) => Interlocked.Exchange(ref reload, 1);
                await using (var listen = new NpgsqlCommand($"LISTEN {PlatformDbContext.TenantsChangedChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);

                await registry.ReloadAsync(stoppingToken);
                _firstLoad.TrySetResult();
                delay = TimeSpan.FromMilliseconds(200);

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                    // Drain a burst of notifications (one per row) before one reload.
                    while (await connection.WaitAsync(TimeSpan.FromMilliseconds(20), stoppingToken)) { }
                    if (Interlocked.Exchange(ref reload, 0) == 1)
                        await registry.ReloadAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Écoute du registre des communes interrompue ; nouvelle tentative dans {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
