using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>The resident's requests, newest first.</summary>
[Authorize(Policy = IdentitySetup.ResidentPolicy)]
public sealed class MyRequestsModel(TenantDbContext db, UserManager<TownUser> users) : PageModel
{
    public sealed record Row(string Reference, string Theme, RequestStatus Status, DateTimeOffset ReceivedAt);

    public IReadOnlyList<Row> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User) is { } id ? Guid.Parse(id) : Guid.Empty;
        Requests = await db.Requests.AsNoTracking().VisibleToResident(db, userId)
            .OrderByDescending(r => r.ReceivedAt)
            .Select(r => new Row(r.Reference, r.ThemeTitle, r.Status, r.ReceivedAt))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
