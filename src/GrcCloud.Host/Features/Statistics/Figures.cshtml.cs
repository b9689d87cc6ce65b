using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// /agents/statistiques/chiffres.csv: every figure of the dashboard for the same period, one per line
/// (section, label, measure, period, previous period), easy to pivot in a spreadsheet. Aggregates only.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class FiguresExportModel(TenantDbContext db, TownStatistics statistics, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await StatisticsReader.LoadAsync(db, User, cancellationToken) is not { } reader)
            return Forbid();
        var (period, errors) = StatisticsPeriod.Parse(Request.Query, ParisTime.Today(clock));
        if (errors.Count > 0)
            return BadRequest();
        var f = await statistics.DashboardAsync(reader.Scope, period, clock.GetUtcNow(), cancellationToken);

        Response.ContentType = FrenchCsv.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"statistiques-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await using var csv = new FrenchCsv(Response.Body);
        await csv.RowAsync("Rubrique", "Libellé", "Mesure", $"Période étudiée ({period.Label})", $"Période précédente ({f.Previous.Label})");

        Task Count(string section, Figure figure, string measure = "Demandes") =>
            csv.RowAsync([FrenchCsv.Cell(section), FrenchCsv.Cell(figure.Label), FrenchCsv.Cell(measure), FrenchCsv.Number(figure.Current.ToString(FrenchFormat.Culture)), FrenchCsv.Number(figure.Previous.ToString(FrenchFormat.Culture))]);
        async Task Delays(string section, DelayFigure d)
        {
            foreach (var (measure, current, previous) in new (string, double?, double?)[]
            {
                ("Demandes terminées", d.Current.Done, d.Previous.Done),
                ("Délai médian (jours)", d.Current.Median, d.Previous.Median),
                ("Délai 90e centile (jours)", d.Current.P90, d.Previous.P90),
                ("Délai moyen (jours)", d.Current.Mean, d.Previous.Mean),
                ("Part terminée dans le délai prévu (%)", d.Current.OnTimeShare * 100, d.Previous.OnTimeShare * 100),
            })
                await csv.RowAsync([FrenchCsv.Cell(section), FrenchCsv.Cell(d.Label), FrenchCsv.Cell(measure), FrenchCsv.Number(FrenchFormat.CsvNumber(current)), FrenchCsv.Number(FrenchFormat.CsvNumber(previous))]);
        }

        await Count("Ensemble", f.Received, "Demandes reçues");
        await Count("Ensemble", f.Done, "Demandes terminées");
        await Delays("Délais", f.Delays);
        foreach (var x in f.ByFamily) await Count("Par famille", x);
        foreach (var x in f.ByTheme) await Count("Par démarche", x);
        foreach (var x in f.ByService) await Count("Par service", x);
        foreach (var x in f.ByChannel) await Count("Par canal", x);
        foreach (var m in f.Trend)
        {
            await csv.RowAsync([FrenchCsv.Cell("Par mois"), FrenchCsv.Cell(FrenchFormat.Month(m.Month)), FrenchCsv.Cell("Demandes reçues"), FrenchCsv.Number(m.Received.ToString(FrenchFormat.Culture)), FrenchCsv.Cell("")]);
            await csv.RowAsync([FrenchCsv.Cell("Par mois"), FrenchCsv.Cell(FrenchFormat.Month(m.Month)), FrenchCsv.Cell("Demandes terminées"), FrenchCsv.Number(m.Done.ToString(FrenchFormat.Culture)), FrenchCsv.Cell("")]);
        }
        foreach (var d in f.DelaysByService) await Delays("Délais par service", d);
        foreach (var d in f.DelaysByTheme) await Delays("Délais par démarche", d);
        foreach (var x in f.Backlog) await Count("Demandes ouvertes par ancienneté", x, "Demandes ouvertes");
        await Count("Demandes ouvertes par ancienneté", f.Overdue, "Demandes ouvertes en retard");
        return new EmptyResult();
    }
}
