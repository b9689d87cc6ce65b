using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace GrcCloud.StripeSimulator.Simulator;

/// <summary>One event for one endpoint, as GET /_simulator/deliveries lists it.</summary>
public sealed class Delivery
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public required string Url { get; init; }
    public string Status { get; set; } = "pending";
    public int Attempts { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// Posts each event to every endpoint, signed like Stripe (Stripe-Signature: t=…,v1=HMAC-SHA256 of
/// "t.payload"), and tries again after each configured delay while the endpoint fails or times out.
/// </summary>
public sealed class WebhookDispatcher(IOptions<StripeSimulatorOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly Channel<(Delivery Delivery, string Secret, string Payload)> _queue = Channel.CreateUnbounded<(Delivery, string, string)>();
    private readonly List<WebhookEndpointOptions> _added = [];
    private readonly List<Delivery> _deliveries = [];
    private readonly Lock _gate = new();

    public int EndpointCount => Endpoints().Count;

    public void AddEndpoint(WebhookEndpointOptions endpoint)
    {
        lock (_gate)
            _added.Add(endpoint);
    }

    public IReadOnlyList<Delivery> Deliveries()
    {
        lock (_gate)
            return _deliveries.Select(d => new Delivery { EventId = d.EventId, Type = d.Type, Url = d.Url, Status = d.Status, Attempts = d.Attempts, LastStatusCode = d.LastStatusCode, LastError = d.LastError }).ToList();
    }

    public void Enqueue(string eventId, string type, string payload)
    {
        foreach (var endpoint in Endpoints())
        {
            var delivery = new Delivery { EventId = eventId, Type = type, Url = endpoint.Url };
            lock (_gate)
                _deliveries.Add(delivery);
            _queue.Writer.TryWrite((delivery, endpoint.Secret, payload));
        }
    }

    /// <summary>The header a receiver checks with EventUtility.ConstructEvent.</summary>
    public static string Sign(string secret, long timestamp, string payload)
    {
        var signed = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signed)}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (delivery, secret, payload) in _queue.Reader.ReadAllAsync(stoppingToken))
                _ = Task.Run(() => DeliverAsync(delivery, secret, payload, stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private List<WebhookEndpointOptions> Endpoints()
    {
        lock (_gate)
            return [.. options.Value.WebhookEndpoints, .. _added];
    }

    private async Task DeliverAsync(Delivery delivery, string secret, string payload, CancellationToken stoppingToken)
    {
        var delays = options.Value.Delays;
        var http = httpClients.CreateClient(HttpClientName);
        for (var attempt = 0; attempt <= delays.Count && !stoppingToken.IsCancellationRequested; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(delays[attempt - 1], stoppingToken).ConfigureAwait(false);
            int? status = null;
            string? error = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(options.Value.DeliveryTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
                // Signed at each attempt, as Stripe does: the timestamp is the attempt's.
                request.Headers.Add("Stripe-Signature", Sign(secret, time.GetUtcNow().ToUnixTimeSeconds(), payload));
                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                    error = $"HTTP {status.Value.ToString(CultureInfo.InvariantCulture)}";
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                error = "timeout";
            }
            catch (HttpRequestException exception)
            {
                error = exception.Message;
            }
            lock (_gate)
            {
                delivery.Attempts = attempt + 1;
                delivery.LastStatusCode = status;
                delivery.LastError = error;
                if (error is null)
                    delivery.Status = "succeeded";
                else if (attempt == delays.Count)
                    delivery.Status = "failed";
            }
            if (error is null)
                return;
            logger.LogInformation("Webhook {Type} to {Url}: attempt {Attempt} failed ({Error})", delivery.Type, delivery.Url, attempt + 1, error);
        }
    }
}
