using System.Collections.Concurrent;
using System.Threading.Channels;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// The fan-out of timeline changes to the residents' pages connected to this instance. Subscriptions
/// are keyed by town and request, so a stream only ever hears about its own town's request.
/// </summary>
public sealed class RequestEventsHub
{
    private readonly ConcurrentDictionary<(Guid Town, Guid Request), ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    public RequestEventsHub(RequestChangeListener listener)
    {
        listener.Heard += Publish;
        // After a reconnection, wake every stream: it reloads what it may have missed.
        listener.Connected += () =>
        {
            foreach (var channel in _subscribers.Values.SelectMany(set => set.Keys))
                channel.Writer.TryWrite(true);
        };
    }

    /// <summary>A signal that fires when the request changes; dispose the subscription to stop.</summary>
    public Subscription Subscribe(Guid town, Guid request)
    {
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        _subscribers.GetOrAdd((town, request), _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            if (_subscribers.TryGetValue((town, request), out var set))
                set.TryRemove(channel, out _);
        });
    }

    private void Publish(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length >= 2 && Guid.TryParse(parts[0], out var town) && Guid.TryParse(parts[1], out var request)
            && _subscribers.TryGetValue((town, request), out var set))
        {
            foreach (var channel in set.Keys)
                channel.Writer.TryWrite(true);
        }
    }

    public sealed class Subscription(ChannelReader<bool> changes, Action unsubscribe) : IDisposable
    {
        public ChannelReader<bool> Changes { get; } = changes;
        public void Dispose() => unsubscribe();
    }
}
