using System.Diagnostics;

namespace GrcCloud.Benchmarks;

/// <summary>
/// (b) N towns provisioned on one cluster: the time per town, then the host's working set after one
/// request to each town's home page (one EF model and one pool for all: it must stay flat).
/// </summary>
public static class ThousandTownsBenchmark
{
    public static async Task<int> RunAsync(int towns)
    {
        await using var env = await BenchEnvironment.StartAsync();
        var durations = new List<double>(towns);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < towns; i++)
        {
            durations.Add((await env.ProvisionAsync($"commune-{i:D4}", "_template")).TotalMilliseconds);
            if ((i + 1) % 100 == 0)
                Console.WriteLine($"  {i + 1} communes, médiane jusqu'ici {Median(durations):F0} ms");
        }
        total.Stop();
        durations.Sort();
        Console.WriteLine($"Mise en service de {towns} communes : {total.Elapsed.TotalSeconds:F0} s, médiane {Median(durations):F0} ms, p90 {durations[(int)(0.9 * durations.Count)]:F0} ms, max {durations[^1]:F0} ms par commune");

        await env.StartHostAsync();
        using var probe = LoadGenerator.ClientFor("commune-0000.localhost", env.Port);
        (await probe.GetAsync("/")).EnsureSuccessStatusCode();
        var afterOne = env.HostWorkingSetMb();
        var failures = 0;
        for (var i = 0; i < towns; i++)
        {
            using var client = LoadGenerator.ClientFor($"commune-{i:D4}.localhost", env.Port);
            if (!(await client.GetAsync("/")).IsSuccessStatusCode)
                failures++;
        }
        var afterAll = env.HostWorkingSetMb();
        Console.WriteLine($"Mémoire de l'hôte : {afterOne:F0} Mo après une commune, {afterAll:F0} Mo après une requête à chacune des {towns} ({failures} échecs) (objectif < 300 Mo)");
        return failures == 0 ? 0 : 1;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
