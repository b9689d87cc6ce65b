using GrcCloud.Host.Features.Shared;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// Which part of a period the monthly rollup answers (whole Paris months before the current one) and
/// which instants are read from the requests themselves (the days before the first whole month, after
/// the last one, and the current month).
/// </summary>
public sealed record PeriodParts(DateOnly? FirstMonth, DateOnly? EndMonth, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Raw)
{
    public static PeriodParts Of(StatisticsPeriod period, DateOnly horizon)
    {
        var first = period.From.Day == 1 ? period.From : StatisticsRollup.FirstOfMonth(period.From).AddMonths(1);
        var end = period.To.AddDays(1).Day == 1 ? period.To.AddDays(1) : StatisticsRollup.FirstOfMonth(period.To);
        if (end > horizon)
            end = horizon;
        if (first >= end)
            return new(null, null, [(period.Start, period.End)]);
        var raw = new List<(DateTimeOffset, DateTimeOffset)>();
        if (period.From < first)
            raw.Add((period.Start, ParisTime.StartOfDay(first)));
        if (end <= period.To)
            raw.Add((ParisTime.StartOfDay(end), period.End));
        return new(first, end, raw);
    }
}

public sealed partial class TownStatistics
{
    private sealed record CountCell(bool Current, Guid Theme, Guid Service, string Channel, int Count);

    /// <summary>The delays of one theme and service in a month (or in loose days), sorted.</summary>
    private sealed record DelayCell(bool Current, Guid Theme, Guid Service, int OnTime, double[] Delays)
    {
        public double Sum { get; } = Delays.Sum();
    }

    /// <summary>Requests received per theme, service and channel: rolled-up months, then the rest from the requests.</summary>
    private async Task<List<CountCell>> CountsAsync(ServiceScope scope, PeriodParts parts, bool current, CancellationToken cancellationToken)
    {
        var cells = new List<CountCell>();
        if (parts.FirstMonth is { } first)
            cells.AddRange(await StatisticsSql.ReadAsync(db, $"""
                SELECT theme_id, service_id, channel, sum(received)::int FROM request_counts_monthly
                WHERE month >= @first AND month < @end AND {ServiceScope.Sql} GROUP BY 1, 2, 3
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("first", first);
                    c.Parameters.AddWithValue("end", parts.EndMonth!.Value);
                }, r => new CountCell(current, r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3)), cancellationToken));
        foreach (var (start, end) in parts.Raw)
            cells.AddRange(await StatisticsSql.ReadAsync(db, $"""
                SELECT theme_id, service_id, channel, count(*)::int FROM requests
                WHERE received_at >= @start AND received_at < @end AND {ServiceScope.Sql} GROUP BY 1, 2, 3
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("start", start);
                    c.Parameters.AddWithValue("end", end);
                }, r => new CountCell(current, r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3)), cancellationToken));
        return cells;
    }

    /// <summary>Every delay of the requests done in the period, per theme and service, with how many were on time.</summary>
    private async Task<List<DelayCell>> DelayCellsAsync(ServiceScope scope, PeriodParts parts, bool current, CancellationToken cancellationToken)
    {
        var cells = new List<DelayCell>();
        if (parts.FirstMonth is { } first)
            cells.AddRange(await StatisticsSql.ReadAsync(db, $"""
                SELECT theme_id, service_id, on_time, delays FROM request_delays_monthly
                WHERE month >= @first AND month < @end AND {ServiceScope.Sql}
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("first", first);
                    c.Parameters.AddWithValue("end", parts.EndMonth!.Value);
                }, r => new DelayCell(current, r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetFieldValue<double[]>(3)), cancellationToken));
        foreach (var (start, end) in parts.Raw)
            cells.AddRange(await StatisticsSql.ReadAsync(db, $"""
                SELECT theme_id, service_id, count(*) FILTER (WHERE (closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date <= due_on)::int,
                       array_agg({StatisticsSql.DelayDays} ORDER BY {StatisticsSql.DelayDays})
                FROM requests WHERE closed_at >= @start AND closed_at < @end AND {StatisticsSql.Done} AND {ServiceScope.Sql} GROUP BY 1, 2
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("start", start);
                    c.Parameters.AddWithValue("end", end);
                }, r => new DelayCell(current, r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetFieldValue<double[]>(3)), cancellationToken));
        return cells;
    }

    /// <summary>
    /// Requests open at an instant by age, and how many were overdue. At the start of a rolled-up month's
    /// successor (a month, quarter or year that is over) the rollup kept it; otherwise it is counted.
    /// </summary>
    private async Task<(long[] Buckets, long Overdue)> BacklogAsync(ServiceScope scope, DateTimeOffset at, DateOnly horizon, CancellationToken cancellationToken)
    {
        var day = ParisTime.DayOf(at);
        var rolledUp = day.Day == 1 && ParisTime.StartOfDay(day) == at && day <= horizon;
        var rows = rolledUp
            ? await StatisticsSql.ReadAsync(db, $"""
                SELECT age_bucket, sum(open)::bigint, sum(overdue)::bigint FROM request_backlog_monthly
                WHERE month = @month AND {ServiceScope.Sql} GROUP BY 1
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("month", day.AddMonths(-1));
                }, r => (Bucket: (int)r.GetInt16(0), Count: r.GetInt64(1), Overdue: r.GetInt64(2)), cancellationToken)
            : await StatisticsSql.ReadAsync(db, $"""
                SELECT {StatisticsSql.AgeBucket}, count(*), count(*) FILTER (WHERE due_on < @day)
                FROM ({StatisticsSql.OpenAt("@at")}) o WHERE {ServiceScope.Sql} GROUP BY 1
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("at", at);
                    c.Parameters.AddWithValue("day", day);
                }, r => (Bucket: r.GetInt32(0), Count: r.GetInt64(1), Overdue: r.GetInt64(2)), cancellationToken);
        var buckets = new long[Ages.Count];
        foreach (var row in rows)
            buckets[row.Bucket] = row.Count;
        return (buckets, rows.Sum(r => r.Overdue));
    }

    /// <summary>Median and 90th percentile as PostgreSQL's percentile_cont computes them (linear interpolation between ranks), and the mean.</summary>
    private static DelayStats Stats(IEnumerable<DelayCell> cells)
    {
        var list = cells.Where(c => c.Delays.Length > 0).ToList();
        var count = list.Sum(c => (long)c.Delays.Length);
        if (count == 0)
            return DelayStats.None;
        var sorted = list.Select(c => c.Delays).ToList();
        return new DelayStats((int)count, SortedDelays.Percentile(sorted, count, 0.5), SortedDelays.Percentile(sorted, count, 0.9),
            list.Sum(c => c.Sum) / count, list.Sum(c => c.OnTime));
    }
}
