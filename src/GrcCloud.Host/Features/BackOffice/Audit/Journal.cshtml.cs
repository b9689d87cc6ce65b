using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Audit;

/// <summary>The town's audit log for the supervisor: who viewed or changed what, when; newest first, filtered and paged.</summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class JournalModel(TenantDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "agent")]
    public string? Agent { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "objet")]
    public string? Subject { get; set; }

    // Dates and page are read from text, so a wrong value gets a French message (never the binder's English one).
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? ToText { get; set; }

    [BindProperty(SupportsGet = true, Name = "numero")] // not "page": Razor Pages reserves it for the page path
    public string? PageText { get; set; }

    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Agents { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        From = ReadDate("du", FromText);
        To = ReadDate("au", ToText);
        if (From > To)
            ModelState.AddModelError("au", "La date de fin doit suivre la date de début.");
        PageNumber = int.TryParse(PageText, out var page) ? page : 1;
        Agents = await db.AuditLog.Select(e => e.UserName).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        Actions = await db.AuditLog.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);

        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Agent))
            query = query.Where(e => e.UserName == Agent);
        if (!string.IsNullOrWhiteSpace(Action))
            query = query.Where(e => e.Action == Action);
        if (!string.IsNullOrWhiteSpace(Subject))
        {
            var pattern = "%" + Subject.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(e => EF.Functions.ILike(e.Subject, pattern));
        }
        if (From is { } from && ModelState.IsValid)
        {
            var start = Paris(from);
            query = query.Where(e => e.At >= start);
        }
        if (To is { } to && ModelState.IsValid)
        {
            var end = Paris(to.AddDays(1));
            query = query.Where(e => e.At < end);
        }
        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>The query string of this search at another page.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["agent"] = Agent, ["action"] = Action, ["objet"] = Subject,
        ["du"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["au"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["numero"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    private DateOnly? ReadDate(string key, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            && day.Year is >= 2000 and <= 2100) // 0001-01-01 in Paris time would fall before the first instant
            return day;
        ModelState.AddModelError(key, "Indiquez une date valide, au format jj/mm/aaaa.");
        return null;
    }

    /// <summary>Midnight of a day in Paris, as an instant (the supervisor thinks in local days).</summary>
    private static DateTimeOffset Paris(DateOnly day) => Shared.ParisTime.StartOfDay(day);
}
