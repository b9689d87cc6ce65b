namespace GrcCloud.Benchmarks;

/// <summary>(a) Requests per second of Lavaur's home page against a bare endpoint of the same host (/health/live).</summary>
public static class HomePageBenchmark
{
    public static async Task<int> RunAsync()
    {
        await using var env = await BenchEnvironment.StartAsync();
        await env.ProvisionAsync("lavaur");
        await env.StartHostAsync();
        using var client = LoadGenerator.ClientFor("lavaur.localhost", env.Port);
        const int concurrency = 32;

        // Warm-up: JIT, Razor, the catalogue cache, the connection pool.
        await LoadGenerator.RunAsync(client, "/", concurrency, TimeSpan.FromSeconds(5));
        await LoadGenerator.RunAsync(client, "/health/live", concurrency, TimeSpan.FromSeconds(3));

        var bare = await LoadGenerator.RunAsync(client, "/health/live", concurrency, TimeSpan.FromSeconds(15));
        var home = await LoadGenerator.RunAsync(client, "/", concurrency, TimeSpan.FromSeconds(15));
        Console.WriteLine($"Point nu (/health/live)     : {bare}");
        Console.WriteLine($"Accueil de Lavaur (/)       : {home}");
        Console.WriteLine($"Rapport accueil / point nu  : {home.RequestsPerSecond / bare.RequestsPerSecond:F2} (objectif ≥ 0,5)");
        return 0;
    }
}
