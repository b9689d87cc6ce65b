using System.Diagnostics;
using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Operator.Usage;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrcCloud.Benchmarks;

/// <summary>
/// Issue 12 (6): a town with 1,000,000 requests (the generator below: three years of receipts over
/// every theme and channel, 95 % done with delays from hours to a month, 5 % open) and the year's
/// dashboard over HTTP for the mayor's office (median and p90 of 10 runs after 3 warm-ups); then
/// the ops usage page's handler over 1,000 towns × 12 months of platform.town_usage_monthly.
/// </summary>
public static class StatisticsBenchmark
{
    public static async Task<int> RunAsync(int requests)
    {
        await using var env = await BenchEnvironment.StartAsync();
        await env.ProvisionAsync("lavaur");
        var seeded = await SeedTownAsync(env, requests);
        Console.WriteLine($"{requests:N0} demandes générées en {seeded.TotalSeconds:F0} s (dont VACUUM ANALYZE)");
        await SeedUsageAsync(env, 1000);
        await CreateSupervisorAsync(env);
        await env.StartHostAsync(workers: false);

        using var client = LoadGenerator.ClientFor("lavaur.localhost", env.Port, new CookieContainer());
        await SignInAsync(client);
        var year = DateTime.UtcNow.Year - 1;
        // The first view builds the monthly rollup of every past month (StatisticsRollup); later views
        // rebuild only the months a change touched.
        var build = Stopwatch.StartNew();
        (await client.GetAsync($"/agents/statistiques?periode=annee&annee={year}")).EnsureSuccessStatusCode();
        Console.WriteLine($"premier affichage, cumul mensuel construit (36 mois) : {build.Elapsed.TotalSeconds:F1} s");
        foreach (var (name, path) in new[]
        {
            ($"année en cours {year + 1} (mois en cours lu dans les demandes)", $"/agents/statistiques?periode=annee&annee={year + 1}"),
            ($"du 15 janvier au 20 octobre {year} (jours hors mois entiers lus dans les demandes)", $"/agents/statistiques?periode=dates&du={year}-01-15&au={year}-10-20"),
            ($"année {year}", $"/agents/statistiques?periode=annee&annee={year}"),
            ($"mois de mars {year}", $"/agents/statistiques?periode=mois&mois={year}-03"),
            ($"trois ans (dates choisies)", $"/agents/statistiques?periode=dates&du={year - 2}-01-01&au={year}-12-31"),
        })
            Report($"tableau de bord, {name}", await TimeAsync(async () => (await client.GetAsync(path)).EnsureSuccessStatusCode()));

        // The usage page's handler with its queries (the page renders 50 rows of them).
        Report("console, usage de 1 000 communes (page 1, tri demandes)", await TimeAsync(() => UsageAsync(env, null)));
        Report("console, usage de 1 000 communes (page 20, tri commune)", await TimeAsync(() => UsageAsync(env, "commune")));
        return 0;
    }

    private static void Report(string name, List<double> ms)
    {
        ms.Sort();
        Console.WriteLine($"| {name} | {ms[ms.Count / 2]:F0} ms | {ms[(int)Math.Ceiling(0.9 * ms.Count) - 1]:F0} ms | {ms[^1]:F0} ms |");
    }

    private static async Task<List<double>> TimeAsync(Func<Task> run)
    {
        for (var i = 0; i < 3; i++)
            await run();
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static async Task UsageAsync(BenchEnvironment env, string? sort)
    {
        await using var scope = env.Services.CreateAsyncScope();
        var page = new UsageModel(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), TimeProvider.System)
        {
            PageContext = new PageContext { HttpContext = new DefaultHttpContext() },
            Sort = sort,
            PageText = sort is null ? null : "20",
        };
        await page.OnGetAsync(CancellationToken.None);
        if (page.Rows.Count != 50)
            throw new InvalidOperationException($"{page.Rows.Count} lignes");
    }

    /// <summary>The generator: generate_series in one statement, deterministic spreads (g modulo primes), then VACUUM ANALYZE for index-only scans.</summary>
    public static async Task<TimeSpan> SeedTownAsync(BenchEnvironment env, int requests)
    {
        var started = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(env.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SET search_path TO t_lavaur;
            WITH th AS (SELECT (row_number() OVER (ORDER BY id)) - 1 AS n, id, title, service_id FROM themes),
                 c AS (SELECT count(*) AS k FROM th),
                 g AS (SELECT g, now() - (g % 1096) * interval '1 day' - (g % 1439) * interval '1 minute' AS received,
                              -- delays skewed short: most within days, a tail up to a month
                              ((g % 97) * (g % 89)) * interval '5 minutes' + (g % 7) * interval '1 day' AS delay
                       FROM generate_series(1, {requests}) g)
            INSERT INTO requests (id, reference, theme_id, theme_title, service_id, form_version, form, answers, channel, status,
                                  received_at, closed_at, due_on, submission_key, contact_name, updated_at)
            SELECT gen_random_uuid(), 'LAV-' || lpad(g.g::text, 9, '0'), th.id, th.title, th.service_id, 1, '[]', '[]',
                   (array['Online', 'Online', 'Online', 'Online', 'Counter', 'Phone', 'Letter', 'Email'])[1 + g.g % 8],
                   CASE WHEN g.g % 20 = 0 THEN (array['Received', 'Acknowledged', 'InProgress', 'AwaitingValidation', 'UnderInvestigation', 'AwaitingResident'])[1 + g.g % 6]
                        ELSE (array['Resolved', 'Resolved', 'Rejected', 'Closed', 'Closed'])[1 + g.g % 5] END,
                   g.received, CASE WHEN g.g % 20 = 0 THEN NULL ELSE g.received + g.delay END,
                   (g.received AT TIME ZONE 'Europe/Paris')::date + 10, gen_random_uuid(),
                   (array['Dupont', 'Martin', 'Bernard', 'Durand'])[1 + g.g % 4], now()
            FROM g CROSS JOIN c JOIN th ON th.n = g.g % c.k;
            """, connection);
        command.CommandTimeout = 3600;
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"insertion : {started.Elapsed.TotalSeconds:F0} s");
        // VACUUM runs alone (not in a multi-statement batch); it sets the visibility map the index-only scans need.
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE t_lavaur.requests", connection) { CommandTimeout = 3600 };
        await vacuum.ExecuteNonQueryAsync();
        return started.Elapsed;
    }

    /// <summary>1,000 towns (registry rows only, cancelled so no job visits them) with twelve months of usage each.</summary>
    private static async Task SeedUsageAsync(BenchEnvironment env, int towns)
    {
        await using var connection = new NpgsqlConnection(env.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO platform.tenants (id, slug, name, schema_name, status, insee_code, recipe, cluster_name, catalogue_version, created_at, updated_at)
            SELECT gen_random_uuid(), 'usage-' || g, 'Commune ' || g, 't_usage_' || g, 'Cancelled', '9' || lpad(g::text, 4, '0'), '_template', 'default', 1, now(), now()
            FROM generate_series(1, {towns}) g;
            INSERT INTO platform.town_usage_monthly (town_id, month, requests_received, active_agents, residents, storage_bytes, refreshed_at)
            SELECT t.id, (date_trunc('month', now() AT TIME ZONE 'Europe/Paris') - m * interval '1 month')::date,
                   (abs(hashtext(t.slug || m)) % 5000), abs(hashtext(t.slug)) % 40, abs(hashtext(t.slug)) % 20000, 1000000 + abs(hashtext(t.slug)) % 900000000, now()
            FROM platform.tenants t CROSS JOIN generate_series(0, 11) m WHERE t.slug LIKE 'usage-%';
            ANALYZE platform.town_usage_monthly;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task CreateSupervisorAsync(BenchEnvironment env)
    {
        await using var scope = env.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TenantRegistry>().ReloadAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var agent = new TownUser { Id = Guid.CreateVersion7(), Kind = UserKind.Agent, UserName = "maire@lavaur.example", Email = "maire@lavaur.example", EmailConfirmed = true, GivenName = "Maire", CreatedAt = DateTimeOffset.UtcNow };
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>();
        if (!(await users.CreateAsync(agent, "mot de passe des agents")).Succeeded || !(await users.AddToRoleAsync(agent, AgentRoles.Supervisor)).Succeeded)
            throw new InvalidOperationException("agent non créé");
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/agents/connexion");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/agents/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = "maire@lavaur.example", ["Input.Password"] = "mot de passe des agents",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"connexion refusée ({response.StatusCode})");
    }
}
