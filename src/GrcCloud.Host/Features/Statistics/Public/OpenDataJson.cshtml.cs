using GrcCloud.Host.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace GrcCloud.Host.Features.Statistics.Public;

/// <summary>/transparence/donnees.json: the published figures in French field names; withheld values are null.</summary>
[OutputCache(PolicyName = PortalOutputCache.Policy)]
public sealed class OpenDataJsonModel(OpenData openData) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var d = await openData.GetAsync(cancellationToken);
        return new JsonResult(new
        {
            commune = d.Town,
            du = d.From.ToString("yyyy-MM-dd"),
            au = d.To.ToString("yyyy-MM-dd"),
            calcule_le = d.ComputedAt,
            licence = "Licence Ouverte 2.0 (Etalab)",
            seuil_de_secret = OpenData.Threshold,
            definitions = new
            {
                recues = "Demandes déposées dans le mois (heure de Paris), tous canaux.",
                terminees = "Demandes devenues traitées ou refusées dans le mois.",
                delai = "Jours écoulés du dépôt à la réponse (traitée ou refusée).",
                secret = "null : moins de 5 demandes (ou délai mesuré sur moins de 5 demandes), non publié.",
            },
            demandes_par_famille_et_mois = d.Families.Select(f => new { famille = f.Family, mois = f.Month.ToString("yyyy-MM"), recues = f.Received, terminees = f.Done }),
            delais_par_demarche = d.Delays.Select(t => new
            {
                demarche = t.Theme, famille = t.Family, terminees = t.Done,
                delai_median_jours = t.Median is { } m ? Math.Round(m, 1) : (double?)null,
                delai_90e_centile_jours = t.P90 is { } p ? Math.Round(p, 1) : (double?)null,
            }),
        }, Options);
    }

    /// <summary>Accents as they are ("État civil"), not \u escapes: the file is read by people too.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}
