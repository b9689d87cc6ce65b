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
/// The town dashboard's figures, each for the period and the previous one. Whole past months come from
/// the monthly rollup (<see cref="StatisticsRollup"/>, refreshed first), the other days from the
/// requests; the percentiles are computed here from every delay (exactly as percentile_cont would).
/// Labels come from the catalogue.
/// </summary>
public sealed partial class TownStatistics(TenantDbContext db, StatisticsRollup rollup)
{
    public static readonly IReadOnlyList<(int MinDays, string Label)> Ages =
        [(0, "Moins de 7 jours"), (7, "7 à 29 jours"), (30, "30 à 89 jours"), (90, "90 jours et plus")];

    public async Task<Dashboard> DashboardAsync(ServiceScope scope, StatisticsPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = ParisTime.DayOf(now);
        await rollup.RefreshAsync(today, cancellationToken);
        var horizon = StatisticsRollup.FirstOfMonth(today);
        var previous = period.Previous;
        var themes = await db.Themes.AsNoTracking().Select(t => new { t.Id, t.Title, t.FamilyId, t.Position }).ToDictionaryAsync(t => t.Id, cancellationToken);
        var families = await db.Families.AsNoTracking().Select(f => new { f.Id, f.Title }).ToDictionaryAsync(f => f.Id, f => f.Title, cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

        var (currentParts, previousParts) = (PeriodParts.Of(period, horizon), PeriodParts.Of(previous, horizon));
        var counts = (await CountsAsync(scope, currentParts, true, cancellationToken)).Concat(await CountsAsync(scope, previousParts, false, cancellationToken)).ToList();
        var delays = (await DelayCellsAsync(scope, currentParts, true, cancellationToken)).Concat(await DelayCellsAsync(scope, previousParts, false, cancellationToken)).ToList();

        string ThemeTitle(Guid id) => themes.TryGetValue(id, out var t) ? t.Title : "Démarche supprimée";
        string FamilyTitle(Guid theme) => themes.TryGetValue(theme, out var t) && families.TryGetValue(t.FamilyId, out var f) ? f : "Autre";
        string ServiceName(Guid id) => services.GetValueOrDefault(id) ?? "Service supprimé";
        static string ChannelLabel(string channel) => Enum.TryParse<RequestChannel>(channel, out var c) ? Capitalised(RequestLabels.Channel(c)) : channel;

        List<Figure> By(Func<CountCell, string> label) =>
        [
            .. counts.GroupBy(label)
                .Select(g => new Figure(g.Key, g.Where(x => x.Current).Sum(x => x.Count), g.Where(x => !x.Current).Sum(x => x.Count)))
                .OrderByDescending(f => f.Current).ThenByDescending(f => f.Previous).ThenBy(f => f.Label, StringComparer.Ordinal),
        ];
        DelayFigure Delay(Func<DelayCell, bool> which, string label) =>
            new(label, Stats(delays.Where(d => d.Current && which(d))), Stats(delays.Where(d => !d.Current && which(d))));
        List<DelayFigure> DelaysBy(Func<DelayCell, Guid> key, Func<Guid, string> label) =>
        [
            .. delays.Select(key).Distinct().Select(id => Delay(d => key(d) == id, label(id)))
                .OrderByDescending(f => f.Current.Done).ThenBy(f => f.Label, StringComparer.Ordinal),
        ];

        var backlogAt = period.End < now ? period.End : now;
        var previousAt = previous.End < now ? previous.End : now;
        var backlog = await BacklogAsync(scope, backlogAt, horizon, cancellationToken);
        var backlogBefore = await BacklogAsync(scope, previousAt, horizon, cancellationToken);
        var all = Delay(_ => true, "Toutes les demandes");

        return new Dashboard
        {
            Period = period,
            Previous = previous,
            Received = new Figure("Demandes reçues", counts.Where(c => c.Current).Sum(c => c.Count), counts.Where(c => !c.Current).Sum(c => c.Count)),
            Done = new Figure("Demandes terminées", all.Current.Done, all.Previous.Done),
            ByFamily = By(c => FamilyTitle(c.Theme)),
            ByTheme = By(c => ThemeTitle(c.Theme)),
            ByService = By(c => ServiceName(c.Service)),
            ByChannel = By(c => ChannelLabel(c.Channel)),
            Trend = await TrendAsync(scope, period, horizon, cancellationToken),
            Delays = all,
            DelaysByTheme = DelaysBy(d => d.Theme, ThemeTitle),
            DelaysByService = DelaysBy(d => d.Service, ServiceName),
            Backlog = [.. Ages.Select((a, i) => new Figure(a.Label, backlog.Buckets[i], backlogBefore.Buckets[i]))],
            BacklogTotal = new Figure("Demandes ouvertes", backlog.Buckets.Sum(), backlogBefore.Buckets.Sum()),
            Overdue = new Figure("dont en retard", backlog.Overdue, backlogBefore.Overdue),
            BacklogAt = backlogAt,
        };
    }

    /// <summary>
    /// Received and done per Paris month, over the twelve months ending with the period (or the whole
    /// period when longer): rolled-up months from the rollup, the current month from the requests.
    /// </summary>
    private async Task<IReadOnlyList<MonthPoint>> TrendAsync(ServiceScope scope, StatisticsPeriod period, DateOnly horizon, CancellationToken cancellationToken)
    {
        var last = new DateOnly(period.To.Year, period.To.Month, 1);
        var first = new DateOnly(period.From.Year, period.From.Month, 1);
        if (first > last.AddMonths(-11))
            first = last.AddMonths(-11);
        var rows = await StatisticsSql.ReadAsync(db, $"""
            SELECT 0, month, sum(received)::int FROM request_counts_monthly
            WHERE month >= @first AND month <= @last AND month < @horizon AND {ServiceScope.Sql} GROUP BY 2
            UNION ALL
            SELECT 1, month, sum(done)::int FROM request_delays_monthly
            WHERE month >= @first AND month <= @last AND month < @horizon AND {ServiceScope.Sql} GROUP BY 2
            """, c =>
            {
                scope.AddTo(c);
                c.Parameters.AddWithValue("first", first);
                c.Parameters.AddWithValue("last", last);
                c.Parameters.AddWithValue("horizon", horizon);
            }, r => (Kind: r.GetInt32(0), Month: r.GetFieldValue<DateOnly>(1), Count: r.GetInt32(2)), cancellationToken);
        if (last >= horizon)
            rows.AddRange(await StatisticsSql.ReadAsync(db, $"""
                SELECT 0, date_trunc('month', received_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
                FROM requests WHERE received_at >= @start AND received_at < @end AND {ServiceScope.Sql} GROUP BY 2
                UNION ALL
                SELECT 1, date_trunc('month', closed_at AT TIME ZONE '{ParisTime.SqlZone}')::date, count(*)::int
                FROM requests WHERE closed_at >= @start AND closed_at < @end AND {StatisticsSql.Done} AND {ServiceScope.Sql} GROUP BY 2
                """, c =>
                {
                    scope.AddTo(c);
                    c.Parameters.AddWithValue("start", ParisTime.StartOfDay(first > horizon ? first : horizon));
                    c.Parameters.AddWithValue("end", ParisTime.StartOfDay(last.AddMonths(1)));
                }, r => (Kind: r.GetInt32(0), Month: r.GetFieldValue<DateOnly>(1), Count: r.GetInt32(2)), cancellationToken));
        var points = new List<MonthPoint>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            points.Add(new MonthPoint(month,
                rows.Where(r => r.Kind == 0 && r.Month == month).Sum(r => r.Count),
                rows.Where(r => r.Kind == 1 && r.Month == month).Sum(r => r.Count)));
        return points;
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], FrenchFormat.Culture) + text[1..];
}

/// <summary>What the _FigureTable partial shows.</summary>
public sealed record FigureTable(string Id, string Caption, string Heading, string PeriodLabel, string PreviousLabel, IReadOnlyList<Figure> Rows);

/// <summary>What the _DelayTable partial shows.</summary>
public sealed record DelayTable(string Id, string Caption, string Heading, IReadOnlyList<DelayFigure> Rows);
