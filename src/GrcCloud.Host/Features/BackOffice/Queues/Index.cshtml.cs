using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Queues;

/// <summary>
/// /agents/file: the agent's queues (mine, unassigned, overdue, awaiting validation, all) within their
/// services, with filters, search, sorting and paging in the query string. The live script
/// (agents-live.js) asks <see cref="OnGetLigneAsync"/> for the row of a request it hears about, and
/// <see cref="OnGetCompteursAsync"/> for the tabs' counts.
/// </summary>
[Authorize(Policy = IdentitySetup.AgentPolicy)]
public sealed class QueueModel(TenantDbContext db, RequestQueue queue) : PageModel
{
    public QueueFilter Filter { get; private set; } = new();
    public QueueCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }
    public int Pages { get; private set; }
    /// <summary>The services the agent may filter on (only shown when there is a choice).</summary>
    public IReadOnlyList<(Guid Id, string Name)> ServiceChoices { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Title)> ThemeChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await AgentScope.LoadAsync(db, User, cancellationToken) is not { } scope)
            return Forbid();
        Filter = QueueFilter.Parse(Request.Query);
        await LoadChoicesAsync(scope, cancellationToken);
        var filtered = queue.Filtered(scope, Filter);
        Counts = await queue.CountAsync(filtered, scope, cancellationToken);
        var total = Counts.Of(Filter.Tab);
        Pages = Math.Max(1, Math.Min(RequestQueue.MaxPage, (total + RequestQueue.PageSize - 1) / RequestQueue.PageSize));
        if (Filter.Page > Pages)
            Filter = Filter with { Page = Pages };
        (Rows, HasNext) = await queue.PageAsync(queue.InTab(filtered, Filter.Tab, scope), Filter.Sort, Filter.Page, cancellationToken);
        if (Filter.Errors.Count > 0)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>
    /// The row of one request for the live script: 404 outside the agent's scope; the header
    /// X-Queue-Match says whether it belongs to the view the agent has open (tab and filters).
    /// </summary>
    public async Task<IActionResult> OnGetLigneAsync(string reference, CancellationToken cancellationToken)
    {
        if (await AgentScope.LoadAsync(db, User, cancellationToken) is not { } scope)
            return Forbid();
        Filter = QueueFilter.Parse(Request.Query);
        if (await queue.RowAsync(scope, reference, cancellationToken) is not { } row)
            return NotFound();
        var matches = await queue.InTab(queue.Filtered(scope, Filter), Filter.Tab, scope).AnyAsync(r => r.Reference == reference, cancellationToken);
        Response.Headers["X-Queue-Match"] = matches ? "1" : "0";
        return Partial("_QueueRow", row);
    }

    /// <summary>The five tabs' counts for the view on screen (its filters), by tab slug: the live script keeps the tabs right.</summary>
    public async Task<IActionResult> OnGetCompteursAsync(CancellationToken cancellationToken)
    {
        if (await AgentScope.LoadAsync(db, User, cancellationToken) is not { } scope)
            return Forbid();
        Filter = QueueFilter.Parse(Request.Query);
        var counts = await queue.CountAsync(queue.Filtered(scope, Filter), scope, cancellationToken);
        return new JsonResult(QueueFilter.Tabs.ToDictionary(t => t.Slug, t => counts.Of(t.Tab)));
    }

    private async Task LoadChoicesAsync(AgentScope scope, CancellationToken cancellationToken)
    {
        var mine = (await queue.ServicesAsync(cancellationToken)).Where(s => scope.Covers(s.Id)).ToList();
        ServiceChoices = mine.Count > 1 ? mine : [];
        var ids = scope.Services.ToList();
        ThemeChoices = [.. (await db.Themes.AsNoTracking().Where(t => scope.AllServices || ids.Contains(t.ServiceId))
            .OrderBy(t => t.Title).Select(t => new { t.Id, t.Title }).ToListAsync(cancellationToken)).Select(t => (t.Id, t.Title))];
    }
}
