using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications;
using GrcCloud.Host.Features.Requests;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>A reply template with its placeholders filled for one request.</summary>
public sealed record FilledTemplate(Guid Id, RequestStatus Status, string Title, string Body);

/// <summary>
/// The reply texts an agent can start from: bound to a status, the theme's own first, then the
/// town-wide ones; {reference}, {name}, {theme}, {due_date} are filled for the request.
/// </summary>
public sealed class ReplyTemplates(TenantDbContext db)
{
    public async Task<IReadOnlyList<FilledTemplate>> ForAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        var templates = await db.ReplyTemplates.AsNoTracking()
            .Where(t => t.ThemeId == request.ThemeId || t.ThemeId == null)
            .ToListAsync(cancellationToken);
        var values = new Dictionary<string, string?>
        {
            ["reference"] = request.Reference,
            ["name"] = request.ContactName,
            ["theme"] = request.ThemeTitle,
            ["due_date"] = RequestLabels.Date(request.DueOn),
        };
        return [.. templates
            .OrderBy(t => t.Status).ThenBy(t => t.ThemeId is null).ThenBy(t => t.Title, StringComparer.Create(RequestLabels.French, true))
            .Select(t => new FilledTemplate(t.Id, t.Status, t.Title, TownMailer.Fill(t.Body, values)))];
    }
}
