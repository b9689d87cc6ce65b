using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>The hosted towns with their state, plan and usage; the creations under way or failed.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class IndexModel(TownList towns) : PageModel
{
    public IReadOnlyList<TownColumn> Columns => towns.Columns;
    public IReadOnlyList<TownRow> Rows { get; private set; } = [];
    public IReadOnlyList<ProvisioningRunRecord> Runs { get; private set; } = [];
    public bool MayCreate { get; private set; }
    public string Summary => Summarize(Rows);

    public async Task OnGetAsync()
    {
        MayCreate = OperatorAccess.IsAdministrator(User);
        Rows = await towns.LoadAsync(HttpContext.RequestAborted);
        Runs = await towns.PendingRunsAsync(HttpContext.RequestAborted);
    }

    /// <summary>« 3 communes : 2 actives, 1 en échec. »</summary>
    public static string Summarize(IReadOnlyList<TownRow> rows)
    {
        if (rows.Count == 0)
            return "Aucune commune n'est hébergée.";
        var byStatus = rows.GroupBy(r => r.Town.Status).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {TownStatusLabels.Of(g.Key)}{(g.Count() > 1 && !TownStatusLabels.Of(g.Key).StartsWith("en ", StringComparison.Ordinal) ? "s" : "")}");
        return $"{rows.Count} commune{(rows.Count > 1 ? "s" : "")} : {string.Join(", ", byStatus)}.";
    }
}
