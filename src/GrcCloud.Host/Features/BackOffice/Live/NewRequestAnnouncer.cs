using System.Runtime.CompilerServices;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GrcCloud.Host.Features.BackOffice.Live;

/// <summary>
/// Announces every new request on the timeline's channel ("townId:requestId:new"), whatever created
/// it (the portal's form, the counter, an import), so agents' queues hear about it on every instance.
/// It runs on the connection of the save: inside the submission's transaction the NOTIFY is delivered
/// at commit, never for a rolled-back request.
/// </summary>
public sealed class NewRequestAnnouncer(TenantRegistry registry) : SaveChangesInterceptor
{
    public const string NewSuffix = ":new";

    private readonly ConditionalWeakTable<DbContext, List<Guid>> _added = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db)
        {
            var added = db.ChangeTracker.Entries<ServiceRequest>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToList();
            if (added.Count > 0)
                _added.AddOrUpdate(db, added);
        }
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TenantDbContext db && _added.TryGetValue(db, out var added))
        {
            _added.Remove(db);
            if (registry.All.FirstOrDefault(t => t.SchemaName == db.SchemaName) is { } town)
            {
                foreach (var id in added)
                    await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RequestTimeline.Channel}, {town.Id + ":" + id + NewSuffix})", cancellationToken);
            }
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _added.Remove(eventData.Context!);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _added.Remove(eventData.Context!);
        return Task.CompletedTask;
    }
}
