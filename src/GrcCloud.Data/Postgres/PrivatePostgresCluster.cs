using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GrcCloud.Data.Postgres;

/// <summary>
/// A PostgreSQL cluster of the project's own, started from the machine's binaries in a folder of its
/// own, on a loopback port it picks itself (no Unix socket, so long paths do not matter). Used by the
/// local run (kept between runs) and by the tests (thrown away). No system service is touched.
/// </summary>
/// <remarks>
/// initdb and postgres refuse to run as root, and CI runs as root: then the binaries run as the
/// <c>postgres</c> user, on a copy of the folder under /var/tmp that this user can reach.
/// </remarks>
public sealed class PrivatePostgresCluster : IAsyncDisposable
{
    public const string DatabaseName = "grccloud";
    public const string SuperUser = "grccloud";

    private readonly string _root;
    private readonly string _binDirectory;
    private readonly bool _ephemeral;
    private bool _startedHere;

    public string DataDirectory => Path.Combine(_root, "data");
    public int Port { get; private set; }
    public string ConnectionString => ConnectionStringFor(DatabaseName);

    private PrivatePostgresCluster(string root, string binDirectory, bool ephemeral)
    {
        _root = root;
        _binDirectory = binDirectory;
        _ephemeral = ephemeral;
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        MaxPoolSize = 100,
    }.ConnectionString;

    /// <summary>Starts (or joins, when another process of ours already runs it) the cluster kept in <paramref name="folder"/>.</summary>
    public static async Task<PrivatePostgresCluster> StartAsync(string folder, bool ephemeral = false, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(folder);
        if (IsRoot)
            root = Path.Combine("/var/tmp/grccloud-pg", ShortHash(root));
        var cluster = new PrivatePostgresCluster(root, FindBinaries(), ephemeral);
        await cluster.InitialiseAsync(cancellationToken);
        await cluster.EnsureRunningAsync(cancellationToken);
        await cluster.EnsureDatabaseAsync(DatabaseName, cancellationToken);
        return cluster;
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            return;
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true); // a half-made folder from an interrupted initdb
        Directory.CreateDirectory(_root);
        if (IsRoot)
        {
            Directory.CreateDirectory("/var/tmp/grccloud-pg");
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false, cancellationToken);
        }
        await RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
            asPostgres: IsRoot, cancellationToken);

        var settings = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 600")
            .AppendLine("shared_buffers = 256MB");
        if (_ephemeral)
        {
            // Thrown away after the tests: durability buys nothing here.
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings.ToString(), cancellationToken);
    }

    private async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (TryReadRunningPort() is { } runningPort)
        {
            Port = runningPort;
            return;
        }

        Port = FreeLoopbackPort();
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
                ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_root, "postgres.log"), "-o", $"-p {Port}"],
                asPostgres: IsRoot, cancellationToken);
            _startedHere = true;
        }
        catch (InvalidOperationException) when (TryReadRunningPort() is { } port)
        {
            Port = port; // another process of ours started it at the same moment
        }
    }

    /// <summary>The port of a live postmaster for this folder, read from postmaster.pid (its 4th line).</summary>
    private int? TryReadRunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        string[] lines;
        try { lines = File.ReadAllLines(pidFile); }
        catch (IOException) { return null; }
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
            return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
                return null;
        }
        catch (ArgumentException)
        {
            return null; // stale pid file: postgres removes it at start
        }
        return port;
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            try { await create.ExecuteNonQueryAsync(cancellationToken); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
        }
    }

    /// <summary>A fresh empty database in this cluster (tests give each class its own).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseAsync(name, cancellationToken);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_startedHere)
        {
            try
            {
                await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w"], asPostgres: IsRoot, CancellationToken.None);
            }
            catch (InvalidOperationException) { }
        }
        if (_ephemeral && _startedHere && Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
                start.ArgumentList.Add(a);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Impossible de lancer {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            // Bounded wait: a server started by pg_ctl could in theory keep a pipe open.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000, cancellationToken));
            var message = stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : string.Empty;
            throw new InvalidOperationException($"{Path.GetFileName(file)} a échoué (code {process.ExitCode}) : {message}");
        }
    }

    private static string FindBinaries() =>
        BinaryFolders().FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL est introuvable sur cette machine : installez le paquet postgresql (deploy/dev/run.sh le fait).");

    /// <summary>A PostgreSQL client program (pg_dump…) found where the cluster's binaries are looked for (GRCCLOUD_PG_BIN first, newest version first), or null.</summary>
    public static string? FindTool(string name) =>
        BinaryFolders().Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static List<string> BinaryFolders()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("GRCCLOUD_PG_BIN") is { Length: > 0 } configured)
            candidates.Add(configured);
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        candidates.Add("/usr/local/bin");
        candidates.Add("/usr/bin");
        return candidates;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];

    // Environment.UserName is the effective user's name on Unix.
    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
