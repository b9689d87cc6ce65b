using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// The town's monthly rollup of its requests, so a year's dashboard reads a few thousand rows instead of
/// every request. Per past Paris month: the requests received (theme, service, channel), the requests
/// done with every delay (percentiles stay exact), and the backlog at the month's end (service, age,
/// overdue). The current month is never rolled up: the dashboard reads it from the requests.
/// A trigger on <c>requests</c> marks the months a change touches (<c>request_stats_dirty</c>: a transfer,
/// a reopening, a late closing); <see cref="RefreshAsync"/> rebuilds those months and any past month
/// never built. It runs before each dashboard and every night (TownUsageJobs), so figures are never stale.
/// </summary>
public sealed class StatisticsRollup(TenantDbContext db)
{
    /// <summary>One month's rows from the requests (parameters: month, start, end, endday).</summary>
    private static readonly string BuildMonthSql = $"""
            DELETE FROM request_stats_dirty WHERE month = @month;
            DELETE FROM request_counts_monthly WHERE month = @month;
            DELETE FROM request_delays_monthly WHERE month = @month;
            DELETE FROM request_backlog_monthly WHERE month = @month;
            INSERT INTO request_counts_monthly (month, theme_id, service_id, channel, received)
            SELECT @month, theme_id, service_id, channel, count(*)
            FROM requests WHERE received_at >= @start AND received_at < @end GROUP BY 2, 3, 4;
            INSERT INTO request_delays_monthly (month, theme_id, service_id, done, on_time, delays)
            SELECT @month, theme_id, service_id, count(*),
                   count(*) FILTER (WHERE (closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date <= due_on),
                   array_agg({StatisticsSql.DelayDays} ORDER BY {StatisticsSql.DelayDays})
            FROM requests WHERE closed_at >= @start AND closed_at < @end AND {StatisticsSql.Done} GROUP BY 2, 3;
            INSERT INTO request_backlog_monthly (month, service_id, age_bucket, open, overdue)
            SELECT @month, service_id, {StatisticsSql.AgeBucket}, count(*), count(*) FILTER (WHERE due_on < @endday)
            FROM ({StatisticsSql.OpenAt("@end")}) o GROUP BY 2, 3;
            INSERT INTO request_stats_months (month, built_at) VALUES (@month, now())
            ON CONFLICT (month) DO UPDATE SET built_at = excluded.built_at;
        """;

    /// <summary>Builds every past month that is missing or marked; returns how many were built.</summary>
    public async Task<int> RefreshAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var current = FirstOfMonth(today);
        var first = (await StatisticsSql.ReadAsync(db, $"""
            SELECT date_trunc('month', min(received_at) AT TIME ZONE '{ParisTime.SqlZone}')::date FROM requests
            """, _ => { }, r => r.IsDBNull(0) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(0), cancellationToken))[0];
        if (first is null)
            return 0;
        var stale = await StatisticsSql.ReadAsync(db, """
            SELECT m::date FROM generate_series(@first, @last, interval '1 month') m
            WHERE m::date NOT IN (SELECT month FROM request_stats_months)
            UNION
            SELECT month FROM request_stats_dirty WHERE month < @current
            ORDER BY 1
            """, c =>
            {
                c.Parameters.AddWithValue("first", first.Value);
                c.Parameters.AddWithValue("last", current.AddMonths(-1));
                c.Parameters.AddWithValue("current", current);
            }, r => r.GetFieldValue<DateOnly>(0), cancellationToken);
        foreach (var month in stale)
            await BuildAsync(month, cancellationToken);
        return stale.Count;
    }

    /// <summary>
    /// Rebuilds one month in one transaction. The month's mark is removed first: a change committed
    /// while the month is read marks it again (its mark was not visible to the removal), so it is
    /// rebuilt next time rather than lost.
    /// </summary>
    private async Task BuildAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var start = ParisTime.StartOfDay(month);
        var end = ParisTime.StartOfDay(month.AddMonths(1));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(BuildMonthSql,
            [
                new Npgsql.NpgsqlParameter("month", month),
                new Npgsql.NpgsqlParameter("start", start),
                new Npgsql.NpgsqlParameter("end", end),
                new Npgsql.NpgsqlParameter("endday", ParisTime.DayOf(end)),
            ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
