using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// Keeps the local copy of a town's invoices from Stripe's invoice objects, whatever order they come
/// in: an object never moves an invoice back (a late "finalized" after "paid" changes nothing).
/// </summary>
public sealed class InvoiceMirror(PlatformDbContext db, BillingClock clock)
{
    public async Task<BillingInvoice> UpsertAsync(Guid tenantId, Invoice invoice, CancellationToken cancellationToken)
    {
        // The start, a sync and webhooks may see the same new invoice at once: the first insert wins, the
        // others wait for it on the key, then update the row they lock (the caller holds a transaction).
        var created = new DateTimeOffset(DateTime.SpecifyKind(invoice.Created, DateTimeKind.Utc));
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO platform.billing_invoices (stripe_invoice_id, tenant_id, status, total_cents, amount_remaining_cents, paid_out_of_band, created_at, updated_at) VALUES ({invoice.Id}, {tenantId}, {invoice.Status ?? "draft"}, {invoice.Total}, {invoice.AmountRemaining}, false, {created}, {clock.Now}) ON CONFLICT (stripe_invoice_id) DO NOTHING",
            cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM platform.billing_invoices WHERE stripe_invoice_id = {invoice.Id} FOR UPDATE", cancellationToken);
        var row = await db.BillingInvoices.SingleAsync(i => i.StripeInvoiceId == invoice.Id, cancellationToken);
        await db.Entry(row).ReloadAsync(cancellationToken);
        if (Rank(invoice.Status) < Rank(row.Status))
            return row; // an older picture of the invoice: what we hold is newer
        var periods = invoice.Lines?.Data?.Where(l => l.Period is not null && l.Period.End > l.Period.Start).Select(l => l.Period).ToList() ?? [];
        row.Status = invoice.Status ?? row.Status;
        row.Number = invoice.Number ?? row.Number;
        row.TotalCents = invoice.Total;
        row.AmountRemainingCents = invoice.AmountRemaining;
        row.DueDate = invoice.DueDate is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : row.DueDate;
        row.PeriodStart = periods.Count > 0 ? Utc(periods.Min(p => p.Start)) : row.PeriodStart ?? Utc(invoice.PeriodStart);
        row.PeriodEnd = periods.Count > 0 ? Utc(periods.Max(p => p.End)) : row.PeriodEnd ?? Utc(invoice.PeriodEnd);
        row.PaidAt = invoice.StatusTransitions?.PaidAt is { } paid ? Utc(paid) : row.PaidAt;
        row.PdfUrl = invoice.InvoicePdf ?? row.PdfUrl;
        row.HostedUrl = invoice.HostedInvoiceUrl ?? row.HostedUrl;
        row.UpdatedAt = clock.Now;
        return row;
    }

    /// <summary>draft → open → paid, void or uncollectible (which can still be paid).</summary>
    private static int Rank(string? status) => status switch
    {
        "draft" => 0,
        "open" => 1,
        "uncollectible" => 2,
        "paid" or "void" => 3,
        _ => -1,
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
