using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Host.Features.Statistics;
using GrcCloud.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Usage;

/// <summary>
/// Fills platform.town_usage_monthly for the vendor's console. A recurring dispatcher enqueues one job
/// per active town; each job runs in a scope of its town (<see cref="TownScope"/>; failing closed if the
/// town is gone or suspended), reads that town's schema only, and writes the platform row. No query
/// ever spans the towns' schemas.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed class TownUsageJobs(TenantRegistry registry, IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string RecurringId = "town-usage";
    /// <summary>Months of request counts refreshed on each visit (late changes, first visit).</summary>
    public const int MonthsBack = 12;

    public void ScheduleRefresh()
    {
        foreach (var town in registry.All.Where(t => t.IsServable))
            jobs.Enqueue<TownUsageJobs>(j => j.RefreshTownAsync(town.Id, CancellationToken.None));
    }

    public async Task RefreshTownAsync(Guid townId, CancellationToken cancellationToken)
    {
        var town = registry.FindById(townId) ?? throw new TownUnavailableException($"Commune {townId} inconnue : tâche refusée.");
        if (!town.IsServable)
            throw new TownUnavailableException($"Commune {town.Slug} non active ({town.Status}) : tâche refusée.");
        await scopes.InTownAsync(town, services => RefreshAsync(services, townId, cancellationToken));
    }

    private async Task RefreshAsync(IServiceProvider services, Guid townId, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TenantDbContext>();
        var now = clock.GetUtcNow();
        var today = ParisTime.DayOf(now);
        var month = new DateOnly(today.Year, today.Month, 1);
        var first = month.AddMonths(-(MonthsBack - 1));
        // The statistics' monthly rollup too, so the first dashboard of the day finds it built.
        await services.GetRequiredService<StatisticsRollup>().RefreshAsync(today, cancellationToken);

        var received = await StatisticsSql.ReadAsync(db, $"""
            SELECT date_trunc('month', received_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
            FROM requests WHERE received_at >= @start GROUP BY 1
            """, c => c.Parameters.AddWithValue("start", ParisTime.StartOfDay(first)),
            r => (Month: r.GetFieldValue<DateOnly>(0), Count: r.GetInt32(1)), cancellationToken);
        var monthStart = ParisTime.StartOfDay(month);
        var agents = await db.Users.CountAsync(u => u.Kind == UserKind.Agent && u.LastSignInAt >= monthStart, cancellationToken);
        var residents = await db.Users.CountAsync(u => u.Kind == UserKind.Resident, cancellationToken);
        var storage = (await StatisticsSql.ReadAsync(db, """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')
            """, _ => { }, r => r.GetInt64(0), cancellationToken))[0];

        var platform = services.GetRequiredService<PlatformDbContext>();
        for (var m = first; m <= month; m = m.AddMonths(1))
        {
            var count = received.Where(r => r.Month == m).Sum(r => r.Count);
            var current = m == month;
            // Past months keep the snapshot taken while they were current; only their count is refreshed.
            await platform.Database.ExecuteSqlAsync($"""
                INSERT INTO platform.town_usage_monthly (town_id, month, requests_received, active_agents, residents, storage_bytes, refreshed_at)
                VALUES ({townId}, {m}, {count}, {(current ? agents : null)}, {(current ? residents : null)}, {(current ? storage : null)}, {now})
                ON CONFLICT (town_id, month) DO UPDATE SET
                    requests_received = excluded.requests_received,
                    active_agents = coalesce(excluded.active_agents, town_usage_monthly.active_agents),
                    residents = coalesce(excluded.residents, town_usage_monthly.residents),
                    storage_bytes = coalesce(excluded.storage_bytes, town_usage_monthly.storage_bytes),
                    refreshed_at = excluded.refreshed_at
                """, cancellationToken);
        }
    }
}

/// <summary>Registers the recurring dispatcher where jobs run (AddOrUpdate: idempotent).</summary>
internal sealed class TownUsageRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<TownUsageJobs>(TownUsageJobs.RecurringId, j => j.ScheduleRefresh(), "30 4 * * *",
            new RecurringJobOptions { TimeZone = ParisTime.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class UsageSetup
{
    public static IServiceCollection AddTownUsage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TownUsageJobs>();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer)
            services.AddHostedService<TownUsageRegistration>();
        return services;
    }
}
