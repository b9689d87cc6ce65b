using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GrcCloud.Host.Features.Portal;

/// <summary>The delay published on a theme page; <see cref="FromData"/> when measured on the town's own requests.</summary>
public sealed record TypicalDelay(int Days, bool FromData, int SampleSize);

/// <summary>
/// The typical delay of a theme: the 90th percentile (nearest rank) of the processing times of the
/// town's requests of that theme closed in the last 90 days, when there are at least 10 of them;
/// otherwise the theme's configured due delay. Computed at most once an hour per town and theme.
/// </summary>
public sealed class TypicalDelays(TenantDbContext db, TenantContext tenant, IMemoryCache cache, TimeProvider clock)
{
    public const int MinimumSample = 10;
    public const int WindowDays = 90;

    public async Task<TypicalDelay> ForAsync(ThemeView theme, CancellationToken cancellationToken = default)
    {
        var key = $"delay:{tenant.Required.Id:N}:{theme.Slug}";
        if (cache.TryGetValue(key, out TypicalDelay? cached) && cached is not null)
            return cached;

        var since = clock.GetUtcNow().AddDays(-WindowDays);
        var closed = await db.Requests.AsNoTracking()
            .Where(RequestStates.IsDone).Where(r => r.ClosedAt != null && r.ClosedAt >= since && db.Themes.Any(t => t.Id == r.ThemeId && t.Slug == theme.Slug))
            .Select(r => new { r.ReceivedAt, ClosedAt = r.ClosedAt!.Value })
            .ToListAsync(cancellationToken);
        var delay = closed.Count >= MinimumSample
            ? new TypicalDelay(Percentile90([.. closed.Select(c => (int)Math.Ceiling((c.ClosedAt - c.ReceivedAt).TotalDays))]), true, closed.Count)
            : new TypicalDelay(theme.DueDays, false, closed.Count);
        cache.Set(key, delay, TimeSpan.FromHours(1));
        return delay;
    }

    /// <summary>Nearest rank: the smallest value at or under which 90 % of the values lie.</summary>
    public static int Percentile90(IReadOnlyList<int> values)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(0.9 * sorted.Length);
        return Math.Max(1, sorted[rank - 1]);
    }
}
