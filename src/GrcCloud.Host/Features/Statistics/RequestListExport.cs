using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// The requests received in a period as CSV, within what the reader may see: their services (a head
/// of service), no personal data at all for an elected official (no name, contact, answer, agent or
/// note), internal notes only for those who read them in the back-office. Read and written by pages of
/// 2,000 rows, so a year of a large town never sits in memory.
/// </summary>
public sealed class RequestListExport(TenantDbContext db, TimeProvider clock)
{
    private const int Batch = 2000;

    public static IReadOnlyList<string> Header(StatisticsReader reader) =>
    [
        "Référence", "Reçue le", "Canal", "Famille", "Démarche", "Service", "Statut", "Échéance", "Terminée le", "Délai (jours)", "Dans le délai prévu", "En retard",
        .. reader.SeesPersonalData ? new[] { "Demandeur", "Courriel", "Téléphone", "Agent en charge", "Réponses du formulaire" } : [],
        .. reader.ReadsInternalNotes ? new[] { "Notes internes" } : [],
    ];

    public async Task WriteAsync(FrenchCsv csv, StatisticsReader reader, StatisticsPeriod period, CancellationToken cancellationToken)
    {
        var themes = await db.Themes.AsNoTracking().Select(t => new { t.Id, t.FamilyId }).ToDictionaryAsync(t => t.Id, t => t.FamilyId, cancellationToken);
        var families = await db.Families.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Title, cancellationToken);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var today = ParisTime.Today(clock);
        await csv.RowAsync([.. Header(reader)]);

        var scope = reader.Scope;
        var allowed = scope.Services.ToList();
        var requests = db.Requests.AsNoTracking().Where(r => r.ReceivedAt >= period.Start && r.ReceivedAt < period.End);
        if (!scope.All)
            requests = requests.Where(r => allowed.Contains(r.ServiceId));
        (DateTimeOffset At, Guid Id)? after = null;
        while (true)
        {
            var page = requests;
            if (after is { } a)
                page = page.Where(r => r.ReceivedAt > a.At || (r.ReceivedAt == a.At && r.Id.CompareTo(a.Id) > 0));
            var rows = await page.OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).Take(Batch)
                .Select(r => new
                {
                    r.Id, r.Reference, r.ReceivedAt, r.Channel, r.ThemeId, r.ThemeTitle, r.ServiceId, r.Status, r.DueOn, r.ClosedAt,
                    r.ContactName, r.ContactEmail, r.ContactPhone, r.AssignedToName, r.Answers,
                })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
                break;
            var ids = rows.Select(r => r.Id).ToList();
            var notes = reader.ReadsInternalNotes
                ? (await db.RequestEvents.AsNoTracking().Where(e => ids.Contains(e.RequestId) && !e.IsPublic).OrderBy(e => e.At)
                    .Select(e => new { e.RequestId, e.At, e.AuthorName, e.Text }).ToListAsync(cancellationToken))
                    .ToLookup(e => e.RequestId, e => $"{ParisTime.Format(e.At)} {e.AuthorName}: {e.Text}")
                : null;
            foreach (var r in rows)
            {
                var done = RequestStates.IsDoneStatus(r.Status) ? r.ClosedAt : null;
                var cells = new List<(string?, bool)>
                {
                    FrenchCsv.Cell(r.Reference), FrenchCsv.Number(ParisTime.Format(r.ReceivedAt)), FrenchCsv.Cell(RequestLabels.Channel(r.Channel)),
                    FrenchCsv.Cell(themes.TryGetValue(r.ThemeId, out var family) && families.TryGetValue(family, out var ft) ? ft : ""),
                    FrenchCsv.Cell(r.ThemeTitle), FrenchCsv.Cell(services.GetValueOrDefault(r.ServiceId)), FrenchCsv.Cell(RequestLabels.Status(r.Status)),
                    FrenchCsv.Number(r.DueOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
                    FrenchCsv.Number(done is { } d ? ParisTime.Format(d) : ""),
                    FrenchCsv.Number(done is { } d2 ? FrenchFormat.CsvNumber((d2 - r.ReceivedAt).TotalDays) : ""),
                    FrenchCsv.Cell(done is { } d3 ? (ParisTime.DayOf(d3) <= r.DueOn ? "oui" : "non") : ""),
                    FrenchCsv.Cell(RequestStates.IsOverdueOn(r.Status, r.DueOn, today) ? "oui" : "non"),
                };
                if (reader.SeesPersonalData)
                    cells.AddRange([FrenchCsv.Cell(r.ContactName), FrenchCsv.Cell(r.ContactEmail), FrenchCsv.Cell(r.ContactPhone), FrenchCsv.Cell(r.AssignedToName),
                        FrenchCsv.Cell(string.Join(" | ", r.Answers.Select(x => $"{x.Label} : {string.Join(", ", x.Values)}")))]);
                if (notes is not null)
                    cells.Add(FrenchCsv.Cell(string.Join(" | ", notes[r.Id])));
                await csv.RowAsync(cells);
            }
            await csv.FlushAsync();
            after = (rows[^1].ReceivedAt, rows[^1].Id);
        }
    }
}
