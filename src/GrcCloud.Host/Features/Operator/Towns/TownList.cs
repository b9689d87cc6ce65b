using System.Globalization;
using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>What the console knows of one town: its registry entry, its plan and its usage.</summary>
public sealed record TownRow(TenantRecord Town, string? PlanName, TownUsage Usage, ProvisioningRunRecord? LastRun);

/// <summary>
/// A town's usage as PostgreSQL's statistics count it (live rows of its requests and users tables):
/// one query over the catalogue for every town, never a query per town's schema. An estimate that
/// follows writes within a second or so; exact figures per month will come from a platform aggregate.
/// </summary>
public sealed record TownUsage(long Requests, long Accounts)
{
    public static readonly TownUsage None = new(0, 0);
}

/// <summary>A column of the towns' table: a header and the text of its cell. Adding a column is one line in <see cref="TownList.Columns"/>.</summary>
public sealed record TownColumn(string Header, Func<TownRow, string> Cell);

public sealed class TownList(PlatformDbContext db, NpgsqlDataSource dataSource, TenancyOptions tenancy)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public IReadOnlyList<TownColumn> Columns =>
    [
        new("Commune", r => r.Town.Name),
        new("Adresses", r => string.Join(" ", [$"{r.Town.Slug}.{tenancy.BaseDomain}", .. r.Town.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal)])),
        new("Code INSEE", r => r.Town.InseeCode),
        new("État", r => TownStatusLabels.Describe(r.Town.ToInfo())),
        new("Formule", r => r.PlanName ?? "aucune"),
        new("Usage (estimation)", r => $"{Count(r.Usage.Requests, "demande")}, {Count(r.Usage.Accounts, "compte")}"),
        new("Créée le", r => r.Town.CreatedAt.ToOffset(TimeSpan.Zero).ToString("d MMMM yyyy", French)),
    ];

    public async Task<IReadOnlyList<TownRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var towns = await db.Tenants.AsNoTracking().Include(t => t.Hosts).OrderBy(t => t.Name).ThenBy(t => t.Slug).ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var usage = await UsageAsync(cancellationToken);
        var runs = (await db.ProvisioningRuns.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken))
            .GroupBy(r => r.Slug).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return [.. towns.Select(t => new TownRow(t,
            t.PlanId is { } plan && plans.TryGetValue(plan, out var name) ? name : null,
            usage.GetValueOrDefault(t.SchemaName, TownUsage.None),
            runs.GetValueOrDefault(t.Slug)))];
    }

    /// <summary>The last week's creations still queued, running or failed (the latest of each slug), with their page.</summary>
    public async Task<IReadOnlyList<ProvisioningRunRecord>> PendingRunsAsync(CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow.AddDays(-7);
        return await db.ProvisioningRuns.AsNoTracking()
            .Where(r => r.CreatedAt > since && r.Status != ProvisioningRunStatus.Succeeded
                && !db.ProvisioningRuns.Any(o => o.Slug == r.Slug && o.CreatedAt > r.CreatedAt))
            .OrderByDescending(r => r.CreatedAt).Take(50).ToListAsync(cancellationToken);
    }

    private async Task<Dictionary<string, TownUsage>> UsageAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, TownUsage>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("""
            SELECT schemaname, relname, n_live_tup FROM pg_stat_user_tables
            WHERE schemaname LIKE 't\_%' AND relname IN ('requests', 'users')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(0);
            var current = counts.GetValueOrDefault(schema, TownUsage.None);
            counts[schema] = reader.GetString(1) == "requests" ? current with { Requests = reader.GetInt64(2) } : current with { Accounts = reader.GetInt64(2) };
        }
        return counts;
    }

    private static string Count(long n, string noun) => $"{n.ToString("N0", French)} {noun}{(n > 1 ? "s" : "")}";
}
