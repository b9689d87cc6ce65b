using System.Net;
using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrcCloud.Benchmarks;

/// <summary>
/// Issue 5 (2): the agents' queue page with 100,000 requests in one town (seeded by generate_series
/// over every theme, status and channel, two years of receipts): p50/p99 of /agents/file per tab,
/// filter and search, for a supervisor (every service) and an agent of the largest service; then
/// the plans of the main statements (EXPLAIN ANALYZE).
/// </summary>
public static partial class QueueBenchmark
{
    private const int Requests = 100_000;
    private const string Password = "mot de passe des agents";

    public static async Task<int> RunAsync(string[] args)
    {
        await using var env = await BenchEnvironment.StartAsync();
        await env.ProvisionAsync("lavaur");
        var seeded = await SeedAsync(env);
        Console.WriteLine($"{Requests} demandes insérées en {seeded.TotalSeconds:F1} s");
        await CreateAgentAsync(env, "maire@lavaur.example", AgentRoles.Supervisor, null);
        await CreateAgentAsync(env, "voirie@lavaur.example", AgentRoles.Agent, "voirie");
        // The table as a town's would be: vacuumed (an index-only count reads the visibility map, which
        // only a vacuum fills; autovacuum would do it at an uncertain moment of the measure).
        // `--no-vacuum` measures the table as the insert left it.
        if (!args.Contains("--no-vacuum"))
        {
            await using var data = Npgsql.NpgsqlDataSource.Create(env.ConnectionString);
            await data.CreateCommand("VACUUM (ANALYZE) t_lavaur.requests").ExecuteNonQueryAsync();
        }
        await PrintTableStateAsync(env, "après l'insertion");
        if (args.Contains("--sql"))
            return await TraceSupervisorPageAsync(env);
        await env.StartHostAsync();

        Console.WriteLine("| qui | vue | p50 | p99 | req/s | erreurs | CPU hôte / PostgreSQL par page |");
        foreach (var (who, email) in new[] { ("superviseur", "maire@lavaur.example"), ("agent voirie", "voirie@lavaur.example") })
        {
            using var client = LoadGenerator.ClientFor("lavaur.localhost", env.Port, new CookieContainer());
            await SignInAsync(client, email);
            foreach (var (name, path) in Views)
            {
                await LoadGenerator.RunAsync(client, path, 2, TimeSpan.FromSeconds(1)); // warm-up
                var hostCpu = CpuMeter.ProcessMs(env.HostProcessId);
                var postgresCpu = CpuMeter.PostgresMs(env.PostgresDataDirectory);
                var result = await LoadGenerator.RunAsync(client, path, 4, TimeSpan.FromSeconds(5));
                var pages = Math.Max(1, result.Requests);
                hostCpu = (CpuMeter.ProcessMs(env.HostProcessId) - hostCpu) / pages;
                postgresCpu = (CpuMeter.PostgresMs(env.PostgresDataDirectory) - postgresCpu) / pages;
                Console.WriteLine($"| {who} | {name} | {result.P50Ms:F1} ms | {result.P99Ms:F1} ms | {result.RequestsPerSecond:F0} | {result.Errors} | {hostCpu:F1} / {postgresCpu:F1} ms |");
            }
        }
        await PrintTableStateAsync(env, "après les mesures");
        await ExplainAsync(env);
        return 0;
    }

    /// <summary>
    /// Whether the counts can be index-only scans: the pages the visibility map holds as all-visible, and the
    /// rows changed since (an update clears its page's bit until the next vacuum).
    /// </summary>
    private static async Task PrintTableStateAsync(BenchEnvironment env, string when)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(env.ConnectionString);
        await using var reader = await data.CreateCommand("""
            SELECT c.relpages, c.relallvisible, s.n_tup_upd, s.n_tup_hot_upd, s.n_dead_tup, s.vacuum_count, s.autovacuum_count
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relname = 'requests' AND s.schemaname = 't_lavaur'
            """).ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"requests {when} : {reader.GetInt32(0)} pages, {reader.GetInt32(1)} visibles de tous, {reader.GetInt64(2)} lignes modifiées ({reader.GetInt64(3)} HOT), {reader.GetInt64(4)} mortes, vacuum {reader.GetInt64(5)} + auto {reader.GetInt64(6)}");
    }

    private static readonly (string Name, string Path)[] Views =
    [
        ("Toutes, page 1", "/agents/file?onglet=toutes"),
        ("Toutes, page 150", "/agents/file?onglet=toutes&page=150"),
        ("Non attribuées", "/agents/file?onglet=non-attribuees"),
        ("En retard, tri par échéance", "/agents/file?onglet=en-retard&tri=echeance"),
        ("À valider", "/agents/file?onglet=a-valider"),
        ("Canal téléphone + statut en cours", "/agents/file?onglet=toutes&canal=Phone&statut=InProgress"),
        ("Reçues en janvier", $"/agents/file?onglet=toutes&du={DateTime.UtcNow.Year - 1}-01-01&au={DateTime.UtcNow.Year - 1}-01-31"),
        ("Recherche référence (préfixe)", $"/agents/file?onglet=toutes&q=LAV-{DateTime.UtcNow.Year - 1}-0420"),
        ("Recherche nom", "/agents/file?onglet=toutes&q=dupont"),
        ("Recherche mot rare", "/agents/file?onglet=toutes&q=4f2a"),
    ];

    private static async Task<TimeSpan> SeedAsync(BenchEnvironment env)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(env.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SET search_path TO t_lavaur;
            WITH th AS (SELECT (row_number() OVER (ORDER BY id)) - 1 AS n, id, title, service_id FROM themes),
                 c AS (SELECT count(*) AS k FROM th)
            INSERT INTO requests (id, reference, theme_id, theme_title, service_id, form_version, form, answers, channel, status,
                                  received_at, due_on, submission_key, contact_name, contact_email, updated_at, assigned_to_name)
            SELECT gen_random_uuid(), 'LAV-' || (extract(year FROM now())::int - 1) || '-' || lpad(g::text, 6, '0'), th.id, th.title, th.service_id, 1, '[]',
                   jsonb_build_array(jsonb_build_object('name', 'description', 'label', 'Description', 'type', 'textarea',
                       'values', jsonb_build_array('Constat ' || md5(g::text) || ' rue ' || (array['Villeneuve', 'Pasteur', 'Gambetta', 'Foch'])[1 + g % 4]))),
                   (array['Online', 'Online', 'Online', 'Counter', 'Phone', 'Letter', 'Email'])[1 + g % 7],
                   (array['Received', 'Acknowledged', 'InProgress', 'AwaitingValidation', 'UnderInvestigation', 'AwaitingResident', 'Resolved', 'Rejected', 'Closed', 'Closed'])[1 + g % 10],
                   now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute', current_date - (g % 730) + 20, gen_random_uuid(),
                   (array['Dupont', 'Martin', 'Bernard', 'Durand', 'Petit', 'Moreau', 'Laurent', 'Simon'])[1 + g % 8] || ' ' || (array['Jeanne', 'Louis', 'Rose', 'Paul'])[1 + g % 4],
                   'habitant' || g || '@exemple.fr', now(), CASE WHEN g % 3 = 0 THEN 'Agent ' || (g % 5) END
            FROM generate_series(1, {Requests}) g CROSS JOIN c JOIN th ON th.n = g % c.k;
            ANALYZE requests;
            """, connection);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
        return started.Elapsed;
    }

    private static async Task CreateAgentAsync(BenchEnvironment env, string email, string role, string? service)
    {
        await using var scope = env.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TenantRegistry>().ReloadAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var agent = new TownUser { Id = Guid.CreateVersion7(), Kind = UserKind.Agent, UserName = email, Email = email, EmailConfirmed = true, GivenName = "Agent", CreatedAt = DateTimeOffset.UtcNow };
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>();
        if (!(await users.CreateAsync(agent, Password)).Succeeded || !(await users.AddToRoleAsync(agent, role)).Succeeded)
            throw new InvalidOperationException("agent non créé");
        if (service is not null)
        {
            db.AgentServices.Add(new AgentServiceMembership { UserId = agent.Id, ServiceId = (await db.Services.SingleAsync(s => s.Slug == service)).Id });
            await db.SaveChangesAsync();
        }
    }

    private static async Task SignInAsync(HttpClient client, string email)
    {
        var page = await client.GetStringAsync("/agents/connexion");
        using var response = await client.PostAsync("/agents/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"connexion de {email} refusée ({response.StatusCode})");
    }

    /// <summary>
    /// `queues --sql`: every statement of one supervisor's « Toutes » page with its duration and plan
    /// (auto_explain, loaded by the host's connections), after a warm-up; then the page's time alone.
    /// </summary>
    private static async Task<int> TraceSupervisorPageAsync(BenchEnvironment env)
    {
        await using (var connection = new NpgsqlConnection(env.ConnectionString))
        {
            await connection.OpenAsync();
            // The module is loaded in this session first: ALTER SYSTEM refuses parameters it does not know.
            foreach (var statement in new[] { "LOAD 'auto_explain'", "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'", "ALTER SYSTEM SET auto_explain.log_min_duration = 0",
                         "ALTER SYSTEM SET auto_explain.log_analyze = on", "ALTER SYSTEM SET log_min_duration_statement = 0", "SELECT pg_reload_conf()" })
                await new NpgsqlCommand(statement, connection).ExecuteNonQueryAsync();
        }
        await env.StartHostAsync();
        using var client = LoadGenerator.ClientFor("lavaur.localhost", env.Port, new CookieContainer());
        await SignInAsync(client, "maire@lavaur.example");
        await LoadGenerator.RunAsync(client, Views[0].Path, 1, TimeSpan.FromSeconds(3));
        var marker = new FileInfo(env.PostgresLogFile).Length;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await client.GetAsync(Views[0].Path)).EnsureSuccessStatusCode();
        Console.WriteLine($"--- {Views[0].Path} : {clock.ElapsedMilliseconds} ms (plans in the log, timing on)");
        await Task.Delay(500);
        await using (var log = new FileStream(env.PostgresLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            log.Seek(marker, SeekOrigin.Begin);
            Console.WriteLine(await new StreamReader(log).ReadToEndAsync());
        }
        return 0;
    }

    /// <summary>The plans of the statements behind the heaviest views, as the queue builds them.</summary>
    private static async Task ExplainAsync(BenchEnvironment env)
    {
        await using var connection = new NpgsqlConnection(env.ConnectionString);
        await connection.OpenAsync();
        var year = DateTime.UtcNow.Year - 1;
        foreach (var (name, sql) in new[]
        {
            ("compte, toutes (superviseur)", "SELECT count(*) FROM requests"),
            ("comptes des onglets ouverts (superviseur, sans parallélisme)", "SELECT count(*) FILTER (WHERE assigned_to_id IS NULL), count(*) FILTER (WHERE due_on < current_date), count(*) FILTER (WHERE status = 'AwaitingValidation') FROM requests r WHERE r.status NOT IN ('Resolved','Rejected','Closed')"),
            ("page 1, non attribuées d'un service", "SELECT reference FROM requests r WHERE r.service_id = (SELECT id FROM services WHERE slug = 'voirie') AND r.status NOT IN ('Resolved','Rejected','Closed') AND r.assigned_to_id IS NULL ORDER BY r.received_at DESC, r.id DESC LIMIT 51"),
            ("page 150, toutes", "SELECT reference FROM requests r ORDER BY r.received_at DESC, r.id DESC LIMIT 51 OFFSET 7450"),
            ("en retard par échéance", "SELECT reference FROM requests r WHERE r.status NOT IN ('Resolved','Rejected','Closed') AND r.due_on < current_date ORDER BY r.due_on, r.received_at, r.id LIMIT 51"),
            ("recherche plein texte", "SELECT reference FROM requests r WHERE r.search_vector @@ to_tsquery('simple', 'dupont:*') ORDER BY r.received_at DESC, r.id DESC LIMIT 51"),
            ("référence (préfixe)", $"SELECT reference FROM requests r WHERE r.reference LIKE 'LAV-{year}-0420%' ORDER BY r.received_at DESC LIMIT 51"),
        })
        {
            await using var command = new NpgsqlCommand($"SET search_path TO t_lavaur; SET max_parallel_workers_per_gather = 0; EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) {sql}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine($"\n-- {name}");
            while (await reader.ReadAsync())
                Console.WriteLine(reader.GetString(0));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
