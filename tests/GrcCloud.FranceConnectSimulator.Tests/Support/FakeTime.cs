namespace GrcCloud.FranceConnectSimulator.Tests.Support;

/// <summary>A clock that only moves when a test says so: expiry is tested without sleeping.</summary>
public sealed class FakeTime : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan duration) => _now += duration;
}
