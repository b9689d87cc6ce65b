using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// <c>POST /api/stripe/webhook</c> on the console host only. The signature is checked on the raw body
/// before anything is read from it (a bad one: 400, nothing recorded); each event id is recorded once,
/// in the transaction of its effect (a duplicate: 200, no effect); the effect is the object's current
/// state mirrored, and the town's state derived again from all its invoices, so order does not matter.
/// </summary>
public static class StripeWebhook
{
    public const string Path = "/api/stripe/webhook";
    private const int MaxBodyBytes = 512 * 1024;

    public static void MapStripeWebhook(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, ReceiveAsync).WithMetadata(new SiteAttribute(SiteKind.Operator)).DisableAntiforgery().AllowAnonymous();

    private static async Task<Results<Ok, ProblemHttpResult, NotFound>> ReceiveAsync(HttpContext http, IOptions<StripeOptions> options, StripeEventHandler handler)
    {
        if (!options.Value.Enabled)
            return TypedResults.NotFound();
        if (http.Request.ContentLength > MaxBodyBytes)
            return Problem("Corps trop long pour un événement Stripe.");
        string json;
        using (var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8))
        {
            var buffer = new char[MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, http.RequestAborted);
            if (read > MaxBodyBytes)
                return Problem("Corps trop long pour un événement Stripe.");
            json = new string(buffer, 0, read);
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, http.Request.Headers["Stripe-Signature"].ToString(), options.Value.WebhookSecret, throwOnApiVersionMismatch: true);
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or ArgumentException or FormatException)
        {
            // Signature missing, wrong, too old, or an API version this code was not written for.
            return Problem("Signature Stripe absente ou invalide : événement ignoré.");
        }
        await handler.HandleAsync(stripeEvent, http.RequestAborted);
        return TypedResults.Ok();
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Événement Stripe refusé");
}

/// <summary>Handles one verified event, once.</summary>
public sealed class StripeEventHandler(PlatformDbContext db, InvoiceMirror mirror, BillingStateUpdater states, BillingClock clock, ILogger<StripeEventHandler> logger)
{
    public async Task HandleAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var objectId = (stripeEvent.Data?.Object as IHasId)?.Id;
        // The unique key decides: a duplicate delivered at the same time waits for this one, then finds it.
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO platform.stripe_events (event_id, type, object_id, received_at) VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {objectId}, {clock.Now}) ON CONFLICT (event_id) DO NOTHING",
            cancellationToken);
        if (recorded == 0)
            return; // handled before
        switch (stripeEvent.Data?.Object)
        {
            case Invoice invoice:
                if (await TownOfAsync(invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.Metadata, cancellationToken) is { } town)
                {
                    await mirror.UpsertAsync(town.TenantId, invoice, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await states.ApplyAsync(town.TenantId, cancellationToken);
                }
                break;
            case Subscription subscription:
                if (await TownOfAsync(subscription.CustomerId, subscription.Metadata, cancellationToken) is { } subscribed && subscription.Status != "canceled")
                {
                    // The start's answer may have been lost: the event tells which subscription the town has.
                    subscribed.StripeSubscriptionId ??= subscription.Id;
                    await db.SaveChangesAsync(cancellationToken);
                    await states.ApplyAsync(subscribed.TenantId, cancellationToken);
                }
                break;
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Événement Stripe {Type} {Id} traité", stripeEvent.Type, stripeEvent.Id);
    }

    /// <summary>By the customer recorded at start, or the town id the subscription carries in its metadata.</summary>
    private async Task<TownBilling?> TownOfAsync(string? customerId, Dictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (customerId is not null && await db.TownBilling.SingleOrDefaultAsync(b => b.StripeCustomerId == customerId, cancellationToken) is { } byCustomer)
            return byCustomer;
        if (metadata?.TryGetValue("tenant_id", out var id) == true && Guid.TryParse(id, out var tenantId)
            && await db.TownBilling.SingleOrDefaultAsync(b => b.TenantId == tenantId, cancellationToken) is { } byMetadata)
        {
            byMetadata.StripeCustomerId ??= customerId;
            return byMetadata;
        }
        return null; // not one of ours (another product on the same Stripe account)
    }
}
