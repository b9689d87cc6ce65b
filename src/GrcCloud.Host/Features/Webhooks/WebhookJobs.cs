using System.Diagnostics;
using System.Text;
using GrcCloud.Data.Towns;
using GrcCloud.Data.Towns.Webhooks;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// Sends one delivery. The job carries the town's id: it reloads the town and refuses to run for an unknown
/// or unavailable one, then reads the delivery in that town's schema only (a delivery of another town is not
/// found there). Each attempt is recorded; a failed one schedules the next after <see cref="WebhookOptions.RetryDelaysSeconds"/>.
/// The job also carries the attempt count it was scheduled for: a stale job (the delivery moved on, or was
/// sent again by hand) does nothing.
/// </summary>
// Hangfire's own retries only cover a crash of the job itself (the database away): the receiver's failures are scheduled below.
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
public sealed class WebhookJobs(IServiceProvider services, TenantRegistry registry, TenantContext tenant, IBackgroundJobClient jobs, TimeProvider clock,
    IHttpClientFactory http, WebhookOptions options, IDataProtectionProvider protection, ILogger<WebhookJobs> log)
{
    public const string HttpClientName = "webhooks";

    public async Task DeliverAsync(Guid townId, Guid deliveryId, int attemptsBefore, CancellationToken cancellationToken)
    {
        var town = registry.FindById(townId) ?? throw new TownUnavailableException($"Commune {townId} inconnue : envoi refusé.");
        if (!town.IsServable)
            throw new TownUnavailableException($"Commune {town.Slug} non active ({town.Status}) : envoi refusé, à relancer après réactivation.");
        tenant.Set(town);
        var db = services.GetRequiredService<TenantDbContext>();

        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null || delivery.Status != WebhookDeliveryStatus.Pending || delivery.Attempts != attemptsBefore)
            return;
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);

        var started = clock.GetTimestamp();
        int? statusCode = null;
        string? error = null;
        if (!subscription.IsActive)
            error = "Abonnement désactivé.";
        else if (WebhookTargets.Check(subscription.Url, options.AllowPrivateNetworks) is { } refused)
            error = refused;
        else
        {
            try
            {
                (statusCode, error) = await PostAsync(subscription, delivery, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException)
            {
                error = e is TaskCanceledException ? $"Pas de réponse en {options.TimeoutSeconds} s." : e.Message;
            }
        }
        var now = clock.GetUtcNow();
        var delivered = error is null;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = statusCode;
        delivery.LastError = error is { Length: > 500 } ? error[..500] : error;
        delivery.NextAttemptAt = null;
        if (delivered)
            delivery.Status = WebhookDeliveryStatus.Delivered;
        else if (subscription.IsActive && delivery.Attempts <= options.RetryDelaysSeconds.Length)
        {
            var delay = TimeSpan.FromSeconds(options.RetryDelaysSeconds[delivery.Attempts - 1]);
            delivery.NextAttemptAt = now + delay;
            // Scheduled before the attempt is saved: if the save fails, this job is retried and the scheduled one, stale, does nothing.
            var attempts = delivery.Attempts;
            jobs.Schedule<WebhookJobs>(j => j.DeliverAsync(townId, deliveryId, attempts, CancellationToken.None), delay);
        }
        else
            delivery.Status = WebhookDeliveryStatus.Failed;
        // Added to the context itself: a new row with its key already set, not a change to an existing one.
        db.Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(), DeliveryId = delivery.Id, Number = delivery.Attempts, At = now, StatusCode = statusCode,
            DurationMs = (int)clock.GetElapsedTime(started).TotalMilliseconds, Error = delivery.LastError, NextAttemptAt = delivery.NextAttemptAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (!delivered)
            log.LogInformation("Webhook {Delivery} de {Town} : tentative {Attempt} en échec ({Error}).", deliveryId, town.Slug, delivery.Attempts, error);
    }

    private async Task<(int? StatusCode, string? Error)> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var secret = protection.CreateProtector(WebhookSecrets.Purpose).Unprotect(subscription.ProtectedSecret);
        using var message = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, clock.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
        message.Headers.Add(WebhookSignature.EventHeader, delivery.EventType);
        message.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        using var response = await http.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var code = (int)response.StatusCode;
        return (code, response.IsSuccessStatusCode ? null : $"Réponse HTTP {code}.");
    }
}

/// <summary>The signing secrets are kept protected by Data Protection (keys in the platform schema), never in clear.</summary>
public static class WebhookSecrets
{
    public const string Purpose = "grc.webhooks.secret";
}
