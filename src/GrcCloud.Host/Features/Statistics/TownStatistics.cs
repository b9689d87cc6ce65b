using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>A count in the period and in the previous one.</summary>
public sealed record Figure(string Label, long Current, long Previous)
{
    public string Change => FrenchFormat.Change(Current, Previous);
}

/// <summary>The delays of the requests done in a period (RequestStates: reception to done-at), in days.</summary>
public sealed record DelayStats(int Done, double? Median, double? P90, double? Mean, int OnTime)
{
    public static readonly DelayStats None = new(0, null, null, null, 0);
    /// <summary>Share done on or before the due date (Paris days); null when none was done.</summary>
    public double? OnTimeShare => Done == 0 ? null : (double)OnTime / Done;
}

public sealed record DelayFigure(string Label, DelayStats Current, DelayStats Previous);

public sealed record MonthPoint(DateOnly Month, int Received, int Done);

public sealed class Dashboard
{
    public required StatisticsPeriod Period { get; init; }
    public required StatisticsPeriod Previous { get; init; }
    public required Figure Received { get; init; }
    public required Figure Done { get; init; }
    public required IReadOnlyList<Figure> ByFamily { get; init; }
    public required IReadOnlyList<Figure> ByTheme { get; init; }
    public required IReadOnlyList<Figure> ByService { get; init; }
    public required IReadOnlyList<Figure> ByChannel { get; init; }
    public IReadOnlyList<Figure> TopThemes => [.. ByTheme.Take(5)];
    public required IReadOnlyList<MonthPoint> Trend { get; init; }
    public required DelayFigure Delays { get; init; }
    public required IReadOnlyList<DelayFigure> DelaysByTheme { get; init; }
    public required IReadOnlyList<DelayFigure> DelaysByService { get; init; }
    public required IReadOnlyList<Figure> Backlog { get; init; }
    public required Figure BacklogTotal { get; init; }
    public required Figure Overdue { get; init; }
    /// <summary>When the backlog is counted: the end of the period, or now for a period not yet over.</summary>
    public required DateTimeOffset BacklogAt { get; init; }
}

/// <summary>
/// The town dashboard's figures, each for the period and the previous one, computed by PostgreSQL in
/// five aggregate queries over the statistics' covering indexes. Labels come from the catalogue.
/// </summary>
public sealed class TownStatistics(TenantDbContext db)
{
    public static readonly IReadOnlyList<(int MinDays, string Label)> Ages =
        [(0, "Moins de 7 jours"), (7, "7 à 29 jours"), (30, "30 à 89 jours"), (90, "90 jours et plus")];

    public async Task<Dashboard> DashboardAsync(ServiceScope scope, StatisticsPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = period.Previous;
        var themes = await db.Themes.AsNoTracking().Select(t => new { t.Id, t.Title, t.FamilyId, t.Position }).ToDictionaryAsync(t => t.Id, cancellationToken);
        var families = await db.Families.AsNoTracking().Select(f => new { f.Id, f.Title }).ToDictionaryAsync(f => f.Id, f => f.Title, cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

        var counts = await StatisticsSql.ReadAsync(db, $"""
            SELECT received_at >= @from, theme_id, service_id, channel, count(*)::int
            FROM requests WHERE received_at >= @pfrom AND received_at < @to AND {ServiceScope.Sql}
            GROUP BY 1, 2, 3, 4
            """, c =>
            {
                scope.AddTo(c);
                c.Parameters.AddWithValue("from", period.Start);
                c.Parameters.AddWithValue("pfrom", previous.Start);
                c.Parameters.AddWithValue("to", period.End);
            }, r => (Current: r.GetBoolean(0), Theme: r.GetGuid(1), Service: r.GetGuid(2), Channel: r.GetString(3), Count: r.GetInt32(4)), cancellationToken);

        string ThemeTitle(Guid id) => themes.TryGetValue(id, out var t) ? t.Title : "Démarche supprimée";
        string FamilyTitle(Guid theme) => themes.TryGetValue(theme, out var t) && families.TryGetValue(t.FamilyId, out var f) ? f : "Autre";
        string ServiceName(Guid id) => services.GetValueOrDefault(id) ?? "Service supprimé";
        static string ChannelLabel(string channel) => Enum.TryParse<RequestChannel>(channel, out var c) ? Capitalised(RequestLabels.Channel(c)) : channel;

        List<Figure> By(Func<(bool Current, Guid Theme, Guid Service, string Channel, int Count), string> label) =>
        [
            .. counts.GroupBy(label)
                .Select(g => new Figure(g.Key, g.Where(x => x.Current).Sum(x => x.Count), g.Where(x => !x.Current).Sum(x => x.Count)))
                .OrderByDescending(f => f.Current).ThenByDescending(f => f.Previous).ThenBy(f => f.Label, StringComparer.Ordinal),
        ];

        var delays = await DelaysAsync(scope, period, previous, cancellationToken);
        DelayFigure Delay(Func<(bool Current, Guid? Theme, Guid? Service, int Grouping, DelayStats Stats), bool> which, string label) =>
            new(label, delays.Where(d => d.Current && which(d)).Select(d => d.Stats).FirstOrDefault() ?? DelayStats.None,
                delays.Where(d => !d.Current && which(d)).Select(d => d.Stats).FirstOrDefault() ?? DelayStats.None);

        var backlogAt = period.End < now ? period.End : now;
        var previousAt = previous.End < now ? previous.End : now;
        var backlog = await BacklogAsync(scope, backlogAt, cancellationToken);
        var backlogBefore = await BacklogAsync(scope, previousAt, cancellationToken);

        return new Dashboard
        {
            Period = period,
            Previous = previous,
            Received = new Figure("Demandes reçues", counts.Where(c => c.Current).Sum(c => c.Count), counts.Where(c => !c.Current).Sum(c => c.Count)),
            Done = new Figure("Demandes terminées", delays.Where(d => d.Current && d.Grouping == 3).Sum(d => d.Stats.Done), delays.Where(d => !d.Current && d.Grouping == 3).Sum(d => d.Stats.Done)),
            ByFamily = By(c => FamilyTitle(c.Theme)),
            ByTheme = By(c => ThemeTitle(c.Theme)),
            ByService = By(c => ServiceName(c.Service)),
            ByChannel = By(c => ChannelLabel(c.Channel)),
            Trend = await TrendAsync(scope, period, cancellationToken),
            Delays = Delay(d => d.Grouping == 3, "Toutes les demandes"),
            DelaysByTheme = [.. delays.Where(d => d.Grouping == 1).Select(d => d.Theme!.Value).Distinct()
                .Select(id => Delay(d => d.Grouping == 1 && d.Theme == id, ThemeTitle(id)))
                .OrderByDescending(f => f.Current.Done).ThenBy(f => f.Label, StringComparer.Ordinal)],
            DelaysByService = [.. delays.Where(d => d.Grouping == 2).Select(d => d.Service!.Value).Distinct()
                .Select(id => Delay(d => d.Grouping == 2 && d.Service == id, ServiceName(id)))
                .OrderByDescending(f => f.Current.Done).ThenBy(f => f.Label, StringComparer.Ordinal)],
            Backlog = [.. Ages.Select((a, i) => new Figure(a.Label, backlog.Buckets[i], backlogBefore.Buckets[i]))],
            BacklogTotal = new Figure("Demandes ouvertes", backlog.Buckets.Sum(), backlogBefore.Buckets.Sum()),
            Overdue = new Figure("dont en retard", backlog.Overdue, backlogBefore.Overdue),
            BacklogAt = backlogAt,
        };
    }

    /// <summary>Median, 90th percentile (continuous, as percentile_cont interpolates) and mean per theme, per service and overall.</summary>
    private Task<List<(bool Current, Guid? Theme, Guid? Service, int Grouping, DelayStats Stats)>> DelaysAsync(ServiceScope scope, StatisticsPeriod period, StatisticsPeriod previous, CancellationToken cancellationToken) =>
        StatisticsSql.ReadAsync(db, $"""
            SELECT cur, theme_id, service_id, GROUPING(theme_id, service_id)::int, count(*)::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.9) WITHIN GROUP (ORDER BY d), avg(d),
                   count(*) FILTER (WHERE done_day <= due_on)::int
            FROM (SELECT closed_at >= @from AS cur, theme_id, service_id, {StatisticsSql.DelayDays} AS d,
                         (closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date AS done_day, due_on
                  FROM requests WHERE closed_at >= @pfrom AND closed_at < @to AND {StatisticsSql.Done} AND {ServiceScope.Sql}) x
            GROUP BY GROUPING SETS ((cur, theme_id), (cur, service_id), (cur))
            """, c =>
            {
                scope.AddTo(c);
                c.Parameters.AddWithValue("from", period.Start);
                c.Parameters.AddWithValue("pfrom", previous.Start);
                c.Parameters.AddWithValue("to", period.End);
            }, r => (r.GetBoolean(0), r.NullableGuid(1), r.NullableGuid(2), r.GetInt32(3),
                new DelayStats(r.GetInt32(4), r.NullableDouble(5), r.NullableDouble(6), r.NullableDouble(7), r.GetInt32(8))), cancellationToken);

    /// <summary>Received and done per Paris month, over the twelve months ending with the period (or the whole period when longer).</summary>
    private async Task<IReadOnlyList<MonthPoint>> TrendAsync(ServiceScope scope, StatisticsPeriod period, CancellationToken cancellationToken)
    {
        var last = new DateOnly(period.To.Year, period.To.Month, 1);
        var first = new DateOnly(period.From.Year, period.From.Month, 1);
        if (first > last.AddMonths(-11))
            first = last.AddMonths(-11);
        var rows = await StatisticsSql.ReadAsync(db, $"""
            SELECT 0, date_trunc('month', received_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
            FROM requests WHERE received_at >= @start AND received_at < @end AND {ServiceScope.Sql} GROUP BY 2
            UNION ALL
            SELECT 1, date_trunc('month', closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
            FROM requests WHERE closed_at >= @start AND closed_at < @end AND {StatisticsSql.Done} AND {ServiceScope.Sql} GROUP BY 2
            """, c =>
            {
                scope.AddTo(c);
                c.Parameters.AddWithValue("start", ParisTime.StartOfDay(first));
                c.Parameters.AddWithValue("end", ParisTime.StartOfDay(last.AddMonths(1)));
            }, r => (Kind: r.GetInt32(0), Month: r.GetFieldValue<DateOnly>(1), Count: r.GetInt32(2)), cancellationToken);
        var points = new List<MonthPoint>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            points.Add(new MonthPoint(month,
                rows.Where(r => r.Kind == 0 && r.Month == month).Sum(r => r.Count),
                rows.Where(r => r.Kind == 1 && r.Month == month).Sum(r => r.Count)));
        return points;
    }

    /// <summary>
    /// Requests open at an instant: received before it and not done by then (still open, or done at or
    /// after it). Two halves so each reads a small index: the open ones, and those done since.
    /// </summary>
    private async Task<(long[] Buckets, long Overdue)> BacklogAsync(ServiceScope scope, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await StatisticsSql.ReadAsync(db, $"""
            SELECT CASE WHEN age < 7 THEN 0 WHEN age < 30 THEN 1 WHEN age < 90 THEN 2 ELSE 3 END, count(*), count(*) FILTER (WHERE due_on < @day)
            FROM (SELECT extract(epoch FROM (@at - received_at)) / 86400.0 AS age, due_on FROM (
                    SELECT received_at, due_on FROM requests WHERE {StatisticsSql.Open} AND received_at < @at AND {ServiceScope.Sql}
                    UNION ALL
                    SELECT received_at, due_on FROM requests WHERE closed_at >= @at AND {StatisticsSql.Done} AND received_at < @at AND {ServiceScope.Sql}) o) x
            GROUP BY 1
            """, c =>
            {
                scope.AddTo(c);
                c.Parameters.AddWithValue("at", at);
                c.Parameters.AddWithValue("day", ParisTime.DayOf(at));
            }, r => (Bucket: r.GetInt32(0), Count: r.GetInt64(1), Overdue: r.GetInt64(2)), cancellationToken);
        var buckets = new long[Ages.Count];
        foreach (var row in rows)
            buckets[row.Bucket] = row.Count;
        return (buckets, rows.Sum(r => r.Overdue));
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], FrenchFormat.Culture) + text[1..];
}

/// <summary>What the _FigureTable partial shows.</summary>
public sealed record FigureTable(string Id, string Caption, string Heading, string PeriodLabel, string PreviousLabel, IReadOnlyList<Figure> Rows);

/// <summary>What the _DelayTable partial shows.</summary>
public sealed record DelayTable(string Id, string Caption, string Heading, IReadOnlyList<DelayFigure> Rows);
