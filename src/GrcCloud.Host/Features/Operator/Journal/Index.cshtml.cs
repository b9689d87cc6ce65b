using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Journal;

/// <summary>The operators' audit log: newest first, filtered by operator, town and action, paged.</summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class IndexModel(PlatformDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "operateur")]
    public string? Operator { get; set; }

    [BindProperty(SupportsGet = true, Name = "commune")]
    public string? Town { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "numero")] // not "page": Razor Pages reserves it for the page path
    public string? PageText { get; set; }

    public int PageNumber { get; private set; } = 1;
    public IReadOnlyList<OperatorAuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> OperatorsSeen { get; private set; } = [];
    public IReadOnlyList<string> TownsSeen { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = int.TryParse(PageText, out var page) ? page : 1;
        OperatorsSeen = await db.OperatorAudit.Select(e => e.OperatorEmail).Distinct().OrderBy(e => e).ToListAsync(cancellationToken);
        TownsSeen = await db.OperatorAudit.Where(e => e.TownSlug != null).Select(e => e.TownSlug!).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var query = db.OperatorAudit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Operator))
            query = query.Where(e => e.OperatorEmail == Operator);
        if (!string.IsNullOrWhiteSpace(Town))
            query = query.Where(e => e.TownSlug == Town);
        if (!string.IsNullOrWhiteSpace(Action))
            query = query.Where(e => e.Action == Action);
        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>The query string of this search at another page.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["operateur"] = Operator, ["commune"] = Town, ["action"] = Action,
        ["numero"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();
}
