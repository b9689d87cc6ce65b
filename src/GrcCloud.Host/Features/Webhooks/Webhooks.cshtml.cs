using GrcCloud.Data.Towns;
using GrcCloud.Data.Towns.Webhooks;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Webhooks;

/// <summary>
/// The supervisor subscribes the town's integrations to request events (<c>/agents/integrations/webhooks</c>), sees the
/// latest deliveries of each subscription with their status, and sends one again.
/// </summary>
[Authorize(Policy = IdentitySetup.SupervisorPolicy)]
public sealed class WebhooksModel(TenantDbContext db, TenantContext tenant, WebhookOptions options, IDataProtectionProvider protection,
    IBackgroundJobClient jobs, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int ShownDeliveries = 10;

    public sealed record SubscriptionView(WebhookSubscription Subscription, IReadOnlyList<WebhookDelivery> Deliveries);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public List<string> EventTypes { get; set; } = [.. WebhookEvents.All.Select(e => e.Type)];

    public IReadOnlyList<SubscriptionView> Subscriptions { get; private set; } = [];
    public string? CreatedSecret { get; private set; }
    public string? Done { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
            ModelState.AddModelError(nameof(Name), "Indiquez le nom du logiciel qui reçoit les événements (100 caractères au plus).");
        if (WebhookTargets.Check(Address, options.AllowPrivateNetworks) is { } refused)
            ModelState.AddModelError(nameof(Address), refused);
        if (EventTypes.Count == 0 || EventTypes.Any(t => !WebhookEvents.IsKnown(t)))
            ModelState.AddModelError(nameof(EventTypes), "Cochez au moins un des événements proposés.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        CreatedSecret = WebhookSignature.NewSecret();
        db.WebhookSubscriptions.Add(new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), Name = Name!.Trim(), Url = Address!.Trim(), EventTypes = [.. EventTypes.Distinct()],
            ProtectedSecret = protection.CreateProtector(WebhookSecrets.Purpose).Protect(CreatedSecret), CreatedAt = clock.GetUtcNow(),
        });
        audit.Record(User, AuditAction.WebhookSubscribed, Address!.Trim(), string.Join(", ", EventTypes));
        await db.SaveChangesAsync(cancellationToken);
        Done = $"Abonnement créé pour {Address!.Trim()}.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>A delivered or failed delivery goes out again, with a fresh signature, as a new attempt.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
            return NotFound();
        if (delivery.Status != WebhookDeliveryStatus.Pending)
        {
            delivery.Status = WebhookDeliveryStatus.Pending;
            delivery.NextAttemptAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            var (town, id, attempts) = (tenant.Required.Id, delivery.Id, delivery.Attempts);
            jobs.Enqueue<WebhookJobs>(j => j.DeliverAsync(town, id, attempts, CancellationToken.None));
        }
        TempData["webhooks.done"] = "Envoi relancé : son résultat s'affiche ci-dessous dans quelques secondes.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
            return NotFound();
        db.WebhookSubscriptions.Remove(subscription);
        audit.Record(User, AuditAction.WebhookDeleted, subscription.Url);
        await db.SaveChangesAsync(cancellationToken);
        TempData["webhooks.done"] = $"Abonnement supprimé : {subscription.Url}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Done ??= TempData["webhooks.done"] as string;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<SubscriptionView>();
        foreach (var subscription in subscriptions)
            views.Add(new SubscriptionView(subscription, await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id)
                .OrderByDescending(d => d.CreatedAt).Take(ShownDeliveries).ToListAsync(cancellationToken)));
        Subscriptions = views;
    }

    public static string StatusLabel(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Delivered => "Remis",
        WebhookDeliveryStatus.Failed => "Échec",
        _ => "En attente",
    };

    public static string When(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, Shared.ParisTime.Zone).ToString("d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) : "—";
}
