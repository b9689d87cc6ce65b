using System.Security.Claims;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>The signed-in resident's draft of a theme's form: saved on demand, shown again, removed once the request is sent.</summary>
public sealed class RequestDrafts(TenantDbContext db, UserManager<TownUser> users, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Texts longer than this are not kept in a draft (the form's own limits are far below).</summary>
    private const int MaxValueLength = 10_000;

    public async Task<RequestDraft?> FindAsync(string themeSlug, CancellationToken cancellationToken)
    {
        if (Resident() is not { } resident)
            return null;
        return await db.RequestDrafts.AsNoTracking()
            .SingleOrDefaultAsync(d => d.ResidentId == resident && db.Themes.Any(t => t.Id == d.ThemeId && t.Slug == themeSlug), cancellationToken);
    }

    public async Task<DateTimeOffset?> SaveAsync(string themeSlug, IReadOnlyDictionary<string, IReadOnlyList<string>> values, CancellationToken cancellationToken)
    {
        if (Resident() is not { } resident)
            return null;
        var themeId = await db.Themes.Where(t => t.Slug == themeSlug).Select(t => t.Id).SingleAsync(cancellationToken);
        var draft = await db.RequestDrafts.SingleOrDefaultAsync(d => d.ResidentId == resident && d.ThemeId == themeId, cancellationToken);
        if (draft is null)
        {
            draft = new RequestDraft { ResidentId = resident, ThemeId = themeId };
            db.RequestDrafts.Add(draft);
        }
        draft.Values = values.ToDictionary(v => v.Key, v => v.Value.Where(x => x.Length <= MaxValueLength).ToList());
        draft.SavedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return draft.SavedAt;
    }

    public async Task DeleteAsync(string themeSlug, CancellationToken cancellationToken)
    {
        if (Resident() is { } resident)
        {
            await db.RequestDrafts.Where(d => d.ResidentId == resident && db.Themes.Any(t => t.Id == d.ThemeId && t.Slug == themeSlug))
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    private Guid? Resident() =>
        http.HttpContext?.User is ClaimsPrincipal user && user.Identity?.IsAuthenticated == true && users.GetUserId(user) is { } id ? Guid.Parse(id) : null;
}
