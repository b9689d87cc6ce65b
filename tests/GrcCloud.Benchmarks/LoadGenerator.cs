using System.Diagnostics;
using System.Net.Sockets;

namespace GrcCloud.Benchmarks;

public sealed record LoadResult(int Requests, int Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;
    public override string ToString() => $"{RequestsPerSecond,8:F0} req/s  p50 {P50Ms:F2} ms  p99 {P99Ms:F2} ms  ({Requests} requêtes, {Errors} erreurs)";
}

/// <summary>A closed-loop HTTP load on loopback: N workers, each sending its next request when the last one answered.</summary>
public static class LoadGenerator
{
    public static HttpClient ClientFor(string host, int port, System.Net.CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1000,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new System.Net.CookieContainer(),
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync("127.0.0.1", port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://{host}:{port}/") };
    }

    public static async Task<LoadResult> RunAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
