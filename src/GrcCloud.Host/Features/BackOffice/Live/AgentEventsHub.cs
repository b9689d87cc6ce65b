using System.Collections.Concurrent;
using System.Threading.Channels;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Queues;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.BackOffice.Live;

/// <summary>What an agent's screen hears: a new request, or a change, of one of their services.</summary>
public sealed record AgentEvent(string Kind, string Reference)
{
    public const string New = "nouvelle";
    public const string Changed = "modifiee";
    /// <summary>The request's resident answered or wrote: a change, but no colleague's.</summary>
    public const string ResidentWrote = "habitant";
    /// <summary>The instance lost its LISTEN connection for a moment: the page may have missed something.</summary>
    public const string Resumed = "reprise";
}

/// <summary>
/// The fan-out of request changes to the agents connected to this instance, in the spirit of
/// <see cref="RequestEventsHub"/>: it hears the instance's one LISTEN connection
/// (<see cref="RequestChangeListener"/>), subscriptions keyed by town. A notification of a town nobody here watches costs nothing; otherwise
/// the request's service and reference are read once, in that town's schema, and only the
/// subscribers whose scope covers the service are told (and the elected officials asked to validate it).
/// </summary>
public sealed class AgentEventsHub : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TenantRegistry _registry;
    private readonly ILogger<AgentEventsHub> _logger;

    public AgentEventsHub(RequestChangeListener listener, IServiceScopeFactory scopes, TenantRegistry registry, ILogger<AgentEventsHub> logger)
    {
        _scopes = scopes;
        _registry = registry;
        _logger = logger;
        listener.Heard += Heard;
        listener.Connected += () =>
        {
            foreach (var subscriber in _towns.Values.SelectMany(s => s.Keys))
                subscriber.Events.Writer.TryWrite(new AgentEvent(AgentEvent.Resumed, ""));
        };
    }

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscriber, byte>> _towns = new();
    private readonly Channel<(Guid Town, Guid Request, string Kind)> _heard = Channel.CreateBounded<(Guid, Guid, string)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Subscription Subscribe(Guid town, AgentScope scope)
    {
        var subscriber = new Subscriber(scope, Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest }));
        _towns.GetOrAdd(town, _ => new()).TryAdd(subscriber, 0);
        return new Subscription(subscriber.Events.Reader, () =>
        {
            if (_towns.TryGetValue(town, out var set))
                set.TryRemove(subscriber, out _);
        });
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => DispatchAsync(stoppingToken);

    /// <summary>Called on the LISTEN connection's thread: only queues the work, never queries.</summary>
    private void Heard(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length is 2 or 3 && Guid.TryParse(parts[0], out var town) && Guid.TryParse(parts[1], out var request)
            && _towns.TryGetValue(town, out var set) && !set.IsEmpty)
        {
            var suffix = parts.Length == 3 ? ":" + parts[2] : "";
            var kind = suffix == NewRequestAnnouncer.NewSuffix ? AgentEvent.New : suffix == RequestTimeline.ResidentSuffix ? AgentEvent.ResidentWrote : AgentEvent.Changed;
            _heard.Writer.TryWrite((town, request, kind));
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (town, request, kind) in _heard.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DispatchOneAsync(town, request, kind, stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    _logger.LogWarning(e, "Demande {Request} non transmise aux agents", request);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DispatchOneAsync(Guid town, Guid request, string kind, CancellationToken cancellationToken)
    {
        if (!_towns.TryGetValue(town, out var set) || set.IsEmpty || _registry.FindById(town) is not { Status: TenantStatus.Active } tenant)
            return;
        await using var scope = _scopes.CreateTownScope(tenant);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var found = await db.Requests.AsNoTracking().Where(r => r.Id == request)
            .Select(r => new { r.Reference, r.ServiceId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return;
        // Elected officials outside the service hear of the requests they were asked to validate.
        var officials = set.Keys.Any(s => s.Scope.IsElected && !s.Scope.Covers(found.ServiceId))
            ? (await db.Validations.AsNoTracking().Where(v => v.RequestId == request && v.Decision == ValidationDecision.Pending).Select(v => v.OfficialId).ToListAsync(cancellationToken)).ToHashSet()
            : [];
        var message = new AgentEvent(kind, found.Reference);
        foreach (var subscriber in set.Keys.Where(s => s.Scope.Covers(found.ServiceId) || officials.Contains(s.Scope.AgentId)))
            subscriber.Events.Writer.TryWrite(message);
    }

    /// <summary>One open stream (compared by reference: two tabs of the same agent are two subscribers).</summary>
    private sealed class Subscriber(AgentScope scope, Channel<AgentEvent> events)
    {
        public AgentScope Scope { get; } = scope;
        public Channel<AgentEvent> Events { get; } = events;
    }

    public sealed class Subscription(ChannelReader<AgentEvent> events, Action unsubscribe) : IDisposable
    {
        public ChannelReader<AgentEvent> Events { get; } = events;
        public void Dispose() => unsubscribe();
    }
}
