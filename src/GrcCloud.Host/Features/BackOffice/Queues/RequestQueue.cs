using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Shared;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace GrcCloud.Host.Features.BackOffice.Queues;

/// <summary>One line of a queue: what an agent needs to pick the next request, nothing of its content.</summary>
public sealed record QueueRow(
    string Reference, string ThemeTitle, string ServiceName, RequestStatus Status, RequestChannel Channel, string? ContactName,
    DateTimeOffset ReceivedAt, DateOnly DueOn, string? AssignedToName, bool IsOverdue);

public sealed record QueueCounts(int Mine, int Unassigned, int Overdue, int AwaitingValidation, int All)
{
    public int Of(QueueTab tab) => tab switch
    {
        QueueTab.Mine => Mine,
        QueueTab.Unassigned => Unassigned,
        QueueTab.Overdue => Overdue,
        QueueTab.AwaitingValidation => AwaitingValidation,
        _ => All,
    };
}

/// <summary>
/// The queries behind the queues: the agent's scope, the filters and the search, then one tab.
/// Every count and page runs in the town's schema (TenantDbContext) and within the agent's scope.
/// </summary>
public sealed partial class RequestQueue(TenantDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;
    /// <summary>Offset paging stays cheap up to here (10,000 rows); past it the agent narrows the filters.</summary>
    public const int MaxPage = 200;

    /// <summary>The town's day (Paris), which decides what is overdue.</summary>
    public DateOnly Today => ParisTime.Today(clock);

    /// <summary>The agent's requests narrowed by the filters and the search, before the tab.</summary>
    public IQueryable<ServiceRequest> Filtered(AgentScope scope, QueueFilter filter)
    {
        var requests = scope.Visible(db.Requests.AsNoTracking(), db);
        if (filter.Theme is { } theme)
            requests = requests.Where(r => r.ThemeId == theme);
        if (filter.Status is { } status)
            requests = requests.Where(r => r.Status == status);
        if (filter.Channel is { } channel)
            requests = requests.Where(r => r.Channel == channel);
        if (filter.Service is { } service)
            requests = requests.Where(r => r.ServiceId == service);
        if (filter.ReceivedFrom is { } from)
        {
            var start = StartOfDay(from);
            requests = requests.Where(r => r.ReceivedAt >= start);
        }
        if (filter.ReceivedTo is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            requests = requests.Where(r => r.ReceivedAt < end);
        }
        if (filter.DueBy is { } due)
            requests = requests.Where(r => r.DueOn <= due);
        return filter.Search is { } search ? Search(requests, search) : requests;
    }

    public IQueryable<ServiceRequest> InTab(IQueryable<ServiceRequest> requests, QueueTab tab, AgentScope scope)
    {
        var today = Today;
        var me = scope.AgentId;
        return tab switch
        {
            QueueTab.Mine => requests.Where(RequestStates.IsOpen).Where(r => r.AssignedToId == me),
            QueueTab.Unassigned => requests.Where(RequestStates.IsOpen).Where(r => r.AssignedToId == null),
            QueueTab.Overdue => requests.Where(RequestStates.IsOverdue(today)),
            QueueTab.AwaitingValidation => requests.Where(r => r.Status == RequestStatus.AwaitingValidation),
            _ => requests,
        };
    }

    /// <summary>
    /// Every tab's count for the view's filters: « Toutes » by a plain count (an index-only count of the
    /// town's history), the four others in one pass over the open requests alone (the partial index
    /// <c>ix_requests_open_due</c> for the whole town, <c>ix_requests_service_id_status_due_on</c> for a service).
    /// Without parallel workers: on a busy server their start cost more than the scan they share
    /// (benchmarks README (e): 120 ms against 41 ms for 60,000 open requests).
    /// </summary>
    public async Task<QueueCounts> CountAsync(IQueryable<ServiceRequest> filtered, AgentScope scope, CancellationToken cancellationToken)
    {
        var today = Today;
        var me = scope.AgentId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL max_parallel_workers_per_gather = 0", cancellationToken);
        var all = await filtered.CountAsync(cancellationToken);
        var open = await filtered.Where(RequestStates.IsOpen).GroupBy(_ => 1).Select(g => new
            {
                Mine = g.Count(r => r.AssignedToId == me),
                Unassigned = g.Count(r => r.AssignedToId == null),
                Overdue = g.Count(r => r.DueOn < today),
                AwaitingValidation = g.Count(r => r.Status == RequestStatus.AwaitingValidation),
            })
            .SingleOrDefaultAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return open is null ? new QueueCounts(0, 0, 0, 0, all) : new QueueCounts(open.Mine, open.Unassigned, open.Overdue, open.AwaitingValidation, all);
    }

    /// <summary>One page of a tab (the page number is capped by the caller), and whether another follows.</summary>
    public async Task<(IReadOnlyList<QueueRow> Rows, bool HasNext)> PageAsync(IQueryable<ServiceRequest> inTab, QueueSort sort, int page, CancellationToken cancellationToken)
    {
        var rows = await Rows(Sorted(inTab, sort)).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        return (await NamedAsync(rows.Take(PageSize).ToList(), cancellationToken), rows.Count > PageSize);
    }

    /// <summary>One request as a queue row, when the agent's scope covers it (the live stream's insertions).</summary>
    public async Task<QueueRow?> RowAsync(AgentScope scope, string reference, CancellationToken cancellationToken) =>
        (await NamedAsync(await Rows(scope.Visible(db.Requests.AsNoTracking(), db).Where(r => r.Reference == reference)).ToListAsync(cancellationToken), cancellationToken))
        .SingleOrDefault();

    /// <summary>A row as read, before its service's name.</summary>
    private sealed record RowRead(
        string Reference, string ThemeTitle, Guid ServiceId, RequestStatus Status, RequestChannel Channel, string? ContactName,
        DateTimeOffset ReceivedAt, DateOnly DueOn, string? AssignedToName);

    private static IQueryable<RowRead> Rows(IQueryable<ServiceRequest> requests) => requests.Select(r => new RowRead(
        r.Reference, r.ThemeTitle, r.ServiceId, r.Status, r.Channel, r.ContactName, r.ReceivedAt, r.DueOn, r.AssignedToName));

    private IReadOnlyList<(Guid Id, string Name)>? _services;

    /// <summary>The town's services in their order, read once per request: the filter's choices and the rows' names.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ServicesAsync(CancellationToken cancellationToken) =>
        _services ??= [.. (await db.Services.AsNoTracking().OrderBy(s => s.Position).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name))];

    /// <summary>
    /// The services' names added after the page is read: in the SQL, a name per row was looked up for every
    /// row the offset skips too (7,500 lookups for page 150).
    /// </summary>
    private async Task<IReadOnlyList<QueueRow>> NamedAsync(List<RowRead> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return [];
        var today = Today;
        var names = (await ServicesAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Name);
        return [.. rows.Select(r => new QueueRow(r.Reference, r.ThemeTitle, names.GetValueOrDefault(r.ServiceId, ""), r.Status, r.Channel, r.ContactName,
            r.ReceivedAt, r.DueOn, r.AssignedToName, RequestStates.IsOverdueOn(r.Status, r.DueOn, today)))];
    }

    private static IQueryable<ServiceRequest> Sorted(IQueryable<ServiceRequest> requests, QueueSort sort) => sort switch
    {
        QueueSort.Due => requests.OrderBy(r => r.DueOn).ThenBy(r => r.ReceivedAt).ThenBy(r => r.Id),
        // The life cycle's order, not the alphabet's.
        QueueSort.Status => requests.OrderBy(r =>
                r.Status == RequestStatus.Received ? 0 : r.Status == RequestStatus.Acknowledged ? 1 : r.Status == RequestStatus.InProgress ? 2
                : r.Status == RequestStatus.AwaitingValidation ? 3 : r.Status == RequestStatus.UnderInvestigation ? 4
                : r.Status == RequestStatus.AwaitingResident ? 5 : r.Status == RequestStatus.Resolved ? 6 : r.Status == RequestStatus.Rejected ? 7 : 8)
            .ThenByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id),
        _ => requests.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id),
    };

    /// <summary>
    /// A reference (whole, its beginning, or its number alone) is looked up on the unique index;
    /// anything else goes to the full-text vector (reference, contact, theme, text answers), each word
    /// matched as a prefix so "dupo" finds "Dupont".
    /// </summary>
    private static IQueryable<ServiceRequest> Search(IQueryable<ServiceRequest> requests, string search)
    {
        if (ReferencePrefix().IsMatch(search))
        {
            var prefix = search.ToUpperInvariant();
            return requests.Where(r => r.Reference.StartsWith(prefix));
        }
        if (ReferenceNumber().IsMatch(search))
        {
            var suffix = "-" + search.PadLeft(6, '0');
            return requests.Where(r => r.Reference.EndsWith(suffix));
        }
        var words = Words().Matches(search).Select(m => m.Value.ToLowerInvariant()).Distinct().Take(8).ToList();
        if (words.Count == 0)
            return requests.Where(r => false);
        var query = string.Join(" & ", words.Select(w => w + ":*"));
        return requests.Where(r => EF.Property<NpgsqlTsVector>(r, "SearchVector").Matches(EF.Functions.ToTsQuery("simple", query)));
    }

    private static DateTimeOffset StartOfDay(DateOnly day) => ParisTime.StartOfDay(day);

    [GeneratedRegex(@"^[A-Za-z]{3}-[0-9]{0,4}(-[0-9]{0,6})?$")]
    private static partial Regex ReferencePrefix();

    [GeneratedRegex(@"^[0-9]{1,6}$")]
    private static partial Regex ReferenceNumber();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
