using GrcCloud.Data.Postgres;

namespace GrcCloud.Testing;

/// <summary>
/// One private PostgreSQL cluster for the whole test run (started from the machine's binaries and
/// thrown away at the end); each test platform gets a database of its own in it.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PrivatePostgresCluster? _cluster;
    private int _databases;

    public PrivatePostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster non démarré");

    public async ValueTask InitializeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "grccloud-tests-" + Guid.NewGuid().ToString("N")[..8]);
        _cluster = await PrivatePostgresCluster.StartAsync(folder, ephemeral: true);
    }

    public Task<string> NewDatabaseAsync() =>
        Cluster.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..12]}");

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
