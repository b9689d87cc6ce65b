using System.Globalization;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Usage;

public sealed record UsageRow(string Name, string Slug, int Requests, int? PreviousRequests, int? ActiveAgents, int? Residents, long? StorageBytes, DateTimeOffset RefreshedAt);

/// <summary>
/// /usage on the ops host: each town's usage in a month (requests, active agents, residents, storage),
/// read from platform.town_usage_monthly only (filled by <see cref="TownUsageJobs"/>), sorted and paged
/// in SQL: one indexed query for a thousand towns.
/// </summary>
[Authorize(Policy = IdentitySetup.OperatorPolicy)]
public sealed class UsageModel(PlatformDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(string Slug, string Label)> Sorts =
        [("commune", "Commune"), ("demandes", "Demandes reçues"), ("agents", "Agents actifs"), ("habitants", "Habitants inscrits"), ("stockage", "Stockage")];

    [BindProperty(SupportsGet = true, Name = "mois")] public string? MonthText { get; set; }
    [BindProperty(SupportsGet = true, Name = "tri")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "ordre")] public string? Order { get; set; }
    [BindProperty(SupportsGet = true, Name = "numero")] public string? PageText { get; set; }

    public DateOnly Month { get; private set; }
    public string SortSlug { get; private set; } = "demandes";
    public bool Descending { get; private set; } = true;
    public int PageNumber { get; private set; } = 1;
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<UsageRow> Rows { get; private set; } = [];
    public long TotalRequests { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ParisTime.Today(clock);
        Month = new DateOnly(today.Year, today.Month, 1);
        if (!string.IsNullOrWhiteSpace(MonthText))
        {
            if (DateOnly.TryParseExact(MonthText.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && m.Year is >= 2000 and <= 2100)
                Month = m;
            else
                Error = "Le mois doit exister et s'écrire aaaa-mm (par exemple 2026-03).";
        }
        SortSlug = Sorts.Any(s => s.Slug == Sort) ? Sort! : "demandes";
        Descending = Order is null ? SortSlug != "commune" : Order != "croissant";
        PageNumber = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;

        var month = Month;
        var previous = Month.AddMonths(-1);
        var usage = db.TownUsage.AsNoTracking().Where(u => u.Month == month);
        Total = await usage.CountAsync(cancellationToken);
        TotalRequests = await usage.SumAsync(u => (long)u.RequestsReceived, cancellationToken);
        PageNumber = Math.Min(PageNumber, PageCount);
        var rows = from u in usage
                   join t in db.Tenants on u.TownId equals t.Id
                   select new
                   {
                       t.Name, t.Slug, u.RequestsReceived, u.ActiveAgents, u.Residents, u.StorageBytes, u.RefreshedAt,
                       Previous = db.TownUsage.Where(p => p.TownId == u.TownId && p.Month == previous).Select(p => (int?)p.RequestsReceived).FirstOrDefault(),
                   };
        rows = (SortSlug, Descending) switch
        {
            ("commune", false) => rows.OrderBy(r => r.Name).ThenBy(r => r.Slug),
            ("commune", true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Slug),
            ("agents", false) => rows.OrderBy(r => r.ActiveAgents).ThenBy(r => r.Slug),
            ("agents", true) => rows.OrderByDescending(r => r.ActiveAgents ?? -1).ThenBy(r => r.Slug),
            ("habitants", false) => rows.OrderBy(r => r.Residents).ThenBy(r => r.Slug),
            ("habitants", true) => rows.OrderByDescending(r => r.Residents ?? -1).ThenBy(r => r.Slug),
            ("stockage", false) => rows.OrderBy(r => r.StorageBytes).ThenBy(r => r.Slug),
            ("stockage", true) => rows.OrderByDescending(r => r.StorageBytes ?? -1).ThenBy(r => r.Slug),
            (_, false) => rows.OrderBy(r => r.RequestsReceived).ThenBy(r => r.Slug),
            _ => rows.OrderByDescending(r => r.RequestsReceived).ThenBy(r => r.Slug),
        };
        Rows = (await rows.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken))
            .ConvertAll(r => new UsageRow(r.Name, r.Slug, r.RequestsReceived, r.Previous, r.ActiveAgents, r.Residents, r.StorageBytes, r.RefreshedAt));
        if (Error is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string Link(string? sort = null, bool? descending = null, int? page = null) => "/usage" + QueryString.Create(new Dictionary<string, string?>
    {
        ["mois"] = Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ["tri"] = sort ?? SortSlug,
        ["ordre"] = (descending ?? Descending) ? "decroissant" : "croissant",
        ["numero"] = (page ?? 1).ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Bytes as an operator reads them: 1,2 Mo, 3,4 Go.</summary>
    public static string Size(long? bytes) => bytes switch
    {
        null => "–",
        < 1024 * 1024 => (bytes.Value / 1024.0).ToString("N0", Statistics.FrenchFormat.Culture) + " ko",
        < 1024L * 1024 * 1024 => (bytes.Value / (1024.0 * 1024)).ToString("N1", Statistics.FrenchFormat.Culture) + " Mo",
        _ => (bytes.Value / (1024.0 * 1024 * 1024)).ToString("N1", Statistics.FrenchFormat.Culture) + " Go",
    };
}
