using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// /agents/statistiques: what residents ask and how long it takes, for a period compared with the
/// previous one. Supervisors (mayor's office) and elected officials read the whole town, heads of
/// service their services; the page shows aggregates only, so it is the same for all of them.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class StatisticsModel(TenantDbContext db, TownStatistics statistics, TimeProvider clock) : PageModel
{
    public StatisticsReader Reader { get; private set; } = null!;
    public StatisticsPeriod Period { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public Dashboard Figures { get; private set; } = null!;
    public IReadOnlyList<string> ServiceNames { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await StatisticsReader.LoadAsync(db, User, cancellationToken) is not { } reader)
            return Forbid();
        Reader = reader;
        (Period, Errors) = StatisticsPeriod.Parse(Request.Query, ParisTime.Today(clock));
        if (!reader.Scope.All)
            ServiceNames = await db.Services.Where(s => reader.Scope.Services.Contains(s.Id)).OrderBy(s => s.Position).Select(s => s.Name).ToListAsync(cancellationToken);
        Figures = await statistics.DashboardAsync(reader.Scope, Period, clock.GetUtcNow(), cancellationToken);
        if (Errors.Count > 0)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
