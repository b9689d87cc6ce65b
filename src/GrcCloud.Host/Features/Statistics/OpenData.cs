using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>Requests received and done in one family and month; null when fewer than <see cref="OpenData.Threshold"/>.</summary>
public sealed record FamilyMonth(string Family, DateOnly Month, int? Received, int? Done);

/// <summary>The delays of one theme's requests done over the twelve months; null when fewer than <see cref="OpenData.Threshold"/> were done.</summary>
public sealed record ThemeDelay(string Family, string Theme, int? Done, double? Median, double? P90);

public sealed record OpenDataSet(string Town, DateOnly From, DateOnly To, DateTimeOffset ComputedAt, IReadOnlyList<DateOnly> Months,
    IReadOnlyList<FamilyMonth> Families, IReadOnlyList<ThemeDelay> Delays);

/// <summary>
/// What a town publishes of its requests (the transparency page and its open data): per family and
/// month, the requests received and done; per theme, the median and 90th-percentile delay; over the
/// last twelve whole months. Nothing about a person: no reference, date, text or agent. Counts under
/// five and delays measured on fewer than five requests are withheld: in a small town a family such as
/// social aid with one or two requests in a month, or the delay of a single request, can point to a
/// neighbour (the statistical secrecy practice of public statistics). Computed at most once an hour per town.
/// </summary>
public sealed class OpenData(TenantDbContext db, TenantContext tenant, IMemoryCache cache, TimeProvider clock)
{
    public const int Threshold = 5;

    public async Task<OpenDataSet> GetAsync(CancellationToken cancellationToken)
    {
        var town = tenant.Required;
        var today = ParisTime.Today(clock);
        var to = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        var from = new DateOnly(to.Year, to.Month, 1).AddMonths(-11);
        var key = $"opendata:{town.Id:N}:{to:yyyy-MM}";
        if (cache.TryGetValue(key, out OpenDataSet? cached) && cached is not null)
            return cached;

        var start = ParisTime.StartOfDay(from);
        var end = ParisTime.StartOfDay(to.AddDays(1));
        var families = await db.Families.AsNoTracking().OrderBy(f => f.Position).ThenBy(f => f.Title).Select(f => new { f.Id, f.Title }).ToListAsync(cancellationToken);
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.Family!.Position).ThenBy(t => t.Position).ThenBy(t => t.Title).Select(t => new { t.Id, t.Title, t.FamilyId }).ToListAsync(cancellationToken);
        var counts = await StatisticsSql.ReadAsync(db, $"""
            SELECT 0, t.family_id, date_trunc('month', r.received_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
            FROM requests r JOIN themes t ON t.id = r.theme_id
            WHERE r.received_at >= @start AND r.received_at < @end GROUP BY 2, 3
            UNION ALL
            SELECT 1, t.family_id, date_trunc('month', r.closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
            FROM requests r JOIN themes t ON t.id = r.theme_id
            WHERE r.closed_at >= @start AND r.closed_at < @end AND r.{StatisticsSql.Done} GROUP BY 2, 3
            """, c =>
            {
                c.Parameters.AddWithValue("start", start);
                c.Parameters.AddWithValue("end", end);
            }, r => (Kind: r.GetInt32(0), Family: r.GetGuid(1), Month: r.GetFieldValue<DateOnly>(2), Count: r.GetInt32(3)), cancellationToken);
        var delays = await StatisticsSql.ReadAsync(db, $"""
            SELECT theme_id, count(*)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY {StatisticsSql.DelayDays}), percentile_cont(0.9) WITHIN GROUP (ORDER BY {StatisticsSql.DelayDays})
            FROM requests WHERE closed_at >= @start AND closed_at < @end AND {StatisticsSql.Done} GROUP BY 1
            """, c =>
            {
                c.Parameters.AddWithValue("start", start);
                c.Parameters.AddWithValue("end", end);
            }, r => (Theme: r.GetGuid(0), Done: r.GetInt32(1), Median: r.GetDouble(2), P90: r.GetDouble(3)), cancellationToken);

        var months = Enumerable.Range(0, 12).Select(i => from.AddMonths(i)).ToList();
        static int? Shown(int count) => count >= Threshold ? count : null;
        var familyTitles = families.ToDictionary(f => f.Id, f => f.Title);
        var set = new OpenDataSet(town.Name, from, to, clock.GetUtcNow(), months,
            [.. families.SelectMany(f => months.Select(m => new FamilyMonth(f.Title, m,
                Shown(counts.Where(c => c.Kind == 0 && c.Family == f.Id && c.Month == m).Sum(c => c.Count)),
                Shown(counts.Where(c => c.Kind == 1 && c.Family == f.Id && c.Month == m).Sum(c => c.Count)))))],
            [.. themes.Select(t => (Theme: t, Delay: delays.FirstOrDefault(d => d.Theme == t.Id)))
                .Where(x => x.Delay.Done > 0)
                .Select(x => x.Delay.Done >= Threshold
                    ? new ThemeDelay(familyTitles.GetValueOrDefault(x.Theme.FamilyId, ""), x.Theme.Title, x.Delay.Done, x.Delay.Median, x.Delay.P90)
                    : new ThemeDelay(familyTitles.GetValueOrDefault(x.Theme.FamilyId, ""), x.Theme.Title, null, null, null))]);
        cache.Set(key, set, TimeSpan.FromHours(1));
        return set;
    }
}
