using GrcCloud.Host.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace GrcCloud.Host.Features.Statistics.Public;

/// <summary>/transparence/donnees.csv: the published figures, one value per line; a withheld value is empty with the note "moins de 5".</summary>
[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class OpenDataCsvModel(OpenData openData) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var d = await openData.GetAsync(cancellationToken);
        var body = new MemoryStream();
        await using (var csv = new FrenchCsv(body))
        {
            await csv.RowAsync("Rubrique", "Famille", "Démarche", "Mois", "Indicateur", "Valeur", "Note");
            Task Row(string section, string family, string theme, string month, string measure, string? value) =>
                csv.RowAsync([FrenchCsv.Cell(section), FrenchCsv.Cell(family), FrenchCsv.Cell(theme), FrenchCsv.Number(month), FrenchCsv.Cell(measure),
                    FrenchCsv.Number(value ?? ""), FrenchCsv.Cell(value is null ? "moins de 5, non publié" : "")]);
            foreach (var f in d.Families)
            {
                await Row("Demandes par famille et par mois", f.Family, "", f.Month.ToString("yyyy-MM"), "Demandes reçues", f.Received?.ToString(FrenchFormat.Culture));
                await Row("Demandes par famille et par mois", f.Family, "", f.Month.ToString("yyyy-MM"), "Demandes terminées", f.Done?.ToString(FrenchFormat.Culture));
            }
            var period = $"{d.From:yyyy-MM}/{d.To:yyyy-MM}";
            foreach (var t in d.Delays)
            {
                await Row("Délais par démarche", t.Family, t.Theme, period, "Demandes terminées", t.Done?.ToString(FrenchFormat.Culture));
                await Row("Délais par démarche", t.Family, t.Theme, period, "Délai médian (jours)", t.Median is { } m ? FrenchFormat.CsvNumber(m) : null);
                await Row("Délais par démarche", t.Family, t.Theme, period, "Délai 90e centile (jours)", t.P90 is { } p ? FrenchFormat.CsvNumber(p) : null);
            }
        }
        // A file of its own name; cached whole by the portal's policy (bytes, not a stream).
        Response.Headers.ContentDisposition = "inline; filename=\"demandes-et-delais.csv\"";
        return File(body.ToArray(), FrenchCsv.ContentType);
    }
}
