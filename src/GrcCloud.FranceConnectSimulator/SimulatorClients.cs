using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>The service providers the simulator knows: those of the configuration, then those registered at run time.</summary>
public sealed class SimulatorClients
{
    private readonly ConcurrentDictionary<string, SimulatorClient> _clients = new(StringComparer.Ordinal);

    public SimulatorClients(IOptions<SimulatorOptions> options)
    {
        foreach (var client in options.Value.Clients)
            Register(client);
    }

    /// <summary>Adds a client, or replaces the one with the same id.</summary>
    public void Register(SimulatorClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientId);
        ArgumentException.ThrowIfNullOrEmpty(client.ClientSecret);
        _clients[client.ClientId] = client;
    }

    public bool Remove(string clientId) => _clients.TryRemove(clientId, out _);

    public SimulatorClient? Find(string? clientId) =>
        clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    public IReadOnlyCollection<SimulatorClient> All => [.. _clients.Values];
}
