using Npgsql;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// The one LISTEN connection of an instance on <see cref="RequestTimeline.Channel"/>: every change of a
/// request, made on any instance, is heard here and handed to the hubs (residents' and agents' live
/// pages). Handlers run on the connection's thread: they only queue work, never query.
/// </summary>
public sealed class RequestChangeListener(NpgsqlDataSource dataSource, ILogger<RequestChangeListener> logger) : BackgroundService
{
    /// <summary>A payload "townId:requestId" (":new" added for a request just created).</summary>
    public event Action<string>? Heard;

    /// <summary>The connection was (re)opened: what happened meanwhile may have been missed.</summary>
    public event Action? Connected;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Heard?.Invoke(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {RequestTimeline.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Connected?.Invoke();
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Écoute des changements de demandes interrompue ; nouvelle tentative");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
