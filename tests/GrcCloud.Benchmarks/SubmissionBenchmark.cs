using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace GrcCloud.Benchmarks;

/// <summary>
/// Issue 4 (9): end-to-end submissions per second over HTTP (anti-forgery, validation, reference,
/// request + timeline event in one transaction) with 50 concurrent residents, against the raw insert
/// rate of the same rows measured with pgbench on the same cluster.
/// </summary>
public static partial class SubmissionBenchmark
{
    private const string Form = "/demarches/lampadaire-en-panne/formulaire"; // no identification required
    private const int Residents = 50;

    public static async Task<int> RunAsync()
    {
        await using var env = await BenchEnvironment.StartAsync();
        await env.ProvisionAsync("lavaur");
        await env.StartHostAsync();

        await RunHttpAsync(env, TimeSpan.FromSeconds(5)); // warm-up
        var http = await RunHttpAsync(env, TimeSpan.FromSeconds(20));
        var raw = await RunPgbenchAsync(env);
        Console.WriteLine($"Soumissions HTTP (50 habitants) : {http}");
        Console.WriteLine($"Insertions brutes (pgbench, 16 clients) : {raw:F0} transactions/s");
        Console.WriteLine($"Rapport HTTP / pgbench : {http.RequestsPerSecond / raw:F2} (objectif ≥ 0,3)");
        return 0;
    }

    private static async Task<LoadResult> RunHttpAsync(BenchEnvironment env, TimeSpan duration)
    {
        var latencies = new List<double>[Residents];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Residents).Select(async w =>
        {
            using var client = LoadGenerator.ClientFor("lavaur.localhost", env.Port, new CookieContainer());
            var page = await client.GetStringAsync(Form);
            var token = Token().Match(page).Groups[1].Value;
            var mine = latencies[w] = new List<double>(10_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync(Form, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["submission"] = Guid.CreateVersion7().ToString(),
                    ["f.adresse"] = "Rue Villeneuve, devant le numéro 12",
                    ["f.nature_panne"] = "Éteint en permanence",
                    ["f.nombre_lampadaires"] = "1",
                }));
                if (response.StatusCode != HttpStatusCode.Redirect)
                    Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length, errors, clock.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    /// <summary>The same two rows (a request and its first event) inserted by pgbench in the town's schema.</summary>
    private static async Task<double> RunPgbenchAsync(BenchEnvironment env)
    {
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, """
            WITH r AS (
              INSERT INTO t_lavaur.requests (id, reference, theme_id, theme_title, service_id, form_version, form, answers, channel, status, received_at, due_on, submission_key)
              SELECT gen_random_uuid(), 'PGB-' || substr(md5(random()::text), 1, 15), t.id, t.title, t.service_id, 1, t.fields, '[{"name":"adresse","label":"Adresse","type":"address","values":["Rue Villeneuve"]}]', 'Online', 'Received', now(), current_date + 5, gen_random_uuid()
              FROM t_lavaur.themes t WHERE t.slug = 'lampadaire-en-panne'
              RETURNING id)
            INSERT INTO t_lavaur.request_events (id, request_id, at, kind, is_public, text)
            SELECT gen_random_uuid(), r.id, now(), 'received', true, 'Demande reçue' FROM r;
            """);
        var uri = new Npgsql.NpgsqlConnectionStringBuilder(env.ConnectionString);
        var start = new ProcessStartInfo(Directory.GetDirectories("/usr/lib/postgresql").Max() + "/bin/pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-h", uri.Host!, "-p", uri.Port.ToString(CultureInfo.InvariantCulture), "-U", uri.Username!, "-n", "-c", "16", "-j", "2", "-T", "15", "-f", script, uri.Database! })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var match = Tps().Match(output);
        if (!match.Success)
            throw new InvalidOperationException("pgbench : " + output + await process.StandardError.ReadToEndAsync());
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
