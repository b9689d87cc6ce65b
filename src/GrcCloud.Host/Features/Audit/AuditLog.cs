using System.Security.Claims;
using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Audit;

/// <summary>
/// Records what agents view and change in the town's audit_log. The entry joins the caller's unit of
/// work: it is saved with the change it describes (or by <see cref="RecordNowAsync"/> for a view).
/// </summary>
public sealed class AuditLog(TenantDbContext db, TimeProvider clock)
{
    public void Record(ClaimsPrincipal agent, AuditAction action, string subject, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = Guid.TryParse(agent.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            UserName = agent.FindFirstValue(ClaimTypes.GivenName) ?? agent.Identity?.Name ?? "?",
            Action = action.Code,
            Subject = subject,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
        });

    public async Task RecordNowAsync(ClaimsPrincipal agent, AuditAction action, string subject, string? details = null, CancellationToken cancellationToken = default)
    {
        Record(agent, action, subject, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
