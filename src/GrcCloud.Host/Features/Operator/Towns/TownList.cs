using System.Globalization;
using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using GrcCloud.Host.Features.Billing;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>What the console knows of one town: its registry entry, its plan, its billing state and its usage.</summary>
public sealed record TownRow(TenantRecord Town, string? PlanName, string BillingState, TownUsageMonthly? Usage, ProvisioningRunRecord? LastRun);

/// <summary>A column of the towns' table: a header and the text of its cell. Adding a column is one line in <see cref="TownList.Columns"/>.</summary>
public sealed record TownColumn(string Header, Func<TownRow, string> Cell);

public sealed class TownList(PlatformDbContext db, BillingOverview billing, TenancyOptions tenancy, TimeProvider clock)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public IReadOnlyList<TownColumn> Columns =>
    [
        new("Commune", r => r.Town.Name),
        new("Adresses", r => string.Join(" ", [$"{r.Town.Slug}.{tenancy.BaseDomain}", .. r.Town.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal)])),
        new("Code INSEE", r => r.Town.InseeCode),
        new("État", r => TownStatusLabels.Describe(r.Town.ToInfo())),
        new("Formule", r => r.PlanName ?? "aucune"),
        new("État de facturation", r => r.BillingState),
        new("Usage du mois", r => r.Usage is { } u ? $"{Count(u.RequestsReceived, "demande")}, {Count(u.ActiveAgents ?? 0, "agent actif", "agents actifs")}, {Count(u.Residents ?? 0, "habitant")}" : "pas encore mesuré"),
        new("Créée le", r => r.Town.CreatedAt.ToOffset(TimeSpan.Zero).ToString("d MMMM yyyy", French)),
    ];

    public async Task<IReadOnlyList<TownRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var towns = await db.Tenants.AsNoTracking().Include(t => t.Hosts).OrderBy(t => t.Name).ThenBy(t => t.Slug).ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var states = await billing.ForTownsAsync(cancellationToken);
        // The usage job's latest month for each town (platform aggregate: never a query per town's schema).
        var usage = (await db.TownUsage.AsNoTracking()
                .Where(u => u.Month == db.TownUsage.Where(o => o.TownId == u.TownId).Max(o => o.Month)).ToListAsync(cancellationToken))
            .ToDictionary(u => u.TownId);
        var runs = (await db.ProvisioningRuns.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken))
            .GroupBy(r => r.Slug).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return [.. towns.Select(t => new TownRow(t,
            t.PlanId is { } plan && plans.TryGetValue(plan, out var name) ? name : null,
            states.TryGetValue(t.Id, out var state) ? state.StateLabel : "Non facturée",
            usage.GetValueOrDefault(t.Id),
            runs.GetValueOrDefault(t.Slug)))];
    }

    /// <summary>The last week's creations still queued, running or failed (the latest of each slug), with their page.</summary>
    public async Task<IReadOnlyList<ProvisioningRunRecord>> PendingRunsAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-7);
        return await db.ProvisioningRuns.AsNoTracking()
            .Where(r => r.CreatedAt > since && r.Status != ProvisioningRunStatus.Succeeded
                && !db.ProvisioningRuns.Any(o => o.Slug == r.Slug && o.CreatedAt > r.CreatedAt))
            .OrderByDescending(r => r.CreatedAt).Take(50).ToListAsync(cancellationToken);
    }

    private static string Count(long n, string noun, string? plural = null) => $"{n.ToString("N0", French)} {(n > 1 ? plural ?? noun + "s" : noun)}";
}
