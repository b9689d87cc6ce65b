using GrcCloud.Data.Postgres;

namespace GrcCloud.Host.Infrastructure;

/// <summary>
/// The connection string from configuration (<c>ConnectionStrings:GrcCloud</c>) when one is set;
/// otherwise, in Development only, the project's private PostgreSQL cluster, started (or joined) in the data folder.
/// </summary>
public sealed class DatabaseBootstrap : IAsyncDisposable
{
    private PrivatePostgresCluster? _cluster;

    public required string ConnectionString { get; init; }
    public bool UsesPrivateCluster => _cluster is not null;

    public static async Task<DatabaseBootstrap> StartAsync(IConfiguration configuration, IHostEnvironment environment, CancellationToken cancellationToken = default)
    {
        if (configuration.GetConnectionString("GrcCloud") is { Length: > 0 } configured)
            return new DatabaseBootstrap { ConnectionString = configured };
        // A deployment that lost its connection string must not quietly start an empty database of its own.
        if (!environment.IsDevelopment())
            throw new InvalidOperationException(
                $"ConnectionStrings:GrcCloud est vide (environnement {environment.EnvironmentName}) : donnez la base de données " +
                "(variable ConnectionStrings__GrcCloud=Host=...;Database=...;Username=...). Le cluster PostgreSQL privé ne démarre qu'en Development.");

        var cluster = await PrivatePostgresCluster.StartAsync(ProjectPaths.PrivateClusterFolder(configuration), cancellationToken: cancellationToken);
        return new DatabaseBootstrap { ConnectionString = cluster.ConnectionString, _cluster = cluster };
    }

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;
}
