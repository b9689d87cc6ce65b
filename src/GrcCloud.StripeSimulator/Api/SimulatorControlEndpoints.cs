using GrcCloud.StripeSimulator.Simulator;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>The simulator's own controls (not Stripe's): webhook endpoints, deliveries, injected faults.</summary>
public static class SimulatorControlEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/deliveries", (WebhookDispatcher webhooks) => TypedResults.Ok(webhooks.Deliveries()));
        group.MapPost("/webhook_endpoints", (WebhookEndpointOptions endpoint, WebhookDispatcher webhooks) =>
        {
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out _) || !endpoint.Secret.StartsWith("whsec_", StringComparison.Ordinal))
                return Results.BadRequest(new { error = "url (absolute) and secret (whsec_…) are required" });
            webhooks.AddEndpoint(endpoint);
            return Results.Created();
        });
        group.MapGet("/faults", (Faults faults) => TypedResults.Ok(faults.Pending()));
        group.MapPost("/faults", (Fault fault, Faults faults) =>
        {
            if (string.IsNullOrEmpty(fault.Path) || fault.Count < 1 || fault.Status is < 400 or > 599)
                return Results.BadRequest(new { error = "path, count >= 1 and status 4xx/5xx are required" });
            faults.Add(fault);
            return Results.Created();
        });
        group.MapDelete("/faults", (Faults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
    }
}
