namespace GrcCloud.StripeSimulator;

/// <summary>Section « StripeSimulator » of the configuration.</summary>
public sealed class StripeSimulatorOptions
{
    public const string Section = "StripeSimulator";

    /// <summary>The version Stripe.net 53.1.0 pins (StripeConfiguration.ApiVersion): events carry it, ConstructEvent checks it.</summary>
    public const string ApiVersion = "2026-10-28.endive";

    /// <summary>Endpoints that receive every event; more can be added at run time (POST /_simulator/webhook_endpoints).</summary>
    public List<WebhookEndpointOptions> WebhookEndpoints { get; set; } = [];

    /// <summary>
    /// Waits between delivery attempts: one attempt, then one more per delay, then the delivery is failed.
    /// Empty by default (configuration appends to a list), read through <see cref="Delays"/>.
    /// </summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    public IReadOnlyList<TimeSpan> Delays => RetryDelays.Count > 0 ? RetryDelays : [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25)];

    /// <summary>An endpoint that does not answer within this time counts as a failed attempt.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class WebhookEndpointOptions
{
    public string Url { get; set; } = "";

    /// <summary>The signing secret (whsec_…) the receiver gives EventUtility.ConstructEvent.</summary>
    public string Secret { get; set; } = "";
}
